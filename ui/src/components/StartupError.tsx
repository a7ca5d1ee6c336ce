import { Alert, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useAppStatus } from '../queries';

/**
 * The backend keeps running when the database cannot be opened (e.g. written by a
 * newer version), so the UI explains that on every page instead of failing blankly.
 */
export function StartupError() {
  const { data } = useAppStatus();
  const error = data?.startupError;
  if (!error) return null;
  return (
    <Alert
      color="red"
      variant="filled"
      title="Platform Builder could not open its database"
      icon={<IconAlertTriangle />}
      mb="md"
      data-testid="startup-error"
      data-code={error.code}
    >
      <Text size="sm">{error.message}</Text>
      {error.details?.remediation && <Text size="sm">{error.details.remediation}</Text>}
    </Alert>
  );
}

import { Alert, Button, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { IpcFailure } from '../ipc';

/** A list that failed to load stays visible as an explanation, not a passing toast. */
export function QueryError({ title, error, onRetry }: { title: string; error: IpcFailure; onRetry?: () => void }) {
  return (
    <Alert color="red" title={title} icon={<IconAlertTriangle />} data-testid="query-error">
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{error.message}</Text>
        {error.remediation && (
          <Text size="sm" c="dimmed">
            {error.remediation}
          </Text>
        )}
        {onRetry && (
          <Button size="xs" variant="light" color="red" onClick={onRetry}>
            Try again
          </Button>
        )}
      </Stack>
    </Alert>
  );
}

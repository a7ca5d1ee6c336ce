import { Alert, Badge, Group, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { ConnectionTest } from '../../bindings/ConnectionTest';
import type { IpcFailure } from '../../ipc';
import { statusColor } from '../validation/format';
import { StageList } from '../validation/StageList';

export const NO_STORED_SECRET_HINT = 'Save the instance and set its credential, then test again.';

interface DraftTestResultProps {
  test: ConnectionTest | undefined;
  /** A failure whose field errors are shown under the inputs is not repeated here. */
  failure: IpcFailure | null;
  /** A new instance has no stored secret for the backend to use. */
  newInstance: boolean;
}

/** The outcome of testing an instance form's unsaved values, shown under the form. */
export function DraftTestResult({ test, failure, newInstance }: DraftTestResultProps) {
  if (failure && !failure.belongsToForm) {
    return (
      <Alert
        color="red"
        icon={<IconAlertTriangle />}
        title="The connection test could not run"
        data-testid="instance-form-test-error"
      >
        <Text size="sm">{failure.message}</Text>
        {failure.remediation && (
          <Text size="sm" c="dimmed">
            {failure.remediation}
          </Text>
        )}
      </Alert>
    );
  }
  if (!test) return null;
  const authFailed = test.stages.some((s) => s.name === 'auth' && s.status === 'failed');
  return (
    <Stack gap="xs" data-testid="instance-form-test-result">
      <Group gap="xs">
        <Text size="sm" fw={500}>
          Connection test of the values above (not saved)
        </Text>
        <Badge color={statusColor(test.status)} variant="light" tt="none" data-testid="instance-form-test-status">
          {test.status}
        </Badge>
      </Group>
      {newInstance && authFailed && (
        <Text size="sm" c="dimmed" data-testid="instance-form-test-hint">
          {NO_STORED_SECRET_HINT}
        </Text>
      )}
      <StageList test={test} />
    </Stack>
  );
}

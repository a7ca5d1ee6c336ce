import { Alert, Badge, Card, CloseButton, Group, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { ConnectionTest } from '../../bindings/ConnectionTest';
import type { IpcFailure } from '../../ipc';
import { outcomeLabel } from '../platforms/InstanceStatus';
import { statusColor } from '../validation/format';
import { StageList } from '../validation/StageList';

interface TestNowResultProps {
  test: ConnectionTest | undefined;
  failure: IpcFailure | null;
  onDismiss: () => void;
}

/** The stages of the connection test just run (it is in the history too). */
export function TestNowResult({ test, failure, onDismiss }: TestNowResultProps) {
  if (failure) {
    return (
      <Alert
        color="red"
        icon={<IconAlertTriangle />}
        title="The connection test could not run"
        withCloseButton
        closeButtonLabel="Dismiss"
        onClose={onDismiss}
        data-testid="test-now-error"
      >
        <Text size="sm">
          {failure.message} ({failure.code})
        </Text>
        {failure.remediation && (
          <Text size="sm" c="dimmed">
            {failure.remediation}
          </Text>
        )}
      </Alert>
    );
  }
  if (!test) return null;
  return (
    <Card withBorder radius="md" data-testid="test-now-result">
      <Stack gap="sm">
        <Group justify="space-between">
          <Group gap="xs">
            <Title order={4}>Connection test</Title>
            <Badge color={statusColor(test.status)} variant="light" tt="none" data-testid="test-now-status">
              {outcomeLabel(test.status)}
            </Badge>
          </Group>
          <CloseButton aria-label="Dismiss the connection test result" onClick={onDismiss} />
        </Group>
        <StageList test={test} />
      </Stack>
    </Card>
  );
}

import { useState } from 'react';
import { Alert, Badge, Button, Divider, Drawer, Group, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconPlayerPlay, IconPlayerStop, IconPlugConnected } from '@tabler/icons-react';
import type { Instance } from '../../bindings/Instance';
import type { IpcFailure } from '../../ipc';
import { useTestConnection } from '../../validationQueries';
import { statusColor } from './format';
import { HistoryList } from './HistoryList';
import { RunSummary } from './RunSummary';
import { StageList } from './StageList';
import { StepTimeline } from './StepTimeline';
import { TestRunDetail } from './TestRunDetail';
import { useValidationRun } from './useValidationRun';

interface ValidationDrawerProps {
  instance: Instance | null;
  onClose: () => void;
}

export function ValidationDrawer({ instance, onClose }: ValidationDrawerProps) {
  const [busy, setBusy] = useState(false);
  return (
    <Drawer
      opened={instance !== null}
      // While a run is in progress its steps arrive only in this view; closing it
      // would lose the live timeline (and the leftovers to remove by hand). Cancel
      // stops the run instead.
      onClose={() => {
        if (!busy) onClose();
      }}
      closeOnClickOutside={!busy}
      closeOnEscape={!busy}
      position="right"
      size="xl"
      title={instance ? `Validate ${instance.name}` : ''}
      styles={{ title: { overflowWrap: 'anywhere', minWidth: 0 } }}
      data-testid="validation-drawer"
    >
      {/* Mounted only while open: the next instance starts with a clean slate. */}
      {instance && <ValidationPanel key={instance.id} instance={instance} onBusyChange={setBusy} />}
    </Drawer>
  );
}

function FailureAlert({ title, failure }: { title: string; failure: IpcFailure }) {
  return (
    <Alert color="red" icon={<IconAlertTriangle />} title={title} data-testid="validation-error">
      <Text size="sm">{failure.message}</Text>
      {failure.remediation && (
        <Text size="sm" c="dimmed">
          {failure.remediation}
        </Text>
      )}
    </Alert>
  );
}

function ValidationPanel({ instance, onBusyChange }: { instance: Instance; onBusyChange: (busy: boolean) => void }) {
  const run = useValidationRun(instance.id);
  const connection = useTestConnection(instance.id);
  const [selected, setSelected] = useState<string | null>(null);

  const start = async () => {
    onBusyChange(true);
    try {
      await run.start();
    } finally {
      onBusyChange(false);
    }
  };

  return (
    <Stack>
      <Text size="sm" c="dimmed">
        The suite creates a throw-away tenant named by the platform&apos;s naming convention, adds a user by the role
        mapping, sets each quota, then removes everything again. Whatever cannot be removed is listed, so it can be
        deleted by hand.
      </Text>
      <Group gap="xs">
        <Button
          leftSection={<IconPlayerPlay size={16} />}
          onClick={() => void start()}
          loading={run.running}
          disabled={connection.isPending}
          data-testid="validation-run"
        >
          Run validation suite
        </Button>
        {run.running && (
          <Button
            color="red"
            variant="light"
            leftSection={<IconPlayerStop size={16} />}
            onClick={() => void run.cancel()}
            loading={run.cancelling}
            data-testid="validation-cancel"
          >
            Cancel
          </Button>
        )}
        <Button
          variant="default"
          leftSection={<IconPlugConnected size={16} />}
          onClick={() => connection.mutate()}
          loading={connection.isPending}
          disabled={run.running}
          data-testid="connection-test"
        >
          Test connection
        </Button>
      </Group>

      {run.running && (
        <Text size="sm" c="dimmed" data-testid="validation-running">
          {run.cancelling
            ? 'Cancelling: the run stops at the next step, then cleans up.'
            : 'Running. Cleanup always runs, also after a failure or a cancel.'}
        </Text>
      )}
      {run.error && <FailureAlert title="The validation could not run" failure={run.error} />}
      {run.result && <RunSummary run={run.result.run} />}
      <StepTimeline key={`timeline-${run.result?.record.id ?? 'live'}`} steps={run.steps} />

      {connection.isError && <FailureAlert title="The connection test could not run" failure={connection.error} />}
      {connection.data && (
        <Stack gap="xs" data-testid="connection-result">
          <Group gap="xs">
            <Title order={5}>Connection test</Title>
            <Badge
              color={statusColor(connection.data.status)}
              variant="light"
              tt="none"
              data-testid="connection-status"
            >
              {connection.data.status}
            </Badge>
          </Group>
          <StageList test={connection.data} />
        </Stack>
      )}

      <Divider />
      <Title order={4}>History</Title>
      <HistoryList instanceId={instance.id} selected={selected} onSelect={setSelected} />
      {selected && <TestRunDetail key={`detail-${selected}`} id={selected} />}
    </Stack>
  );
}

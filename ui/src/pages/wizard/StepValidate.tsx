import { useEffect } from 'react';
import { Alert, Badge, Button, Group, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconPlayerPlay, IconPlayerStop } from '@tabler/icons-react';
import type { Instance } from '../../bindings/Instance';
import { statusColor } from '../validation/format';
import { RunSummary } from '../validation/RunSummary';
import { StepTimeline } from '../validation/StepTimeline';
import { useValidationRun } from '../validation/useValidationRun';
import type { WizardData } from './wizardModel';

interface StepValidateProps {
  data: WizardData;
  update: (patch: Partial<WizardData>) => void;
  setBusy: (busy: boolean) => void;
  /** The instance saved in the Connection step. */
  instance: Instance | null;
}

/** Step 7: the validation suite against the first instance, with its live timeline. */
export function StepValidate({ data, update, setBusy, instance }: StepValidateProps) {
  if (!instance) {
    return (
      <Text size="sm" c="dimmed">
        The suite runs against the instance saved in the Connection step; go back and save it first.
      </Text>
    );
  }
  return (
    <ValidationPanel
      key={instance.id}
      instance={instance}
      previous={data.validation}
      update={update}
      setBusy={setBusy}
    />
  );
}

interface ValidationPanelProps {
  instance: Instance;
  previous: WizardData['validation'];
  update: (patch: Partial<WizardData>) => void;
  setBusy: (busy: boolean) => void;
}

function ValidationPanel({ instance, previous, update, setBusy }: ValidationPanelProps) {
  const run = useValidationRun(instance.id);

  // The review warns when no run passed, so the outcome is kept with the draft.
  useEffect(() => {
    if (run.result) update({ validation: { status: run.result.run.status, summary: run.result.record.summary } });
  }, [run.result, update]);

  const start = async () => {
    setBusy(true);
    try {
      await run.start();
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack>
      <Text size="sm">
        Runs against <b>{instance.name}</b> ({instance.endpoint}). A failed step shows the requests and responses that
        caused it.
      </Text>
      <Group gap="xs">
        <Button
          leftSection={<IconPlayerPlay size={16} />}
          onClick={() => void start()}
          loading={run.running}
          data-testid="validation-run"
        >
          {previous || run.result ? 'Run the validation suite again' : 'Run validation suite'}
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
      </Group>
      {run.running && (
        <Text size="sm" c="dimmed" data-testid="validation-running">
          {run.cancelling
            ? 'Cancelling: the run stops at the next step, then cleans up.'
            : 'Running. Cleanup always runs, also after a failure or a cancel.'}
        </Text>
      )}
      {!run.running && !run.result && previous && (
        <Group gap="xs" data-testid="validation-previous">
          <Text size="sm">Last run in this wizard:</Text>
          <Badge color={statusColor(previous.status)} variant="light" tt="none">
            {previous.status}
          </Badge>
          <Text size="sm" c="dimmed">
            {previous.summary}
          </Text>
        </Group>
      )}
      {run.error && (
        <Alert
          color="red"
          icon={<IconAlertTriangle />}
          title="The validation could not run"
          data-testid="validation-error"
        >
          <Text size="sm">{run.error.message}</Text>
          {run.error.remediation && (
            <Text size="sm" c="dimmed">
              {run.error.remediation}
            </Text>
          )}
        </Alert>
      )}
      {run.result && <RunSummary run={run.result.run} />}
      <StepTimeline key={`timeline-${run.result?.record.id ?? 'live'}`} steps={run.steps} />
    </Stack>
  );
}

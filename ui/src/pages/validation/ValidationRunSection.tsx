import type { ReactNode } from 'react';
import { Button, Group, Text } from '@mantine/core';
import { IconPlayerPlay, IconPlayerStop } from '@tabler/icons-react';
import { FailureAlert } from '../../components/FailureAlert';
import { RunSummary } from './RunSummary';
import { StepTimeline } from './StepTimeline';
import type { useValidationRun } from './useValidationRun';

interface ValidationRunSectionProps {
  run: ReturnType<typeof useValidationRun>;
  /** True while the run is in progress, so the surrounding view can keep itself open. */
  onBusyChange: (busy: boolean) => void;
  runLabel?: string;
  runDisabled?: boolean;
  /** More buttons after Run and Cancel. */
  actions?: ReactNode;
  /** Shown between the progress note and the outcome. */
  children?: ReactNode;
  /** The landing zone the run's tenant is created from (null: the quota defaults). */
  landingZone?: string | null;
}

/**
 * Run and Cancel of the validation suite, with its progress, outcome and live
 * timeline. Rendered into the caller's Stack.
 */
export function ValidationRunSection({
  run,
  onBusyChange,
  runLabel = 'Run validation suite',
  runDisabled = false,
  actions,
  children,
  landingZone = null,
}: ValidationRunSectionProps) {
  const start = async () => {
    onBusyChange(true);
    try {
      await run.start(landingZone);
    } finally {
      onBusyChange(false);
    }
  };

  return (
    <>
      <Group gap="xs">
        <Button
          leftSection={<IconPlayerPlay size={16} />}
          onClick={() => void start()}
          loading={run.running}
          disabled={runDisabled}
          data-testid="validation-run"
        >
          {runLabel}
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
        {actions}
      </Group>
      {run.running && (
        <Text size="sm" c="dimmed" data-testid="validation-running">
          {run.cancelling
            ? 'Cancelling: the run stops at the next step, then cleans up.'
            : 'Running. Cleanup always runs, also after a failure or a cancel.'}
        </Text>
      )}
      {children}
      {run.error && (
        <FailureAlert title="The validation could not run" failure={run.error} data-testid="validation-error" />
      )}
      {run.result && <RunSummary run={run.result.run} />}
      <StepTimeline key={`timeline-${run.result?.record.id ?? 'live'}`} steps={run.steps} />
    </>
  );
}

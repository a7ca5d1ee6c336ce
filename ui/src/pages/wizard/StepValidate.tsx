import { useEffect } from 'react';
import { Badge, Group, Stack, Text } from '@mantine/core';
import type { Instance } from '../../bindings/Instance';
import { statusColor } from '../validation/format';
import { useValidationRun } from '../validation/useValidationRun';
import { ValidationRunSection } from '../validation/ValidationRunSection';
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

  return (
    <Stack>
      <Text size="sm">
        Runs against <b>{instance.name}</b> ({instance.endpoint}). A failed step shows the requests and responses that
        caused it.
      </Text>
      <ValidationRunSection
        run={run}
        onBusyChange={setBusy}
        runLabel={previous || run.result ? 'Run the validation suite again' : 'Run validation suite'}
      >
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
      </ValidationRunSection>
    </Stack>
  );
}

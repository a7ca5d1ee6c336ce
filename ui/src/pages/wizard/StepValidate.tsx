import { useEffect, useState } from 'react';
import { Button, Select, Stack, Text } from '@mantine/core';
import { IconPlugConnected } from '@tabler/icons-react';
import type { Instance } from '../../bindings/Instance';
import { useTestRuns } from '../../validationQueries';
import { ConnectionTestResult } from '../validation/ConnectionTestResult';
import { LastValidationRun } from '../validation/LastValidationRun';
import { useValidationRun } from '../validation/useValidationRun';
import { ValidationRunSection } from '../validation/ValidationRunSection';
import { ConnectionTestRunning } from './ConnectionTestRunning';
import { useInstanceTest } from './useInstanceTest';
import type { TestNote, ValidationNote, WizardData } from './wizardModel';

type Update = (patch: Partial<WizardData> | ((d: WizardData) => Partial<WizardData>)) => void;

interface StepValidateProps {
  data: WizardData;
  update: Update;
  setBusy: (busy: boolean) => void;
  /** The instance saved in the Connection step. */
  instance: Instance | null;
  /** Every instance of the platform, so an instance added later can be validated too. */
  instances?: Instance[];
}

/** Step 8: the validation suite against an instance (the first by default), with its live timeline. */
export function StepValidate({ data, update, setBusy, instance, instances = [] }: StepValidateProps) {
  const [chosenId, setChosenId] = useState<string | null>(data.validation?.instanceId ?? null);
  const [busy, setLocalBusy] = useState(false);
  const target = instances.find((i) => i.id === chosenId) ?? instance;
  if (!target) {
    return (
      <Text size="sm" c="dimmed">
        The suite runs against the instance saved in the Connection step; go back and save it first.
      </Text>
    );
  }
  const onBusy = (value: boolean) => {
    setLocalBusy(value);
    setBusy(value);
  };
  // The wizard's note of the last run counts only for the instance it ran against.
  const previous = data.validation;
  const note =
    previous && (previous.instanceId ?? data.instanceId) === target.id ? previous : null;
  return (
    <Stack>
      {instances.length > 1 && (
        <Select
          label="Instance to validate"
          description="The suite provisions a throw-away tenant on the chosen instance and always cleans up."
          data={instances.map((i) => ({ value: i.id, label: `${i.name} (${i.environment})` }))}
          value={target.id}
          onChange={(value) => value && setChosenId(value)}
          allowDeselect={false}
          disabled={busy}
          maw={420}
          data-testid="validate-instance"
        />
      )}
      <ValidationPanel key={target.id} instance={target} note={note} update={update} setBusy={onBusy} />
    </Stack>
  );
}

interface ValidationPanelProps {
  instance: Instance;
  note: ValidationNote | null;
  update: Update;
  setBusy: (busy: boolean) => void;
}

function ValidationPanel({ instance, note, update, setBusy }: ValidationPanelProps) {
  const run = useValidationRun(instance.id);
  const history = useTestRuns(instance.id);
  const last = history.data?.find((r) => r.kind === 'validation');
  const recordTest = (instanceId: string, testNote: TestNote) =>
    update((d) => ({ tests: { ...d.tests, [instanceId]: testNote } }));
  const tester = useInstanceTest(recordTest, setBusy);

  // The outcome goes with the draft, naming the instance, so the review and a later
  // visit of this step can tell what ran where even when the history cannot.
  useEffect(() => {
    if (!run.result) return;
    const { record } = run.result;
    update({
      validation: {
        status: run.result.run.status,
        summary: record.summary,
        instanceId: record.instanceId || instance.id,
        startedAt: record.startedAt,
      },
    });
  }, [run.result, update, instance.id]);

  const hasPrevious = Boolean(last ?? note);
  const testing = tester.running !== null;
  return (
    <Stack>
      <Text size="sm">
        Runs against <b>{instance.name}</b> ({instance.endpoint}). Every step that sent requests can be opened to
        inspect them and their responses, with secrets redacted.
      </Text>
      <ValidationRunSection
        run={run}
        onBusyChange={setBusy}
        runLabel={hasPrevious || run.result ? 'Run the validation suite again' : 'Run validation suite'}
        runDisabled={testing}
        actions={
          <Button
            variant="default"
            leftSection={<IconPlugConnected size={16} />}
            onClick={() => void tester.run(() => Promise.resolve(instance))}
            loading={testing}
            disabled={run.running}
            data-testid="validate-connection-test"
          >
            Test connection
          </Button>
        }
      >
        {testing && <ConnectionTestRunning live={tester.live} />}
        <ConnectionTestResult test={tester.test} failure={tester.failure} testId="connection" withCertificate />
        {!run.running && !run.result && (
          <LastValidationRun
            record={last}
            loading={history.isPending}
            fallback={note ? { status: note.status, summary: note.summary, startedAt: note.startedAt } : null}
          />
        )}
      </ValidationRunSection>
    </Stack>
  );
}

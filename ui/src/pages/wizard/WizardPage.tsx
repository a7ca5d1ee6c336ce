import { useCallback, useEffect, useRef, useState } from 'react';
import { Button, Divider, Grid, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { QueryError } from '../../components/QueryError';
import { ipc, toIpcFailure, type IpcFailure } from '../../ipc';
import { registryIpc } from '../../ipcRegistry';
import { notifyFailure, notifySuccess } from '../../notify';
import { queryKeys, usePlatformTypes } from '../../queries';
import { useTagDefinitions } from '../settings/TagDefinitionsCard';
import { PlatformTypeScope } from '../types/platformTypeScope';
import { platformInput, stepBlocker } from './stepRules';
import { useDraftAutosave, wizardDraftsKey } from './useDraftAutosave';
import { useWizardStart, type WizardStart } from './useWizardStart';
import { WizardHeader, WizardNav, WizardStepper } from './WizardChrome';
import { WizardStepContent, type Update } from './WizardStepContent';
import { STEP_COUNT, STEPS, stepTitle, type LeaveHandler, type WizardData } from './wizardModel';
// This view is loaded lazily, so it brings the styles the first screen does without.
import '../../components/lazyViewStyles';

export interface WizardPageProps {
  /** The draft to resume; null starts a new wizard. */
  draftId: string | null;
  /** Start the sample platform on 127.0.0.1 and pre-fill every step with it. */
  sandbox?: boolean;
  onFinished: (platformId: string) => void;
  onClose: () => void;
}

export function WizardPage({ draftId, sandbox = false, onFinished, onClose }: WizardPageProps) {
  const { start, error, retry } = useWizardStart(draftId, sandbox);
  // Taken once: later refetches (a new type, say) must not reset the wizard.
  const [frozen, setFrozen] = useState<WizardStart | null>(null);
  if (start && !frozen) setFrozen(start);
  if (frozen) return <Wizard start={frozen} onFinished={onFinished} onClose={onClose} />;
  if (error) {
    return (
      <Stack>
        <QueryError
          title={draftId ? 'Could not open the draft' : 'Could not start the sandbox platform'}
          error={error}
          onRetry={retry}
        />
        <Group>
          <Button variant="default" onClick={onClose}>
            Close
          </Button>
        </Group>
      </Stack>
    );
  }
  return (
    <Group gap="sm" data-testid="wizard-loading">
      <Loader size="sm" />
      <Text size="sm">{draftId ? 'Opening the draft…' : 'Starting the sandbox platform on 127.0.0.1…'}</Text>
    </Group>
  );
}

/** After an app restart the sandbox listens on a new port with a new key: the instance follows. */
async function reconnectSandbox(data: WizardData) {
  if (!data.instanceId) return;
  const { name, environment, endpoint } = data.connection;
  try {
    await ipc.updateInstance(data.instanceId, { name, environment, endpoint });
    await registryIpc.useSandboxCredential(data.instanceId);
  } catch (error) {
    notifyFailure(toIpcFailure(error), 'Could not point the instance at the restarted sandbox');
  }
}

interface WizardProps {
  start: WizardStart;
  onFinished: (platformId: string) => void;
  onClose: () => void;
}

function Wizard({ start, onFinished, onClose }: WizardProps) {
  const qc = useQueryClient();
  const [step, setStep] = useState(start.step);
  // A draft from before `reached` was kept has reached at least its own step.
  const [data, setData] = useState(() => ({ ...start.data, reached: Math.max(start.data.reached, start.step) }));
  /** Why the stepper could not jump ahead, until the next move. */
  const [jumpRefused, setJumpRefused] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [leaving, setLeaving] = useState(false);
  const [closing, setClosing] = useState(false);
  const [finishing, setFinishing] = useState(false);
  const [finishError, setFinishError] = useState<IpcFailure | null>(null);
  const autosave = useDraftAutosave(start.draftId, step, data);
  const leaveRef = useRef<LeaveHandler | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const shownStep = useRef(step);

  const update: Update = useCallback(
    (patch) => setData((d) => ({ ...d, ...(typeof patch === 'function' ? patch(d) : patch) })),
    [],
  );
  const setLeave = useCallback((leave: LeaveHandler | null) => {
    leaveRef.current = leave;
  }, []);

  const types = usePlatformTypes();
  const tagDefinitions = useTagDefinitions();
  const platformId = data.platformId;
  const platform = useQuery({
    queryKey: ['platform', platformId],
    queryFn: () => ipc.getPlatform(platformId ?? ''),
    enabled: platformId !== null,
  });
  const instances = useQuery({
    queryKey: queryKeys.instances(platformId ?? ''),
    queryFn: () => ipc.listInstances(platformId ?? ''),
    enabled: platformId !== null,
  });
  const type = types.data?.find((t) => t.identifier === data.typeId) ?? null;

  useEffect(() => {
    if (start.sandboxMoved) void reconnectSandbox(start.data);
  }, [start]);

  // The steps after the type were done for the type chosen then: with another
  // one they have to be gone through again, so the stepper stops here.
  const typeShown = useRef(data.typeId);
  useEffect(() => {
    if (typeShown.current === data.typeId) return;
    typeShown.current = data.typeId;
    update({ reached: step });
  }, [data.typeId, step, update]);

  // Keyboard and screen-reader users start each step at its title, not at the Next they pressed.
  useEffect(() => {
    if (shownStep.current === step) return;
    shownStep.current = step;
    headingRef.current?.focus();
  }, [step]);

  const context = { tagDefinitions: tagDefinitions.data, instanceCount: instances.data?.length, type, busy };
  const blocker = stepBlocker(step, data, context);
  const locked = busy || leaving || finishing;

  const show = (target: number) => {
    setJumpRefused(null);
    setStep(target);
    setData((d) => (target > d.reached ? { ...d, reached: target } : d));
  };

  /** Leaves the step as Next does (checked, then saved); false when it stays. */
  const leaveStep = async (): Promise<boolean> => {
    const leave = leaveRef.current;
    return !leave || (await leave());
  };

  /**
   * Back to any earlier step; ahead to any step reached before. Going ahead leaves
   * this step as Next would, and every step in between must still hold (a step
   * needs what the earlier ones saved): the first that does not is shown instead.
   */
  const goTo = async (target: number) => {
    if (locked || target === step) return;
    if (target < step) return show(target);
    if (target > data.reached) return;
    if (blocker) {
      setJumpRefused(`${stepTitle(step)} is not complete: ${blocker}`);
      return;
    }
    setLeaving(true);
    try {
      if (!(await leaveStep())) return;
      const between = Array.from({ length: target - step - 1 }, (_, i) => step + 1 + i);
      show(between.find((i) => stepBlocker(i, data, context) !== null) ?? target);
    } finally {
      setLeaving(false);
    }
  };
  const jump = (target: number) => void goTo(target);

  const next = async () => {
    setLeaving(true);
    try {
      if (await leaveStep()) show(Math.min(step + 1, STEP_COUNT - 1));
    } finally {
      setLeaving(false);
    }
  };

  const close = async () => {
    setClosing(true);
    await autosave.flush();
    onClose();
  };

  const finish = async () => {
    if (!platformId) return;
    setFinishing(true);
    setFinishError(null);
    await autosave.flush();
    await autosave.stop();
    try {
      await ipc.updatePlatform(platformId, { ...platformInput(data), status: 'active' });
    } catch (error) {
      autosave.resume();
      setFinishError(toIpcFailure(error));
      setFinishing(false);
      return;
    }
    const draftId = autosave.currentId();
    if (draftId) {
      try {
        await registryIpc.discardWizardDraft(draftId);
      } catch (error) {
        const title = 'The platform is active, but its draft could not be removed; discard it from the list';
        notifyFailure(toIpcFailure(error), title);
      }
    }
    await Promise.all([
      qc.invalidateQueries({ queryKey: queryKeys.platforms }),
      qc.invalidateQueries({ queryKey: wizardDraftsKey }),
    ]);
    notifySuccess(`Platform “${data.details.name.trim()}” is active`);
    setFinishing(false);
    onFinished(platformId);
  };

  return (
    // Test results in every step can offer to trust the chosen type's program (none chosen yet: '').
    <PlatformTypeScope value={data.typeId || null}>
      <Stack data-testid="wizard">
        <WizardHeader
          sandbox={data.sandbox}
          saveStatus={autosave.status}
          closing={closing}
          locked={locked}
          onClose={close}
        />
        <Grid>
          <Grid.Col span={{ base: 12, md: 3 }}>
            <WizardStepper
              step={step}
              reached={data.reached}
              locked={locked}
              refused={jumpRefused}
              onStepClick={jump}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 9 }}>
            <Paper withBorder p="md">
              <Stack>
                <Title
                  order={3}
                  ref={headingRef}
                  tabIndex={-1}
                  // Mantine's focus ring, so the moved focus is visible like any other.
                  className="mantine-focus-auto"
                  data-testid="wizard-step-title"
                >
                  {stepTitle(step)}
                </Title>
                <Text size="sm" c="dimmed" data-testid="wizard-step-explanation">
                  {STEPS[step].explanation}
                </Text>
                <WizardStepContent
                  step={step}
                  data={data}
                  update={update}
                  setLeave={setLeave}
                  setBusy={setBusy}
                  goTo={jump}
                  types={types.data}
                  tagDefinitions={tagDefinitions.data}
                  platform={platform.data}
                  instances={instances.data}
                  finishError={finishError}
                />
                <Divider />
                <WizardNav
                  step={step}
                  blocker={blocker}
                  locked={locked}
                  leaving={leaving}
                  finishing={finishing}
                  canFinish={platformId !== null}
                  onBack={() => jump(step - 1)}
                  onNext={next}
                  onFinish={finish}
                />
              </Stack>
            </Paper>
          </Grid.Col>
        </Grid>
      </Stack>
    </PlatformTypeScope>
  );
}

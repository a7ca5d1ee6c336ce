import { Badge, Button, Group, Stack, Stepper, Text, Title, VisuallyHidden } from '@mantine/core';
import { IconArrowLeft, IconArrowRight, IconCheck, IconFlask } from '@tabler/icons-react';
import type { SaveStatus } from './useDraftAutosave';
import { STEP_COUNT, STEPS } from './wizardModel';

// The frame around the steps: title and draft status, the stepper, Back and Next.

const SAVE_WORDING: Record<SaveStatus, string> = {
  idle: 'Changes are saved as a draft automatically',
  saving: 'Saving draft…',
  saved: 'Draft saved',
  failed: 'Draft not saved',
};

interface WizardHeaderProps {
  sandbox: boolean;
  saveStatus: SaveStatus;
  closing: boolean;
  locked: boolean;
  onClose: () => Promise<void>;
}

export function WizardHeader({ sandbox, saveStatus, closing, locked, onClose }: WizardHeaderProps) {
  return (
    <Group justify="space-between" align="flex-start">
      <Group gap="sm">
        <Title order={2}>Establish a custom platform</Title>
        {sandbox && (
          <Badge
            color="grape"
            variant="light"
            tt="none"
            leftSection={<IconFlask size={12} />}
            data-testid="wizard-sandbox-badge"
          >
            Sandbox
          </Badge>
        )}
      </Group>
      <Group gap="sm">
        <Text
          size="xs"
          c={saveStatus === 'failed' ? 'red' : 'dimmed'}
          aria-live="polite"
          data-testid="wizard-save-status"
        >
          {SAVE_WORDING[saveStatus]}
        </Text>
        <Button
          variant="default"
          onClick={() => void onClose()}
          loading={closing}
          disabled={locked}
          data-testid="wizard-close"
        >
          Close
        </Button>
      </Group>
    </Group>
  );
}

interface WizardStepperProps {
  step: number;
  /** The furthest step reached with Next: every step up to it can be opened. */
  reached: number;
  /** While something runs, leaving the step would lose it. */
  locked: boolean;
  /** Why the last jump ahead did not happen. */
  refused: string | null;
  onStepClick: (step: number) => void;
}

/**
 * Every step reached so far is a button (Tab to it, Enter or Space opens it), back
 * and forth; the steps never reached yet open with Next only.
 */
export function WizardStepper({ step, reached, locked, refused, onStepClick }: WizardStepperProps) {
  return (
    <nav aria-label="Wizard steps">
      <Stack gap="xs">
        <Stepper active={step} onStepClick={onStepClick} orientation="vertical" size="sm">
          {STEPS.map((s, i) => {
            const open = i !== step && i <= reached && !locked;
            // Done ahead of the current step (gone back to change something): shown as done.
            const doneAhead = i > step && i < reached;
            return (
              <Stepper.Step
                key={s.label}
                label={
                  <>
                    {s.label}
                    {(i < step || doneAhead) && <VisuallyHidden> (done)</VisuallyHidden>}
                  </>
                }
                description={s.description}
                icon={doneAhead ? <IconCheck size={16} /> : undefined}
                allowStepSelect={open}
                aria-disabled={!open && i !== step ? true : undefined}
                aria-current={i === step ? 'step' : undefined}
                data-testid={`wizard-step-${i + 1}`}
                data-reached={i <= reached || undefined}
              />
            );
          })}
        </Stepper>
        {refused && (
          <Text size="xs" c="orange.8" role="status" data-testid="wizard-jump-refused">
            {refused}
          </Text>
        )}
      </Stack>
    </nav>
  );
}

interface WizardNavProps {
  step: number;
  /** Why Next (or Finish) is disabled; null when the step is valid. */
  blocker: string | null;
  locked: boolean;
  leaving: boolean;
  finishing: boolean;
  canFinish: boolean;
  onBack: () => void;
  onNext: () => Promise<void>;
  onFinish: () => Promise<void>;
}

export function WizardNav(props: WizardNavProps) {
  const { step, blocker, locked, leaving, finishing } = props;
  const describedBy = blocker ? 'wizard-next-reason' : undefined;
  // One row that never wraps: Back and Next keep their size at the ends, and the
  // reason Next is disabled takes the room between them, wrapping inside it.
  return (
    <Group justify="space-between" align="center" wrap="nowrap" gap="sm" data-testid="wizard-nav">
      <Button
        variant="default"
        leftSection={<IconArrowLeft size={16} />}
        onClick={props.onBack}
        disabled={step === 0 || locked}
        style={{ flexShrink: 0 }}
        data-testid="wizard-back"
      >
        Back
      </Button>
      {blocker && (
        <Text
          size="sm"
          c="dimmed"
          ta="right"
          style={{ flex: 1, minWidth: 0 }}
          id="wizard-next-reason"
          data-testid="wizard-next-reason"
        >
          {blocker}
        </Text>
      )}
      <div style={{ flexShrink: 0 }}>
        {step === STEP_COUNT - 1 ? (
          <Button
            color="teal"
            leftSection={<IconCheck size={16} />}
            onClick={() => void props.onFinish()}
            loading={finishing}
            disabled={blocker !== null || !props.canFinish}
            aria-describedby={describedBy}
            data-testid="wizard-finish"
          >
            Finish
          </Button>
        ) : (
          <Button
            rightSection={<IconArrowRight size={16} />}
            onClick={() => void props.onNext()}
            loading={leaving}
            disabled={blocker !== null || locked}
            aria-describedby={describedBy}
            data-testid="wizard-next"
          >
            Next
          </Button>
        )}
      </div>
    </Group>
  );
}

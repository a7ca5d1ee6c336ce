import { Badge, Button, Group, Stepper, Text, Title } from '@mantine/core';
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
  /** While something runs, going back would lose it. */
  locked: boolean;
  onStepClick: (step: number) => void;
}

/** Done steps are buttons (going back); the ones ahead are reached with Next only. */
export function WizardStepper({ step, locked, onStepClick }: WizardStepperProps) {
  return (
    <nav aria-label="Wizard steps">
      <Stepper active={step} onStepClick={onStepClick} orientation="vertical" size="sm">
        {STEPS.map((s, i) => (
          <Stepper.Step
            key={s.label}
            label={s.label}
            description={s.description}
            allowStepSelect={i < step && !locked}
            aria-current={i === step ? 'step' : undefined}
            data-testid={`wizard-step-${i + 1}`}
          />
        ))}
      </Stepper>
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
  return (
    <Group justify="space-between" align="center">
      <Button
        variant="default"
        leftSection={<IconArrowLeft size={16} />}
        onClick={props.onBack}
        disabled={step === 0 || locked}
        data-testid="wizard-back"
      >
        Back
      </Button>
      <Group gap="sm" wrap="nowrap">
        {blocker && (
          <Text size="sm" c="dimmed" id="wizard-next-reason" data-testid="wizard-next-reason">
            {blocker}
          </Text>
        )}
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
      </Group>
    </Group>
  );
}

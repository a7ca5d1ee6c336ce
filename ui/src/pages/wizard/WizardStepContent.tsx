import { Alert, Loader } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import type { Instance } from '../../bindings/Instance';
import type { Platform } from '../../bindings/Platform';
import type { PlatformType } from '../../bindings/PlatformType';
import type { TagDefinition } from '../../bindings/TagDefinition';
import type { IpcFailure } from '../../ipc';
import { queryKeys } from '../../queries';
import { CustomFieldsBuilder } from '../fields/CustomFieldsBuilder';
import { IntegrationStep } from '../integration/IntegrationStep';
import { StepConnection } from './StepConnection';
import { StepDetails } from './StepDetails';
import { StepInstances } from './StepInstances';
import { StepLandingZones } from './StepLandingZones';
import { StepReview } from './StepReview';
import { StepSettings } from './StepSettings';
import { StepType } from './StepType';
import { StepValidate } from './StepValidate';
import type { LeaveHandler, WizardData } from './wizardModel';

export type Update = (patch: Partial<WizardData> | ((d: WizardData) => Partial<WizardData>)) => void;

interface WizardStepContentProps {
  step: number;
  data: WizardData;
  update: Update;
  setLeave: (leave: LeaveHandler | null) => void;
  setBusy: (busy: boolean) => void;
  goTo: (step: number) => void;
  types: PlatformType[] | undefined;
  tagDefinitions: TagDefinition[] | undefined;
  platform: Platform | undefined;
  instances: Instance[] | undefined;
  finishError: IpcFailure | null;
}

/** The active step's form; every step after the first works on the chosen type. */
export function WizardStepContent(props: WizardStepContentProps) {
  const { step, data, update, setLeave, types, instances } = props;
  switch (step) {
    case 0:
      return <StepType data={data} update={update} types={types} />;
    case 1:
      return <StepDetails data={data} update={update} setLeave={setLeave} tagDefinitions={props.tagDefinitions} />;
    case 5:
      return <StepSettings data={data} update={update} setLeave={setLeave} />;
  }
  const type = types?.find((t) => t.identifier === data.typeId);
  if (!type) return <Loader aria-label="Loading the platform type" />;
  return <TypedStep {...props} type={type} firstInstance={instances?.find((i) => i.id === data.instanceId) ?? null} />;
}

type TypedStepProps = WizardStepContentProps & { type: PlatformType; firstInstance: Instance | null };

function TypedStep({ step, data, update, setLeave, setBusy, type, firstInstance, ...props }: TypedStepProps) {
  const qc = useQueryClient();
  const refreshTypes = () => void qc.invalidateQueries({ queryKey: queryKeys.platformTypes });
  switch (step) {
    case 2:
      return (
        <StepConnection
          data={data}
          update={update}
          setLeave={setLeave}
          setBusy={setBusy}
          type={type}
          instance={firstInstance}
        />
      );
    case 3:
      return type.builtin ? (
        <Alert color="blue" variant="light" data-testid="wizard-builtin-fields">
          {type.displayName} is a built-in type: its custom fields are fixed. To define your own, go back to the first
          step and create a custom type.
        </Alert>
      ) : (
        <CustomFieldsBuilder type={type} onSaved={refreshTypes} />
      );
    case 4:
      return <IntegrationStep type={type} instance={firstInstance} />;
    case 6:
      return <StepLandingZones platform={props.platform} />;
    case 7:
      return (
        <StepValidate
          data={data}
          update={update}
          setBusy={setBusy}
          instance={firstInstance}
          instances={props.instances}
        />
      );
    case 8:
      return (
        <StepInstances
          firstInstanceId={data.instanceId}
          update={update}
          setBusy={setBusy}
          type={type}
          platform={props.platform}
          instances={props.instances}
        />
      );
    default:
      return (
        <StepReview
          data={data}
          type={type}
          instances={props.instances ?? []}
          onGoTo={props.goTo}
          finishError={props.finishError}
        />
      );
  }
}

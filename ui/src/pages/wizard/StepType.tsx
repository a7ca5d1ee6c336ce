import { useState } from 'react';
import { Alert, Button, Group, Loader, NativeSelect, Radio, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconCheck, IconPlus } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import type { PlatformType } from '../../bindings/PlatformType';
import { DescriptionField } from '../../components/DescriptionField';
import { EndpointInput } from '../../components/EndpointInput';
import { applyFieldErrors, OtherFieldErrors, withFieldError } from '../../components/FieldError';
import { ICON_LABELS, TYPE_ICONS, TypeIcon } from '../../components/TypeIcon';
import { ipc, toIpcFailure } from '../../ipc';
import { registryIpc } from '../../ipcRegistry';
import { notifyFailure, notifySuccess } from '../../notify';
import { queryKeys } from '../../queries';
import {
  optionalText,
  optionalTextMax,
  requiredText,
  typeIdentifierError,
  urlCredentialsError,
} from '../../validation';
import type { NewTypeValues, WizardData } from './wizardModel';

const ICON_OPTIONS = TYPE_ICONS.map((icon) => ({ value: icon, label: ICON_LABELS[icon] }));
const TYPE_FIELDS = new Set(['identifier', 'displayName', 'description', 'icon', 'defaultEndpoint']);

interface StepProps {
  data: WizardData;
  update: (patch: Partial<WizardData>) => void;
  types: PlatformType[] | undefined;
}

function typeOptions(types: PlatformType[]) {
  const option = (t: PlatformType) => ({ value: t.identifier, label: `${t.displayName} (${t.identifier})` });
  const builtin = types.filter((t) => t.builtin).map(option);
  const custom = types.filter((t) => !t.builtin).map(option);
  return [
    { value: '', label: 'Choose a platform type…', disabled: true },
    ...(builtin.length ? [{ group: 'Built-in', items: builtin }] : []),
    ...(custom.length ? [{ group: 'Custom', items: custom }] : []),
  ];
}

/** Step 1: a type from the catalogue, or a custom type created right here. */
export function StepType({ data, update, types }: StepProps) {
  if (!types) return <Loader aria-label="Loading platform types" />;
  const chosen = types.find((t) => t.identifier === data.typeId) ?? null;
  const created = data.createdTypeId ? types.find((t) => t.identifier === data.createdTypeId) ?? null : null;

  return (
    <Stack>
      <Radio.Group
        label="How do you want to define the platform type?"
        value={data.typeMode}
        onChange={(value) =>
          value === 'custom'
            ? update({ typeMode: 'custom', typeId: data.createdTypeId ?? data.typeId })
            : update({ typeMode: 'catalogue' })
        }
      >
        <Stack gap="xs" mt="xs">
          <Radio value="catalogue" label="Pick a type from the catalogue" data-testid="type-mode-catalogue" />
          <Radio value="custom" label="Create a custom type" data-testid="type-mode-custom" />
        </Stack>
      </Radio.Group>

      {data.typeMode === 'catalogue' ? (
        <NativeSelect
          label="Platform type"
          description="Built-in types and the custom types defined so far"
          required
          data={typeOptions(types)}
          value={data.typeId}
          onChange={(event) => update({ typeId: event.currentTarget.value })}
          leftSection={chosen ? <TypeIcon name={chosen.icon} size={16} /> : undefined}
          data-testid="wizard-type-select"
        />
      ) : created ? (
        <Alert color="teal" icon={<IconCheck size={18} />} title={`Custom type ${created.identifier} created`}>
          <Text size="sm">
            {created.displayName}. This platform will be of this type; its custom fields and connector come in the next
            steps.
          </Text>
        </Alert>
      ) : (
        <NewTypeForm data={data} update={update} />
      )}

      {chosen && data.typeMode === 'catalogue' && (
        <Text size="sm" c="dimmed" data-testid="wizard-type-chosen">
          Selected: {chosen.displayName} ({chosen.identifier}){chosen.description ? ` — ${chosen.description}` : ''}
        </Text>
      )}
    </Stack>
  );
}

/**
 * The sandbox's connector is ready-made: the preset matching the sample platform.
 * A failure leaves the type in place; the connector can be set in the Integration step.
 */
async function storeSandboxConnector(identifier: string, presetId: string) {
  try {
    const preset = (await registryIpc.listConnectorPresets()).find((p) => p.id === presetId);
    if (!preset) throw new Error(`The connector preset ${presetId} is not available.`);
    await registryIpc.setConnector(identifier, preset.definition);
  } catch (error) {
    notifyFailure(toIpcFailure(error), 'Could not store the sandbox connector; choose it in the Integration step');
  }
}

function NewTypeForm({ data, update }: Omit<StepProps, 'types'>) {
  const qc = useQueryClient();
  const [creating, setCreating] = useState(false);
  const form = useForm<NewTypeValues>({
    initialValues: data.newType,
    validate: {
      identifier: typeIdentifierError,
      displayName: requiredText('Display name', 80),
      description: optionalTextMax('Description', 2000),
      defaultEndpoint: urlCredentialsError,
    },
    // Back never loses input: what is typed lives in the wizard's state (and draft).
    onValuesChange: (values) => update({ newType: values }),
  });

  const create = async () => {
    if (form.validate().hasErrors) return;
    const values = form.getValues();
    setCreating(true);
    try {
      const type = await ipc.createPlatformType({
        identifier: values.identifier.trim(),
        displayName: values.displayName.trim(),
        description: values.description.trim(),
        icon: values.icon,
        defaultEndpoint: optionalText(values.defaultEndpoint),
      });
      await qc.invalidateQueries({ queryKey: queryKeys.platformTypes });
      update({ createdTypeId: type.identifier, typeId: type.identifier });
      notifySuccess(`Platform type ${type.identifier} created`);
      if (data.sandbox && data.sandboxPreset) await storeSandboxConnector(type.identifier, data.sandboxPreset);
    } catch (error) {
      const failure = toIpcFailure(error);
      if (failure.belongsToForm) applyFieldErrors(form, failure);
      else notifyFailure(failure, 'Could not create the platform type');
    } finally {
      setCreating(false);
    }
  };

  return (
    <Stack data-testid="wizard-new-type">
      <Group grow align="flex-start">
        <TextInput
          label="Identifier"
          description="Capital letters, digits and '-', unique"
          placeholder="K8S-PAAS"
          required
          {...withFieldError(form.getInputProps('identifier'), 'wizard-type-identifier')}
          onChange={(event) => form.setFieldValue('identifier', event.currentTarget.value.toUpperCase())}
        />
        <TextInput
          label="Display name"
          placeholder="Kubernetes PaaS"
          required
          {...withFieldError(form.getInputProps('displayName'), 'wizard-type-display-name')}
        />
      </Group>
      <DescriptionField
        label="Type description"
        placeholder="What platforms of this type are and who runs them"
        {...withFieldError(form.getInputProps('description'), 'wizard-type-description')}
        value={form.getValues().description}
      />
      <Group grow align="flex-start">
        <NativeSelect
          label="Icon"
          data={ICON_OPTIONS}
          leftSection={<TypeIcon name={form.getValues().icon} size={16} />}
          {...withFieldError(form.getInputProps('icon'), 'wizard-type-icon')}
        />
        <EndpointInput
          label="Default endpoint"
          description="Suggested API endpoint for new instances (optional)"
          placeholder="https://api.example.com"
          {...withFieldError(form.getInputProps('defaultEndpoint'), 'wizard-type-default-endpoint')}
          value={form.getValues().defaultEndpoint}
        />
      </Group>
      <OtherFieldErrors errors={form.errors} shown={(field) => TYPE_FIELDS.has(field)} />
      <Group>
        <Button
          leftSection={<IconPlus size={16} />}
          onClick={() => void create()}
          loading={creating}
          data-testid="wizard-type-create"
        >
          Create type
        </Button>
      </Group>
    </Stack>
  );
}

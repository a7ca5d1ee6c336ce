import { Button, Group, NativeSelect, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import type { PlatformType } from '../../bindings/PlatformType';
import type { PlatformTypeInput } from '../../bindings/PlatformTypeInput';
import { DescriptionField } from '../../components/DescriptionField';
import { EndpointInput } from '../../components/EndpointInput';
import { applyFieldErrors, OtherFieldErrors, withFieldError } from '../../components/FieldError';
import { FormModal, useDiscardGuard } from '../../components/FormModal';
import { ICON_LABELS, TYPE_ICONS, TypeIcon } from '../../components/TypeIcon';
import { useCreatePlatformType, useUpdatePlatformType } from '../../queries';
import {
  DESCRIPTION_MAX,
  optionalText,
  optionalTextMax,
  requiredText,
  typeIdentifierError,
  urlCredentialsError,
} from '../../validation';

interface TypeFormValues {
  identifier: string;
  displayName: string;
  description: string;
  icon: string;
  defaultEndpoint: string;
}

const FORM_FIELDS = new Set(['identifier', 'displayName', 'description', 'icon', 'defaultEndpoint']);
const ICON_OPTIONS = TYPE_ICONS.map((icon) => ({ value: icon, label: ICON_LABELS[icon] }));

interface TypeFormModalProps {
  opened: boolean;
  /** The custom type being edited; null to create a new one. */
  editing: PlatformType | null;
  onClose: () => void;
  /** Called with a newly created type, so the page can point it out. */
  onCreated?: (type: PlatformType) => void;
}

export function TypeFormModal({ opened, editing, onClose, onCreated }: TypeFormModalProps) {
  return (
    <FormModal
      opened={opened}
      onClose={onClose}
      title={editing ? `Edit platform type ${editing.identifier}` : 'New platform type'}
      size="lg"
    >
      {/* Mounted only while open, so every opening starts from fresh values. */}
      <TypeForm editing={editing} onDone={onClose} onCreated={onCreated} />
    </FormModal>
  );
}

interface TypeFormProps {
  editing: PlatformType | null;
  onDone: () => void;
  onCreated?: (type: PlatformType) => void;
}

function TypeForm({ editing, onDone, onCreated }: TypeFormProps) {
  const create = useCreatePlatformType();
  const update = useUpdatePlatformType();
  const saving = create.isPending || update.isPending;

  const form = useForm<TypeFormValues>({
    initialValues: {
      identifier: editing?.identifier ?? '',
      displayName: editing?.displayName ?? '',
      description: editing?.description ?? '',
      icon: editing?.icon ?? 'box',
      defaultEndpoint: editing?.defaultEndpoint ?? '',
    },
    validate: {
      identifier: typeIdentifierError,
      displayName: requiredText('Display name', 80),
      description: optionalTextMax('Description', DESCRIPTION_MAX),
      defaultEndpoint: urlCredentialsError,
    },
    // A secret typed into the URL is pointed out at once, before it is saved anywhere.
    validateInputOnChange: ['defaultEndpoint'],
  });
  const cancel = useDiscardGuard(form.isDirty, onDone);

  const submit = async (values: TypeFormValues) => {
    const input: PlatformTypeInput = {
      identifier: values.identifier.trim(),
      displayName: values.displayName.trim(),
      description: values.description.trim(),
      icon: values.icon,
      defaultEndpoint: optionalText(values.defaultEndpoint),
    };
    try {
      if (editing) {
        await update.mutateAsync(input);
      } else {
        onCreated?.(await create.mutateAsync(input));
      }
      onDone();
    } catch (error) {
      applyFieldErrors(form, error);
    }
  };

  const identifierProps = form.getInputProps('identifier');
  return (
    <form onSubmit={form.onSubmit(submit)} noValidate>
      <Stack>
        <TextInput
          label="Identifier"
          description="Capital letters, digits and '-'"
          placeholder="K8S-PAAS"
          required
          readOnly={editing !== null}
          disabled={editing !== null}
          // The identifier cannot change once created; editing starts at the name.
          data-autofocus={editing === null || undefined}
          {...withFieldError(identifierProps, 'type-identifier')}
          // Identifiers are upper case by rule, so typing never needs the shift key.
          onChange={(event) => form.setFieldValue('identifier', event.currentTarget.value.toUpperCase())}
        />
        <TextInput
          label="Display name"
          placeholder="Kubernetes PaaS"
          required
          data-autofocus={editing !== null || undefined}
          {...withFieldError(form.getInputProps('displayName'), 'type-display-name')}
        />
        <DescriptionField
          label="Description"
          placeholder="What platforms of this type are and who runs them"
          {...withFieldError(form.getInputProps('description'), 'type-description')}
          value={form.getValues().description}
        />
        <NativeSelect
          label="Icon"
          data={ICON_OPTIONS}
          leftSection={<TypeIcon name={form.getValues().icon} size={16} />}
          {...withFieldError(form.getInputProps('icon'), 'type-icon')}
        />
        <EndpointInput
          label="Default endpoint"
          description="Suggested API endpoint for new instances of this type (optional)"
          placeholder="https://api.example.com"
          {...withFieldError(form.getInputProps('defaultEndpoint'), 'type-default-endpoint')}
          value={form.getValues().defaultEndpoint}
        />
        <OtherFieldErrors errors={form.errors} shown={(field) => FORM_FIELDS.has(field)} />
        <Group justify="flex-end">
          <Button variant="default" onClick={cancel} disabled={saving}>
            Cancel
          </Button>
          <Button type="submit" loading={saving} data-testid="type-save">
            {editing ? 'Save changes' : 'Create platform type'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

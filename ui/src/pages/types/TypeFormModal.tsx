import { Button, Group, Modal, NativeSelect, Stack, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import type { PlatformType } from '../../bindings/PlatformType';
import type { PlatformTypeInput } from '../../bindings/PlatformTypeInput';
import { applyFieldErrors, OtherFieldErrors, withFieldError } from '../../components/FieldError';
import { ICON_LABELS, TYPE_ICONS, TypeIcon } from '../../components/TypeIcon';
import { useCreatePlatformType, useUpdatePlatformType } from '../../queries';
import { optionalText, requiredText, typeIdentifierError } from '../../validation';

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
}

export function TypeFormModal({ opened, editing, onClose }: TypeFormModalProps) {
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={editing ? `Edit platform type ${editing.identifier}` : 'New platform type'}
      size="lg"
    >
      {/* Mounted only while open, so every opening starts from fresh values. */}
      <TypeForm editing={editing} onDone={onClose} />
    </Modal>
  );
}

function TypeForm({ editing, onDone }: { editing: PlatformType | null; onDone: () => void }) {
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
    },
  });

  const submit = async (values: TypeFormValues) => {
    const input: PlatformTypeInput = {
      identifier: values.identifier.trim(),
      displayName: values.displayName.trim(),
      description: values.description.trim(),
      icon: values.icon,
      defaultEndpoint: optionalText(values.defaultEndpoint),
    };
    try {
      await (editing ? update : create).mutateAsync(input);
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
          {...withFieldError(identifierProps, 'type-identifier')}
          // Identifiers are upper case by rule, so typing never needs the shift key.
          onChange={(event) => form.setFieldValue('identifier', event.currentTarget.value.toUpperCase())}
        />
        <TextInput
          label="Display name"
          placeholder="Kubernetes PaaS"
          required
          {...withFieldError(form.getInputProps('displayName'), 'type-display-name')}
        />
        <Textarea
          label="Description"
          placeholder="What platforms of this type are and who runs them"
          autosize
          minRows={2}
          {...withFieldError(form.getInputProps('description'), 'type-description')}
        />
        <NativeSelect
          label="Icon"
          data={ICON_OPTIONS}
          leftSection={<TypeIcon name={form.getValues().icon} size={16} />}
          {...withFieldError(form.getInputProps('icon'), 'type-icon')}
        />
        <TextInput
          label="Default endpoint"
          description="Suggested API endpoint for new instances of this type (optional)"
          placeholder="https://api.example.com"
          {...withFieldError(form.getInputProps('defaultEndpoint'), 'type-default-endpoint')}
        />
        <OtherFieldErrors errors={form.errors} shown={(field) => FORM_FIELDS.has(field)} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone} disabled={saving}>
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

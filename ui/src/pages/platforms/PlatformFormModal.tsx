import { Autocomplete, Button, Group, Loader, NativeSelect, Stack, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import type { Platform } from '../../bindings/Platform';
import type { PlatformInput } from '../../bindings/PlatformInput';
import type { PlatformType } from '../../bindings/PlatformType';
import { DescriptionField } from '../../components/DescriptionField';
import { applyFieldErrors, OtherFieldErrors, withFieldError } from '../../components/FieldError';
import { FormModal, useDiscardGuard } from '../../components/FormModal';
import { QueryError } from '../../components/QueryError';
import { TagsEditor } from '../../components/TagsEditor';
import { registryIpc } from '../../ipcRegistry';
import { useCreatePlatform, usePlatformTypes, useUpdatePlatform } from '../../queries';
import { DESCRIPTION_MAX, optionalText, optionalTextMax, requiredText, urlCredentialsError } from '../../validation';
// This view is loaded lazily, so it brings the styles the first screen does without.
import '../../components/lazyViewStyles';

// Same names as PlatformInput, so the backend's field errors land on the right input.
interface PlatformFormValues {
  name: string;
  identifier: string;
  accessInfo: string;
  description: string;
  typeId: string;
  location: string;
  supportUrl: string;
  docsUrl: string;
  tags: { key: string; value: string }[];
}

const FORM_FIELDS = /^(name|identifier|accessInfo|description|typeId|location|supportUrl|docsUrl|tags\.\d+\.(key|value))$/;

/**
 * A new platform starts with no type chosen: preselecting the first one made a
 * platform saved with only a name silently become AWS.
 */
const CHOOSE_TYPE = { value: '', label: 'Choose a platform type…', disabled: true };

function typeOptions(types: PlatformType[], withPlaceholder: boolean) {
  const option = (t: PlatformType) => ({ value: t.identifier, label: t.displayName });
  const builtin = types.filter((t) => t.builtin).map(option);
  const custom = types.filter((t) => !t.builtin).map(option);
  return [
    ...(withPlaceholder ? [CHOOSE_TYPE] : []),
    ...(builtin.length ? [{ group: 'Built-in', items: builtin }] : []),
    ...(custom.length ? [{ group: 'Custom', items: custom }] : []),
  ];
}

interface PlatformFormModalProps {
  opened: boolean;
  /** The platform being edited; null to create a new one. */
  editing: Platform | null;
  onClose: () => void;
}

export function PlatformFormModal({ opened, editing, onClose }: PlatformFormModalProps) {
  const types = usePlatformTypes();
  return (
    <FormModal opened={opened} onClose={onClose} title={editing ? `Edit ${editing.name}` : 'New platform'} size="lg">
      {/* The type options come from the list, so the form waits for it. */}
      {types.data ? (
        <PlatformForm types={types.data} editing={editing} onDone={onClose} />
      ) : types.isError ? (
        <QueryError title="Could not load platform types" error={types.error} onRetry={() => void types.refetch()} />
      ) : (
        <Loader aria-label="Loading platform types" />
      )}
    </FormModal>
  );
}

interface PlatformFormProps {
  types: PlatformType[];
  editing: Platform | null;
  onDone: () => void;
}

function PlatformForm({ types, editing, onDone }: PlatformFormProps) {
  const create = useCreatePlatform();
  const update = useUpdatePlatform();
  const saving = create.isPending || update.isPending;

  const locations = useQuery({ queryKey: ['locations'], queryFn: registryIpc.listLocations });
  const form = useForm<PlatformFormValues>({
    initialValues: {
      name: editing?.name ?? '',
      identifier: editing?.identifier ?? '',
      accessInfo: editing?.accessInfo ?? '',
      description: editing?.description ?? '',
      typeId: editing?.typeId ?? '',
      location: editing?.location ?? '',
      supportUrl: editing?.supportUrl ?? '',
      docsUrl: editing?.docsUrl ?? '',
      tags: editing?.tags.map((t) => ({ ...t })) ?? [],
    },
    validate: {
      name: requiredText('Name', 80),
      description: optionalTextMax('Description', DESCRIPTION_MAX),
      // The backend's wording, so the message reads the same wherever it comes from.
      typeId: (value) => (value.trim() ? null : 'Platform type is required'),
      supportUrl: urlCredentialsError,
      docsUrl: urlCredentialsError,
    },
  });
  const cancel = useDiscardGuard(form.isDirty, onDone);

  const submit = async (values: PlatformFormValues) => {
    const input: PlatformInput = {
      name: values.name.trim(),
      // Empty: derived from the name on create, kept on edit.
      identifier: values.identifier.trim() || undefined,
      accessInfo: values.accessInfo,
      description: values.description.trim(),
      typeId: values.typeId,
      location: values.location.trim(),
      supportUrl: optionalText(values.supportUrl),
      docsUrl: optionalText(values.docsUrl),
      tags: values.tags.map((t) => ({ key: t.key.trim(), value: t.value.trim() })),
    };
    try {
      if (editing) await update.mutateAsync({ id: editing.id, input });
      else await create.mutateAsync(input);
      onDone();
    } catch (error) {
      applyFieldErrors(form, error);
    }
  };

  return (
    <form onSubmit={form.onSubmit(submit)} noValidate>
      <Stack>
        <TextInput
          label="Name"
          placeholder="Event streaming"
          required
          data-autofocus
          {...withFieldError(form.getInputProps('name'), 'platform-name')}
        />
        <TextInput
          label="Identifier"
          description="Lower-case letters, digits and '-'; used by definition files and the CLI. Left empty, it is derived from the name."
          placeholder="event-streaming"
          {...withFieldError(form.getInputProps('identifier'), 'platform-identifier-input')}
        />
        <DescriptionField
          label="Description"
          placeholder="What the platform offers and to whom"
          {...withFieldError(form.getInputProps('description'), 'platform-description')}
          value={form.getValues().description}
        />
        <NativeSelect
          label="Platform type"
          description="Define a custom platform type on the Platform types page if none fits."
          required
          data={typeOptions(types, editing === null)}
          {...withFieldError(form.getInputProps('typeId'), 'platform-type')}
        />
        <Autocomplete
          label="Location"
          description="Pick a location or type a new name: it becomes a location record (EU Central → eu-central)"
          placeholder="eu-central"
          data={(locations.data ?? []).map((l) => l.identifier)}
          {...withFieldError(form.getInputProps('location'), 'platform-location')}
        />
        <Group grow align="flex-start">
          <TextInput
            label="Support link"
            placeholder="https://… or mailto:…"
            {...withFieldError(form.getInputProps('supportUrl'), 'platform-support-url')}
          />
          <TextInput
            label="Documentation link"
            placeholder="https://docs.example.com"
            {...withFieldError(form.getInputProps('docsUrl'), 'platform-docs-url')}
          />
        </Group>
        <TagsEditor form={form} />
        <Textarea
          label="Access information"
          description="Markdown: how application teams get access (request form, VPN, contacts)."
          autosize
          minRows={2}
          maxRows={8}
          {...withFieldError(form.getInputProps('accessInfo'), 'platform-access-info-input')}
        />
        <OtherFieldErrors errors={form.errors} shown={(field) => FORM_FIELDS.test(field)} />
        <Group justify="flex-end">
          <Button variant="default" onClick={cancel} disabled={saving}>
            Cancel
          </Button>
          <Button type="submit" loading={saving} data-testid="platform-save">
            {editing ? 'Save changes' : 'Create platform'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

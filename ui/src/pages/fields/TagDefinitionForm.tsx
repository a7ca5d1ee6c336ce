import { Button, Checkbox, Group, Stack, TagsInput, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import type { TagDefinition } from '../../bindings/TagDefinition';
import { applyFieldErrors, OtherFieldErrors, withFieldError } from '../../components/FieldError';
import { FormModal, useDiscardGuard } from '../../components/FormModal';
import { useSaveTagDefinition } from './tagDefinitionQueries';

interface TagDefinitionValues {
  key: string;
  description: string;
  mandatory: boolean;
  allowedValues: string[];
  pattern: string;
}

const FORM_FIELDS = new Set(['key', 'description', 'mandatory', 'allowedValues', 'pattern']);

interface TagDefinitionFormModalProps {
  opened: boolean;
  /** The definition being edited; null for a new one. */
  editing: TagDefinition | null;
  /** Keys already defined: saving a new one under such a key would replace it. */
  existingKeys: string[];
  onClose: () => void;
}

export function TagDefinitionFormModal({ opened, editing, existingKeys, onClose }: TagDefinitionFormModalProps) {
  return (
    <FormModal
      opened={opened}
      onClose={onClose}
      title={editing ? `Edit tag definition ${editing.key}` : 'New tag definition'}
      size="lg"
    >
      {/* Mounted only while open, so every opening starts from fresh values. */}
      {opened && <TagDefinitionForm editing={editing} existingKeys={existingKeys} onDone={onClose} />}
    </FormModal>
  );
}

function TagDefinitionForm({
  editing,
  existingKeys,
  onDone,
}: {
  editing: TagDefinition | null;
  existingKeys: string[];
  onDone: () => void;
}) {
  const save = useSaveTagDefinition();
  const form = useForm<TagDefinitionValues>({
    initialValues: {
      key: editing?.key ?? '',
      description: editing?.description ?? '',
      mandatory: editing?.mandatory ?? false,
      allowedValues: editing?.allowedValues ?? [],
      pattern: editing?.pattern ?? '',
    },
    validate: {
      key: (value) => {
        if (value.trim() === '') return 'Enter the tag key, e.g. cost-center';
        // The backend replaces a definition saved under an existing key; a new one must not do that silently.
        if (!editing && existingKeys.includes(value.trim())) {
          return `${value.trim()} is already defined; edit that definition instead`;
        }
        return null;
      },
    },
  });
  const cancel = useDiscardGuard(form.isDirty, onDone);

  const submit = async (values: TagDefinitionValues) => {
    const definition: TagDefinition = {
      key: values.key.trim(),
      description: values.description.trim(),
      mandatory: values.mandatory,
      allowedValues: values.allowedValues,
      pattern: values.pattern.trim() === '' ? null : values.pattern.trim(),
    };
    try {
      await save.mutateAsync(definition);
      onDone();
    } catch (error) {
      applyFieldErrors(form, error);
    }
  };

  return (
    <form onSubmit={form.onSubmit(submit)} noValidate>
      <Stack>
        <TextInput
          label="Key"
          description={
            editing
              ? 'The key identifies the definition and cannot be changed'
              : "Lower-case letters, digits, '_', '.' and '-', e.g. cost-center"
          }
          placeholder="cost-center"
          withAsterisk
          readOnly={editing !== null}
          disabled={editing !== null}
          data-autofocus={editing === null || undefined}
          {...withFieldError(form.getInputProps('key'), 'tagdef-key')}
        />
        <Textarea
          label="Description"
          description="What the tag means and who sets it"
          autosize
          minRows={2}
          maxRows={6}
          data-autofocus={editing !== null || undefined}
          {...withFieldError(form.getInputProps('description'), 'tagdef-description')}
        />
        <Checkbox
          label="Mandatory"
          description="Every platform must carry this tag"
          {...withFieldError(form.getInputProps('mandatory', { type: 'checkbox' }), 'tagdef-mandatory')}
        />
        <TagsInput
          label="Allowed values"
          description="Type a value, then press Enter. Leave empty to allow any value."
          {...withFieldError(form.getInputProps('allowedValues'), 'tagdef-allowed-values')}
        />
        <TextInput
          label="Pattern (regular expression)"
          description="Values must match it in full, e.g. [0-9]{4}"
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          {...withFieldError(form.getInputProps('pattern'), 'tagdef-pattern')}
        />
        <OtherFieldErrors errors={form.errors} shown={(field) => FORM_FIELDS.has(field)} />
        <Group justify="flex-end">
          <Button variant="default" onClick={cancel} disabled={save.isPending}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending} data-testid="tagdef-save">
            {editing ? 'Save changes' : 'Add tag definition'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

import { memo, type ReactNode } from 'react';
import {
  ActionIcon,
  Checkbox,
  Fieldset,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconTrash } from '@tabler/icons-react';
import type { FieldKind } from '../../bindings/FieldKind';
import { FieldError } from '../../components/FieldError';
import { DefaultValueInput } from './DefaultValueInput';
import {
  boundLabels,
  changeKind,
  changeOptions,
  hasChoices,
  hasPattern,
  keyFromLabel,
  KIND_LABELS,
  KIND_OPTIONS,
  type DraftField,
} from './fieldKinds';

/** Which attribute of the field an edit touched; its server error is cleared. */
export type FieldAttr = 'key' | 'label' | 'help' | 'kind' | 'required' | 'default' | 'pattern' | 'min' | 'max' | 'options';

interface FieldEditorProps {
  draft: DraftField;
  index: number;
  count: number;
  /** Server errors of this field by attribute (`fields.N.<attr>`). */
  errors: Record<string, string>;
  onChange: (uid: number, draft: DraftField, attr: FieldAttr) => void;
  onMove: (uid: number, direction: -1 | 1) => void;
  onRemove: (uid: number) => void;
  disabled?: boolean;
}

/** The attributes that have an input for this kind; errors of others are listed below. */
function shownAttrs(kind: FieldKind): Set<string> {
  const attrs = ['key', 'label', 'help', 'kind', 'required'];
  if (kind !== 'secret') attrs.push('default');
  if (hasPattern(kind)) attrs.push('pattern');
  if (boundLabels(kind)) attrs.push('min', 'max');
  if (hasChoices(kind)) attrs.push('options');
  return new Set(attrs);
}

/**
 * One custom field of the builder: every input is labelled, every error sits under
 * its input. Memoised with uid-taking callbacks, so typing re-renders one row only.
 */
export const FieldEditor = memo(function FieldEditor({
  draft,
  index,
  count,
  errors,
  onChange,
  onMove,
  onRemove,
  disabled,
}: FieldEditorProps) {
  const uid = draft.uid;
  const id = `cf-field-${index}`;
  const name = draft.label.trim() || `field ${index + 1}`;
  const bounds = boundLabels(draft.kind);
  const error = (attr: string): ReactNode =>
    errors[attr] ? <FieldError testId={`${id}-${attr}`}>{errors[attr]}</FieldError> : undefined;
  const set = (patch: Partial<DraftField>, attr: FieldAttr) => onChange(uid, { ...draft, ...patch }, attr);
  const shown = shownAttrs(draft.kind);
  const unshown = Object.entries(errors).filter(([attr, message]) => message && !shown.has(attr));

  return (
    <Fieldset
      legend={`Field ${index + 1}: ${draft.label.trim() || 'New field'} (${KIND_LABELS[draft.kind]})`}
      data-testid={id}
      data-field-uid={draft.uid}
      disabled={disabled}
      styles={{ legend: { overflowWrap: 'anywhere' } }}
    >
      <Stack gap="sm">
        <Group justify="flex-end" gap={4}>
          <Tooltip label="Move up">
            <ActionIcon
              variant="subtle"
              aria-label={`Move ${name} up`}
              disabled={disabled || index === 0}
              onClick={() => onMove(uid, -1)}
              data-testid={`${id}-up`}
              data-focus-id={`${draft.uid}-up`}
            >
              <IconArrowUp size={16} />
            </ActionIcon>
          </Tooltip>
          <Tooltip label="Move down">
            <ActionIcon
              variant="subtle"
              aria-label={`Move ${name} down`}
              disabled={disabled || index === count - 1}
              onClick={() => onMove(uid, 1)}
              data-testid={`${id}-down`}
              data-focus-id={`${draft.uid}-down`}
            >
              <IconArrowDown size={16} />
            </ActionIcon>
          </Tooltip>
          <Tooltip label="Remove field">
            <ActionIcon
              variant="subtle"
              color="red"
              aria-label={`Remove ${name}`}
              disabled={disabled}
              onClick={() => onRemove(uid)}
              data-testid={`${id}-remove`}
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Tooltip>
        </Group>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput
            label="Label"
            description="What instance owners read"
            withAsterisk
            value={draft.label}
            onChange={(e) => {
              const label = e.currentTarget.value;
              set(draft.keyEdited ? { label } : { label, key: keyFromLabel(label) }, 'label');
            }}
            error={error('label')}
            data-testid={`${id}-label`}
            data-focus-id={`${draft.uid}-label`}
          />
          <TextInput
            label="Key"
            description={draft.key ? `Templates use {{ fields.${draft.key} }}` : 'Derived from the label'}
            withAsterisk
            value={draft.key}
            // An emptied key follows the label again.
            onChange={(e) => set({ key: e.currentTarget.value, keyEdited: e.currentTarget.value !== '' }, 'key')}
            error={error('key')}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            data-testid={`${id}-key`}
          />
          <Select
            label="Kind"
            data={KIND_OPTIONS}
            allowDeselect={false}
            value={draft.kind}
            onChange={(v) => v && onChange(uid, changeKind(draft, v as FieldKind), 'kind')}
            error={error('kind')}
            data-testid={`${id}-kind`}
          />
        </SimpleGrid>
        <Textarea
          label="Help text"
          description="Shown below the input"
          autosize
          minRows={1}
          maxRows={4}
          value={draft.help}
          onChange={(e) => set({ help: e.currentTarget.value }, 'help')}
          error={error('help')}
          data-testid={`${id}-help`}
        />
        {hasChoices(draft.kind) && (
          <TagsInput
            label="Choices"
            description="Type a choice, then press Enter"
            withAsterisk
            value={draft.options}
            onChange={(options) => onChange(uid, changeOptions(draft, options), 'options')}
            error={error('options')}
            data-testid={`${id}-options`}
          />
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <DefaultValueInput
            draft={draft}
            onChange={(value) => set({ default: value }, 'default')}
            error={error('default')}
            testId={`${id}-default`}
            disabled={disabled}
          />
          {hasPattern(draft.kind) && (
            <TextInput
              label="Pattern (regular expression)"
              description={draft.kind === 'list' ? 'Each item must match in full' : 'The whole value must match'}
              placeholder="[a-z]+-[0-9]+"
              value={draft.pattern}
              onChange={(e) => set({ pattern: e.currentTarget.value }, 'pattern')}
              error={error('pattern')}
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
              data-testid={`${id}-pattern`}
            />
          )}
        </SimpleGrid>
        {bounds && (
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <NumberInput
              label={bounds.min}
              allowDecimal={draft.kind === 'number'}
              value={draft.min}
              onChange={(min) => set({ min }, 'min')}
              error={error('min')}
              data-testid={`${id}-min`}
            />
            <NumberInput
              label={bounds.max}
              allowDecimal={draft.kind === 'number'}
              value={draft.max}
              onChange={(max) => set({ max }, 'max')}
              error={error('max')}
              data-testid={`${id}-max`}
            />
          </SimpleGrid>
        )}
        <Checkbox
          label="Required"
          description={
            draft.kind === 'secret'
              ? 'Marked as required; the secret is set per instance after it is saved'
              : 'An instance cannot be saved without a value'
          }
          checked={draft.required}
          onChange={(e) => set({ required: e.currentTarget.checked }, 'required')}
          error={error('required')}
          data-testid={`${id}-required`}
        />
        {unshown.map(([attr, message]) => (
          <Text key={attr} size="sm" c="red" data-testid={`${id}-${attr}-error`}>
            {message}
          </Text>
        ))}
      </Stack>
    </Fieldset>
  );
});

import type { ReactNode } from 'react';
import { MultiSelect, NumberInput, Select, TagsInput, Textarea, TextInput } from '@mantine/core';
import type { DraftField } from './fieldKinds';

interface DefaultValueInputProps {
  draft: DraftField;
  onChange: (value: unknown) => void;
  error?: ReactNode;
  testId: string;
  disabled?: boolean;
}

const LABEL = 'Default value';
const DESCRIPTION = 'Pre-filled in new instances';

const BOOLEAN_DEFAULTS = [
  { value: 'none', label: 'No default' },
  { value: 'yes', label: 'Yes' },
  { value: 'no', label: 'No' },
];

/** The default in the same kind of input the instance owner will use. Not offered for secrets. */
export function DefaultValueInput({ draft, onChange, error, testId, disabled }: DefaultValueInputProps) {
  const common = { label: LABEL, description: DESCRIPTION, error, disabled, 'data-testid': testId };
  const value = draft.default;
  const text = typeof value === 'string' ? value : '';
  const list = Array.isArray(value) ? value.map(String) : [];

  switch (draft.kind) {
    case 'secret':
      return null;
    case 'number':
      return (
        <NumberInput
          {...common}
          value={typeof value === 'number' ? value : ''}
          onChange={(v) => onChange(v === '' ? null : v)}
        />
      );
    case 'boolean':
      return (
        <Select
          {...common}
          data={BOOLEAN_DEFAULTS}
          allowDeselect={false}
          value={value === true ? 'yes' : value === false ? 'no' : 'none'}
          onChange={(v) => onChange(v === 'yes' ? true : v === 'no' ? false : null)}
        />
      );
    case 'choice':
      return (
        <Select
          {...common}
          data={draft.options}
          clearable
          placeholder={draft.options.length ? 'No default' : 'Add choices first'}
          value={draft.options.includes(text) ? text : null}
          onChange={(v) => onChange(v)}
        />
      );
    case 'multi_choice':
      return (
        <MultiSelect
          {...common}
          data={draft.options}
          clearable
          placeholder={draft.options.length ? 'No default' : 'Add choices first'}
          value={list.filter((v) => draft.options.includes(v))}
          onChange={(v) => onChange(v.length ? v : null)}
        />
      );
    case 'list':
      return (
        <TagsInput
          {...common}
          placeholder="Type an item, then press Enter"
          value={list}
          onChange={(v) => onChange(v.length ? v : null)}
        />
      );
    case 'json':
      return (
        <Textarea
          {...common}
          autosize
          minRows={2}
          maxRows={10}
          spellCheck={false}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          value={text}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      );
    default:
      return (
        <TextInput
          {...common}
          type={draft.kind === 'url' ? 'url' : draft.kind === 'email' ? 'email' : 'text'}
          value={text}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      );
  }
}

import type { ReactNode } from 'react';
import { Autocomplete, Text, type MantineSize } from '@mantine/core';
import { completionText, templateQuery, type TemplateVariable } from './templateVars';

interface TemplateInputProps {
  label: string;
  description?: ReactNode;
  value: string;
  onChange: (value: string) => void;
  variables: readonly TemplateVariable[];
  error?: ReactNode;
  placeholder?: string;
  readOnly?: boolean;
  size?: MantineSize;
  /** E.g. the description under the input, so inputs side by side line up. */
  inputWrapperOrder?: ('label' | 'input' | 'description' | 'error')[];
  /** When the visible label alone does not tell rows apart; it must contain the label's text. */
  'aria-label'?: string;
  'data-testid'?: string;
}

/**
 * A one-line template (a path) that offers the template variables once `{{` is
 * typed. The options are the whole completed value, so picking one (mouse or
 * Enter) fills it in; each is shown as just its variable name.
 */
export function TemplateInput(props: TemplateInputProps) {
  const query = templateQuery(props.value);
  const prefix = query ? props.value.slice(0, props.value.length - query.typed.length) : '';
  const matching = query ? props.variables.filter((v) => v.name.startsWith(query.typed)) : [];
  const byValue = new Map(matching.map((v) => [prefix + completionText(v.name, query?.spaced ?? false, ''), v]));
  return (
    <Autocomplete
      label={props.label}
      description={props.description}
      placeholder={props.placeholder}
      value={props.value}
      onChange={props.onChange}
      data={[...byValue.keys()]}
      // The options are already the matches; Mantine's substring filter would hide them.
      filter={({ options }) => options}
      openOnFocus={false}
      // Enter takes the first match, as in the code editors.
      selectFirstOptionOnChange
      renderOption={({ option }) => {
        const variable = byValue.get(option.value);
        return (
          <Text size="sm" ff="monospace">
            {variable?.name}{' '}
            <Text span size="xs" c="dimmed" ff="body">
              {variable?.detail}
            </Text>
          </Text>
        );
      }}
      error={props.error}
      readOnly={props.readOnly}
      size={props.size}
      inputWrapperOrder={props.inputWrapperOrder}
      // A long value quoted in the description (a URN) wraps instead of overflowing the column.
      styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' }, description: { overflowWrap: 'anywhere' } }}
      aria-label={props['aria-label']}
      spellCheck={false}
      data-testid={props['data-testid']}
    />
  );
}

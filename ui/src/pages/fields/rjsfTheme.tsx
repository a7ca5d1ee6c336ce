// A small Mantine theme for @rjsf/core: each widget renders a Mantine input that
// carries its own label, help text (description) and error, so the form looks like
// every other form in the app and works with both colour schemes.
import type { ReactNode } from 'react';
import { MultiSelect, NumberInput, Select, Stack, Switch, TagsInput, Text, Textarea, TextInput } from '@mantine/core';
import type {
  FieldTemplateProps,
  ObjectFieldTemplateProps,
  RegistryWidgetsType,
  RJSFSchema,
  TemplatesType,
  ValidatorType,
  WidgetProps,
} from '@rjsf/utils';
import { FieldError } from '../../components/FieldError';
import { SecretFieldWidget } from './SecretFieldWidget';

/**
 * The app's Content-Security-Policy forbids eval, which rules out ajv (it compiles
 * schemas with `new Function`). Rust checks every value on save and its field
 * errors come back as `extraErrors`, so the form itself reports nothing.
 */
export const noClientValidation: ValidatorType = {
  validateFormData: () => ({ errors: [], errorSchema: {} }),
  isValid: () => true,
  rawValidation: () => ({ errors: [] }),
};

/** The limits a value must keep, in words, shown below the help text. */
function limitsHint(schema: RJSFSchema): string | null {
  const range = (lo: unknown, hi: unknown, unit: string) => {
    if (typeof lo === 'number' && typeof hi === 'number') return `${lo} to ${hi}${unit}`;
    if (typeof lo === 'number') return `At least ${lo}${unit}`;
    if (typeof hi === 'number') return `At most ${hi}${unit}`;
    return null;
  };
  const items = schema.items && typeof schema.items === 'object' && !Array.isArray(schema.items) ? schema.items : null;
  const pattern = typeof schema.pattern === 'string' ? schema.pattern : items?.pattern;
  const parts = [
    range(schema.minimum, schema.maximum, ''),
    range(schema.minLength, schema.maxLength, ' characters'),
    range(schema.minItems, schema.maxItems, ' items'),
    // Rust anchors the administrator's pattern; show it as it was typed.
    typeof pattern === 'string' ? `Must match ${pattern.replace(/^\^\(\?:/, '').replace(/\)\$$/, '')}` : null,
  ].filter((p): p is string => p !== null);
  return parts.length > 0 ? parts.join('. ') : null;
}

function description(schema: RJSFSchema): ReactNode {
  const help = typeof schema.description === 'string' && schema.description !== '' ? schema.description : null;
  const hint = limitsHint(schema);
  if (!help && !hint) return undefined;
  return (
    <>
      {help}
      {help && hint && <br />}
      {hint}
    </>
  );
}

/** Label, help, required mark, error and test id, shared by every widget. */
export function inputProps(p: WidgetProps) {
  const testId = `field-${p.name}`;
  return {
    id: p.id,
    label: p.label,
    description: description(p.schema),
    // An asterisk, not the HTML attribute: the browser must not block the parent
    // form's submit; Rust decides and says what is missing.
    withAsterisk: p.required,
    'aria-required': p.required || undefined,
    disabled: p.disabled || p.readonly,
    error: p.rawErrors?.length ? <FieldError testId={testId}>{p.rawErrors.join(' ')}</FieldError> : undefined,
    'data-testid': testId,
  };
}

const emptyToUndefined = (value: string) => (value === '' ? undefined : value);

function TextWidget(p: WidgetProps, type: 'text' | 'url' | 'email', placeholder?: string) {
  return (
    <TextInput
      {...inputProps(p)}
      type={type}
      placeholder={placeholder}
      value={typeof p.value === 'string' ? p.value : ''}
      onChange={(e) => p.onChange(emptyToUndefined(e.currentTarget.value))}
      onBlur={() => p.onBlur(p.id, p.value)}
    />
  );
}

const PbText = (p: WidgetProps) => TextWidget(p, 'text');
const PbUrl = (p: WidgetProps) => TextWidget(p, 'url', 'https://');
const PbEmail = (p: WidgetProps) => TextWidget(p, 'email', 'team@example.com');

function PbNumber(p: WidgetProps) {
  return (
    <NumberInput
      {...inputProps(p)}
      value={typeof p.value === 'number' ? p.value : ''}
      onChange={(v) => p.onChange(typeof v === 'number' ? v : undefined)}
      onBlur={() => p.onBlur(p.id, p.value)}
    />
  );
}

function PbBoolean(p: WidgetProps) {
  const { withAsterisk, label, ...props } = inputProps(p);
  return (
    <Switch
      {...props}
      label={
        <>
          {label}
          {withAsterisk && (
            <Text span c="red" aria-hidden>
              {' *'}
            </Text>
          )}
        </>
      }
      checked={p.value === true}
      onChange={(e) => p.onChange(e.currentTarget.checked)}
      onBlur={() => p.onBlur(p.id, p.value)}
    />
  );
}

function enumData(p: WidgetProps): string[] {
  const fromOptions = p.options.enumOptions?.map((o) => String(o.value));
  return fromOptions ?? [];
}

function PbChoice(p: WidgetProps) {
  if (p.multiple) return <PbMultiChoice {...p} />;
  return (
    <Select
      {...inputProps(p)}
      data={enumData(p)}
      clearable
      placeholder="Choose one"
      value={typeof p.value === 'string' ? p.value : null}
      onChange={(v) => p.onChange(v ?? undefined)}
      onBlur={() => p.onBlur(p.id, p.value)}
    />
  );
}

function PbMultiChoice(p: WidgetProps) {
  return (
    <MultiSelect
      {...inputProps(p)}
      data={enumData(p)}
      clearable
      placeholder="Choose any"
      value={Array.isArray(p.value) ? p.value.map(String) : []}
      onChange={(v) => p.onChange(v.length > 0 ? v : undefined)}
      onBlur={() => p.onBlur(p.id, p.value)}
    />
  );
}

function PbList(p: WidgetProps) {
  return (
    <TagsInput
      {...inputProps(p)}
      placeholder="Type an item, then press Enter"
      value={Array.isArray(p.value) ? p.value.map(String) : []}
      onChange={(v) => p.onChange(v.length > 0 ? v : undefined)}
      onBlur={() => p.onBlur(p.id, p.value)}
    />
  );
}

function PbJson(p: WidgetProps) {
  return (
    <Textarea
      {...inputProps(p)}
      autosize
      minRows={3}
      maxRows={16}
      spellCheck={false}
      placeholder='{ "key": "value" }'
      styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
      value={typeof p.value === 'string' ? p.value : ''}
      onChange={(e) => p.onChange(emptyToUndefined(e.currentTarget.value))}
      onBlur={() => p.onBlur(p.id, p.value)}
    />
  );
}

/** Our kinds by name, and rjsf's standard names for schemas written by hand. */
export const widgets: RegistryWidgetsType = {
  pbText: PbText,
  pbNumber: PbNumber,
  pbBoolean: PbBoolean,
  pbUrl: PbUrl,
  pbEmail: PbEmail,
  pbChoice: PbChoice,
  pbMultiChoice: PbMultiChoice,
  pbList: PbList,
  pbJson: PbJson,
  pbSecret: SecretFieldWidget,
  TextWidget: PbText,
  URLWidget: PbUrl,
  EmailWidget: PbEmail,
  UpDownWidget: PbNumber,
  CheckboxWidget: PbBoolean,
  SelectWidget: PbChoice,
  TextareaWidget: PbJson,
};

export const WIDGET_FOR_KIND: Record<string, string> = {
  text: 'pbText',
  number: 'pbNumber',
  boolean: 'pbBoolean',
  url: 'pbUrl',
  email: 'pbEmail',
  choice: 'pbChoice',
  multi_choice: 'pbMultiChoice',
  list: 'pbList',
  json: 'pbJson',
  secret: 'pbSecret',
};

/** The widgets draw label, help and error themselves; the template only places them. */
function FieldTemplate({ children, hidden }: FieldTemplateProps) {
  return hidden ? <div hidden>{children}</div> : children;
}

function ObjectFieldTemplate({ properties }: ObjectFieldTemplateProps) {
  return (
    <Stack gap="sm">
      {properties.filter((p) => !p.hidden).map((p) => (
        <div key={p.name}>{p.content}</div>
      ))}
    </Stack>
  );
}

export const templates: Partial<TemplatesType> = { FieldTemplate, ObjectFieldTemplate };

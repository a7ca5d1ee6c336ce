import { useId, useMemo } from 'react';
import { Alert, List } from '@mantine/core';
// The package index also exports a test helper that imports @rjsf/validator-ajv8,
// which is not installed (and must not be: it compiles with `new Function`).
import Form from '@rjsf/core/lib/components/Form.js';
import type { ErrorSchema, RJSFSchema, UiSchema } from '@rjsf/utils';
import type { Instance } from '../../bindings/Instance';
import type { PlatformType } from '../../bindings/PlatformType';
import type { FieldsFormContext } from './SecretFieldWidget';
import { noClientValidation, templates, widgets, WIDGET_FOR_KIND } from './rjsfTheme';

export interface InstanceFieldsFormProps {
  type: PlatformType;
  /** Renders this schema instead of the type's stored one (the builder's preview). */
  schema?: unknown;
  values: Record<string, unknown>;
  onChange: (values: Record<string, unknown>) => void;
  /** Server field errors; `fieldValues.<key>` lands under that field's input. */
  errors?: Record<string, string>;
  /** The saved instance: needed to set or remove secret fields. */
  instance?: Instance | null;
  /** Called with the instance a secret change replied with. */
  onInstanceChange?: (instance: Instance) => void;
  disabled?: boolean;
}

/** Values a new instance starts with: the fields' defaults (never for secrets). */
export function initialFieldValues(type: PlatformType): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const f of type.customFields) {
    if (f.kind === 'secret') continue;
    if (f.default !== null && f.default !== undefined) values[f.key] = f.default;
    // A switch left off means "no"; without this a required Yes/No field could
    // not be saved without switching it on and off again.
    else if (f.kind === 'boolean' && f.required) values[f.key] = false;
  }
  return values;
}

/** The same start values, read from a schema (the preview has no saved type). */
export function schemaDefaults(schema: unknown): Record<string, unknown> {
  const { properties, kinds } = readSchema(schema);
  const required = new Set(requiredOf(schema));
  const values: Record<string, unknown> = {};
  for (const [key, prop] of Object.entries(properties)) {
    if (kinds[key] === 'secret') continue;
    if (prop.default !== undefined && prop.default !== null) values[key] = prop.default;
    else if (kinds[key] === 'boolean' && required.has(key)) values[key] = false;
  }
  return values;
}

type Properties = Record<string, RJSFSchema>;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function requiredOf(schema: unknown): string[] {
  return isObject(schema) && Array.isArray(schema.required) ? schema.required.map(String) : [];
}

function readSchema(schema: unknown): { properties: Properties; order: string[]; kinds: Record<string, string> } {
  const properties = (isObject(schema) && isObject(schema.properties) ? schema.properties : {}) as Properties;
  const listed = isObject(schema) && Array.isArray(schema['x-pb-order']) ? schema['x-pb-order'].map(String) : [];
  // Rust's map sorts the properties by key; x-pb-order is the administrator's order.
  const order = [
    ...listed.filter((k) => k in properties),
    ...Object.keys(properties).filter((k) => !listed.includes(k)),
  ];
  const kinds: Record<string, string> = {};
  for (const [key, prop] of Object.entries(properties)) {
    if (typeof prop['x-pb-kind'] === 'string') kinds[key] = prop['x-pb-kind'];
  }
  return { properties, order, kinds };
}

/**
 * What rjsf gets: defaults are left out (a new instance starts from them through
 * initialFieldValues; rjsf filling them in would show values that are not saved).
 */
function prepare(schema: unknown) {
  const { properties, order, kinds } = readSchema(schema);
  const stripped: Properties = {};
  for (const [key, prop] of Object.entries(properties)) {
    const rest = { ...prop };
    delete rest.default;
    stripped[key] = rest;
  }
  const rjsfSchema: RJSFSchema = { type: 'object', properties: stripped, required: requiredOf(schema) };
  const uiSchema: UiSchema = { 'ui:order': order };
  for (const key of order) {
    const widget = WIDGET_FOR_KIND[kinds[key]];
    if (widget) uiSchema[key] = { 'ui:widget': widget };
  }
  const secrets = new Set(order.filter((k) => kinds[k] === 'secret'));
  return { rjsfSchema, uiSchema, order, secrets };
}

function splitErrors(errors: Record<string, string> | undefined, known: string[]) {
  const extra: ErrorSchema = {};
  const other: [string, string][] = [];
  for (const [path, message] of Object.entries(errors ?? {})) {
    if (!message) continue;
    const key = path.startsWith('fieldValues.') ? path.slice('fieldValues.'.length) : null;
    if (key !== null && known.includes(key)) (extra as Record<string, unknown>)[key] = { __errors: [message] };
    else if (key !== null) other.push([key, message]);
    // Anything else belongs to the parent form's own inputs.
  }
  return { extra, other };
}

const DEFAULT_FORM_STATE = {
  arrayMinItems: { populate: 'never' as const },
  emptyObjectFields: 'skipDefaults' as const,
};

/**
 * The instance's custom fields, rendered from the type's JSON Schema. Renders
 * nothing for a type without custom fields. There is no submit button: the form
 * around it saves, and Rust checks the values and answers with field errors.
 */
export function InstanceFieldsForm({
  type,
  schema,
  values,
  onChange,
  errors,
  instance,
  onInstanceChange,
  disabled,
}: InstanceFieldsFormProps) {
  const idPrefix = `fields${useId().replace(/[^a-zA-Z0-9]/g, '')}`;
  const source = schema ?? type.configSchema;
  const prepared = useMemo(() => prepare(source), [source]);
  const { extra, other } = useMemo(() => splitErrors(errors, prepared.order), [errors, prepared.order]);
  const formContext = useMemo<FieldsFormContext>(() => ({ instance, onInstanceChange }), [instance, onInstanceChange]);
  const formData = useMemo(() => {
    const data: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(values)) if (!prepared.secrets.has(k)) data[k] = v;
    return data;
  }, [values, prepared.secrets]);

  if (prepared.order.length === 0) return null;

  return (
    <>
      <Form
        tagName="div"
        idPrefix={idPrefix}
        schema={prepared.rjsfSchema}
        uiSchema={prepared.uiSchema}
        validator={noClientValidation}
        widgets={widgets}
        templates={templates}
        formData={formData}
        formContext={formContext}
        extraErrors={extra}
        disabled={disabled}
        noHtml5Validate
        liveValidate={false}
        showErrorList={false}
        experimental_defaultFormStateBehavior={DEFAULT_FORM_STATE}
        onChange={(event) => {
          const next: Record<string, unknown> = {};
          for (const [k, v] of Object.entries((event.formData ?? {}) as Record<string, unknown>)) {
            if (v !== undefined && !prepared.secrets.has(k)) next[k] = v;
          }
          onChange(next);
        }}
      >
        <></>
      </Form>
      {other.length > 0 && (
        <Alert color="red" title="Please check these custom fields" data-testid="other-field-value-errors">
          <List size="sm">
            {other.map(([key, message]) => (
              <List.Item key={key}>
                {key}: {message}
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
    </>
  );
}

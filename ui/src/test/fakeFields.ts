// Fake backend for custom fields and tag definitions (issue 5), layered over
// fakeBackend's installBackend through its `overrides`. The rules mimic
// pb-registry's custom_fields.rs and tag_definitions.rs closely enough for the UI
// to meet the same field errors and the same schema shape.
import type { CustomField } from '../bindings/CustomField';
import type { Instance } from '../bindings/Instance';
import type { PlatformType } from '../bindings/PlatformType';
import type { TagDefinition } from '../bindings/TagDefinition';
import { installBackend, ipcError } from './fakeBackend';
import { customType } from './fixtures';

type Handler = (args: Record<string, unknown>) => unknown;

const KEY = /^[a-z][a-zA-Z0-9_]{0,62}$/;
const TAG_KEY = /^[a-z0-9][a-z0-9_.-]*$/;

export function field(key: string, kind: CustomField['kind'], overrides: Partial<CustomField> = {}): CustomField {
  return {
    key,
    label: key.toUpperCase(),
    help: '',
    kind,
    required: false,
    default: null,
    pattern: null,
    min: null,
    max: null,
    options: [],
    ...overrides,
  };
}

function validRegex(pattern: string): boolean {
  try {
    new RegExp(`^(?:${pattern})$`);
    return true;
  } catch {
    return false;
  }
}

/** Like Rust's check_definitions, for the rules the UI tests meet. */
export function checkDefinitions(fields: CustomField[]): [string, string][] {
  const errors: [string, string][] = [];
  const seen = new Set<string>();
  fields.forEach((f, i) => {
    const at = (attr: string) => `fields.${i}.${attr}`;
    if (!KEY.test(f.key)) {
      errors.push([at('key'), 'Key must start with a lower-case letter and use only letters, digits and _ (at most 63)']);
    } else if (seen.has(f.key)) {
      errors.push([at('key'), `Another field already uses the key ${f.key}`]);
    }
    seen.add(f.key);
    if (f.label.trim() === '') errors.push([at('label'), 'Label is required']);
    if (f.pattern !== null && !validRegex(f.pattern)) {
      errors.push([at('pattern'), 'Not a valid regular expression: unclosed group']);
    }
    if (f.min !== null && f.max !== null && f.min > f.max) {
      errors.push([at('max'), 'Maximum must not be below the minimum']);
    }
    const choices = f.kind === 'choice' || f.kind === 'multi_choice';
    if (choices && f.options.length === 0) errors.push([at('options'), 'Add at least one choice']);
    if (!choices && f.options.length > 0) errors.push([at('options'), 'Only choice fields have choices']);
    if (f.kind === 'secret' && f.default !== null) {
      errors.push([at('default'), 'A secret field cannot have a default value']);
    }
  });
  return errors;
}

/** Like Rust's to_schema (properties sorted by key, as serde_json's map does). */
export function toSchema(fields: CustomField[]): Record<string, unknown> {
  const properties: Record<string, Record<string, unknown>> = {};
  for (const f of [...fields].sort((a, b) => a.key.localeCompare(b.key))) {
    const p: Record<string, unknown> = { title: f.label, 'x-pb-kind': f.kind };
    if (f.help) p.description = f.help;
    const bounds: Partial<Record<CustomField['kind'], [string, string]>> = {
      number: ['minimum', 'maximum'],
      text: ['minLength', 'maxLength'],
      multi_choice: ['minItems', 'maxItems'],
      list: ['minItems', 'maxItems'],
    };
    const b = bounds[f.kind];
    if (b && f.min !== null) p[b[0]] = f.min;
    if (b && f.max !== null) p[b[1]] = f.max;
    const pattern = f.pattern !== null ? `^(?:${f.pattern})$` : null;
    switch (f.kind) {
      case 'text':
      case 'url':
      case 'email':
        p.type = 'string';
        if (f.kind === 'url') p.format = 'uri';
        if (f.kind === 'email') p.format = 'email';
        if (pattern) p.pattern = pattern;
        break;
      case 'number':
        p.type = 'number';
        break;
      case 'boolean':
        p.type = 'boolean';
        break;
      case 'choice':
        p.type = 'string';
        p.enum = f.options;
        break;
      case 'multi_choice':
        p.type = 'array';
        p.uniqueItems = true;
        p.items = { type: 'string', enum: f.options };
        break;
      case 'list':
        p.type = 'array';
        p.items = pattern ? { type: 'string', pattern } : { type: 'string' };
        break;
      case 'json':
        p.type = 'string';
        p.contentMediaType = 'application/json';
        break;
      case 'secret':
        p.type = 'string';
        p.writeOnly = true;
        break;
    }
    if (f.default !== null && f.default !== undefined) p.default = f.default;
    properties[f.key] = p;
  }
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    additionalProperties: false,
    properties,
    required: fields.filter((f) => f.required).map((f) => f.key),
    'x-pb-order': fields.map((f) => f.key),
  };
}

/** A custom type with these fields, its schema built the way Rust builds it. */
export function typeWithFields(fields: CustomField[], overrides: Partial<PlatformType> = {}): PlatformType {
  return customType({ customFields: fields, configSchema: toSchema(fields), ...overrides });
}

function normalize(fields: CustomField[]): CustomField[] {
  return fields.map((f) => ({
    ...f,
    key: f.key.trim(),
    label: f.label.trim(),
    help: f.help.trim(),
    pattern: f.pattern?.trim() ? f.pattern.trim() : null,
    options: f.options.map((o) => o.trim()),
  }));
}

function validation(errors: [string, string][]) {
  return ipcError('validation', 'Some fields are invalid', errors);
}

function checkTagDefinition(d: TagDefinition): [string, string][] {
  const errors: [string, string][] = [];
  if (!TAG_KEY.test(d.key) || d.key.length > 63) {
    errors.push(['key', "Tag keys use lower-case letters, digits, '_', '.', '-' (at most 63, starting with a letter or digit)"]);
  }
  if (d.description.length > 500) errors.push(['description', 'Description must be at most 500 characters']);
  if (d.allowedValues.some((v) => v.trim() === '')) errors.push(['allowedValues', 'Allowed values must not be empty']);
  if (d.pattern !== null) {
    if (!validRegex(d.pattern)) {
      errors.push(['pattern', 'Not a valid regular expression']);
    } else {
      const re = new RegExp(`^(?:${d.pattern})$`);
      const bad = d.allowedValues.find((v) => !re.test(v));
      if (bad !== undefined) errors.push(['allowedValues', `The allowed value "${bad}" does not match the pattern`]);
    }
  }
  return errors;
}

interface FieldsBackendOptions extends NonNullable<Parameters<typeof installBackend>[0]> {
  tagDefinitions?: TagDefinition[];
}

/**
 * installBackend plus the custom-field and tag-definition commands. `fieldSecrets`
 * stands in for the keyring entries of secret fields ("instanceId/field" → value).
 */
export function installFieldsBackend(options: FieldsBackendOptions = {}) {
  const { tagDefinitions = [], overrides = {}, ...rest } = options;
  const extra = {
    tagDefinitions: [...tagDefinitions],
    fieldSecrets: new Map<string, string>(),
  };
  let backend: ReturnType<typeof installBackend> | null = null;
  const state = () => backend!.state;

  const findInstance = (id: unknown): Instance => {
    const found = state().instances.find((i) => i.id === id);
    if (!found) throw ipcError('not_found', `Instance ${String(id)} does not exist`);
    return found;
  };
  const replaceInstance = (updated: Instance) => {
    state().instances = state().instances.map((i) => (i.id === updated.id ? updated : i));
    return updated;
  };

  const handlers: Record<string, Handler> = {
    custom_fields_schema: ({ fields }) => {
      const normalized = normalize(fields as CustomField[]);
      const errors = checkDefinitions(normalized);
      if (errors.length > 0) throw validation(errors);
      return toSchema(normalized);
    },
    set_platform_type_fields: ({ identifier, fields }) => {
      const existing = state().types.find((t) => t.identifier === identifier);
      if (!existing) throw ipcError('not_found', `Platform type ${String(identifier)} does not exist`);
      if (existing.builtin) {
        throw ipcError('in_use', `${existing.identifier} is a built-in platform type; define a custom type to give it custom fields`);
      }
      const normalized = normalize(fields as CustomField[]);
      const errors = checkDefinitions(normalized);
      if (errors.length > 0) throw validation(errors);
      const updated: PlatformType = { ...existing, customFields: normalized, configSchema: toSchema(normalized) };
      state().types = state().types.map((t) => (t.identifier === identifier ? updated : t));
      return updated;
    },
    set_instance_field_secret: ({ id, field: key, secret }) => {
      const found = findInstance(id);
      if (secret === '') throw validation([['secret', 'Enter the value to store']]);
      extra.fieldSecrets.set(`${found.id}/${String(key)}`, secret as string);
      const secretFields = [...new Set([...found.secretFields, key as string])].sort();
      return replaceInstance({ ...found, secretFields });
    },
    remove_instance_field_secret: ({ id, field: key }) => {
      const found = findInstance(id);
      extra.fieldSecrets.delete(`${found.id}/${String(key)}`);
      return replaceInstance({ ...found, secretFields: found.secretFields.filter((k) => k !== key) });
    },
    list_tag_definitions: () => [...extra.tagDefinitions].sort((a, b) => a.key.localeCompare(b.key)),
    save_tag_definition: ({ definition }) => {
      const d = definition as TagDefinition;
      const saved: TagDefinition = {
        key: d.key.trim(),
        description: d.description.trim(),
        mandatory: d.mandatory,
        allowedValues: d.allowedValues.map((v) => v.trim()),
        pattern: d.pattern?.trim() ? d.pattern.trim() : null,
      };
      const errors = checkTagDefinition(saved);
      if (errors.length > 0) throw validation(errors);
      extra.tagDefinitions = [...extra.tagDefinitions.filter((t) => t.key !== saved.key), saved];
      return saved;
    },
    delete_tag_definition: ({ key }) => {
      if (!extra.tagDefinitions.some((t) => t.key === key)) {
        throw ipcError('not_found', `Tag definition ${String(key)} does not exist`);
      }
      extra.tagDefinitions = extra.tagDefinitions.filter((t) => t.key !== key);
      return null;
    },
  };

  backend = installBackend({ ...rest, overrides: { ...handlers, ...overrides } });
  return { ...backend, fields: extra };
}

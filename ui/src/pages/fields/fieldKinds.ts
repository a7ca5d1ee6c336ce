// What the builder knows about each kind of custom field, and the conversion
// between the builder's editable rows and the CustomField list Rust stores. The
// rules mirror pb-registry's custom_fields.rs so the builder only offers inputs
// that end up in the schema.
import type { CustomField } from '../../bindings/CustomField';
import type { FieldKind } from '../../bindings/FieldKind';

export const KIND_LABELS: Record<FieldKind, string> = {
  text: 'Text',
  number: 'Number',
  boolean: 'Yes/No',
  url: 'URL',
  email: 'Email',
  choice: 'Single choice',
  multi_choice: 'Multiple choice',
  list: 'List',
  json: 'JSON / code',
  secret: 'Secret',
};

export const KIND_OPTIONS = (Object.keys(KIND_LABELS) as FieldKind[]).map((value) => ({
  value,
  label: KIND_LABELS[value],
}));

/** Kinds whose values (or list items) can be restricted by a regular expression. */
export function hasPattern(kind: FieldKind): boolean {
  return kind === 'text' || kind === 'url' || kind === 'email' || kind === 'list';
}

export function hasChoices(kind: FieldKind): boolean {
  return kind === 'choice' || kind === 'multi_choice';
}

/** The labels of min/max, or null where the schema has no such bound. */
export function boundLabels(kind: FieldKind): { min: string; max: string } | null {
  switch (kind) {
    case 'number':
      return { min: 'Minimum value', max: 'Maximum value' };
    case 'text':
      return { min: 'Minimum length', max: 'Maximum length' };
    case 'multi_choice':
    case 'list':
      return { min: 'Minimum items', max: 'Maximum items' };
    default:
      return null;
  }
}

/** One row of the builder: a CustomField as the inputs hold it. */
export interface DraftField {
  /** Stable across reordering, so React keys and error messages follow the row. */
  uid: number;
  /** Until the key is typed into, it follows the label. */
  keyEdited: boolean;
  key: string;
  label: string;
  help: string;
  kind: FieldKind;
  required: boolean;
  default: unknown;
  pattern: string;
  /** A NumberInput holds '' while empty. */
  min: number | string;
  max: number | string;
  options: string[];
}

let nextUid = 1;
export const newUid = () => nextUid++;

/** "Project ID" → "projectId": a key that matches `^[a-z][a-zA-Z0-9_]{0,62}$`. */
export function keyFromLabel(label: string): string {
  const words = label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  const joined = words
    .map((w, i) => (i === 0 ? w.toLowerCase() : w[0].toUpperCase() + w.slice(1).toLowerCase()))
    .join('')
    .replace(/^[0-9]+/, '');
  return (joined.charAt(0).toLowerCase() + joined.slice(1)).slice(0, 63);
}

export function newDraft(kind: FieldKind): DraftField {
  return {
    uid: newUid(),
    keyEdited: false,
    key: '',
    label: '',
    help: '',
    kind,
    required: false,
    default: null,
    pattern: '',
    min: '',
    max: '',
    options: [],
  };
}

export function toDraft(field: CustomField): DraftField {
  const key = field.key;
  return {
    uid: newUid(),
    // A saved key stays put when the label is reworded: templates refer to it.
    keyEdited: key !== '',
    key,
    label: field.label,
    help: field.help ?? '',
    kind: field.kind,
    required: field.required,
    default: field.default ?? null,
    pattern: field.pattern ?? '',
    min: field.min ?? '',
    max: field.max ?? '',
    options: field.options ?? [],
  };
}

function toNumber(value: number | string): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (value.trim() === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

/** Empty inputs mean "no default"; Rust treats null the same way. */
function cleanDefault(kind: FieldKind, value: unknown): unknown {
  if (kind === 'secret' || value === undefined || value === null || value === '') return null;
  if (Array.isArray(value) && value.length === 0) return null;
  if (kind === 'number' && typeof value === 'string') return toNumber(value);
  return value;
}

/** What is sent to Rust: attributes a kind does not use are left out, as Rust requires. */
export function toCustomField(d: DraftField): CustomField {
  const bounds = boundLabels(d.kind) !== null;
  return {
    key: d.key,
    label: d.label,
    help: d.help,
    kind: d.kind,
    required: d.required,
    default: cleanDefault(d.kind, d.default),
    pattern: hasPattern(d.kind) && d.pattern.trim() !== '' ? d.pattern : null,
    min: bounds ? toNumber(d.min) : null,
    max: bounds ? toNumber(d.max) : null,
    options: hasChoices(d.kind) ? d.options : [],
  };
}

/** A default that fits the new kind is kept; anything else is dropped. */
export function changeKind(d: DraftField, kind: FieldKind): DraftField {
  const sameShape =
    (['text', 'url', 'email', 'json'].includes(d.kind) && ['text', 'url', 'email', 'json'].includes(kind)) ||
    (d.kind === 'list' && kind === 'list');
  return { ...d, kind, default: sameShape ? d.default : null };
}

/** Choices changed: a default that is no longer a choice goes. */
export function changeOptions(d: DraftField, options: string[]): DraftField {
  let value = d.default;
  if (d.kind === 'choice' && typeof value === 'string' && !options.includes(value)) value = null;
  if (d.kind === 'multi_choice' && Array.isArray(value)) value = value.filter((v) => options.includes(String(v)));
  return { ...d, options, default: value };
}

/** Comparable form of a field list, for the unsaved-changes indicator. */
export function fieldsSignature(fields: CustomField[]): string {
  return JSON.stringify(fields.map((f) => toCustomField(toDraft(f))));
}

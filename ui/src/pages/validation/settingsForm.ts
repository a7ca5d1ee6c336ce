import type { KnownDeviation } from '../../bindings/KnownDeviation';
import type { NamingConvention } from '../../bindings/NamingConvention';
import type { QuotaDefinition } from '../../bindings/QuotaDefinition';
import type { RoleMapping } from '../../bindings/RoleMapping';
import type { Strictness } from '../../bindings/Strictness';
import type { ValidationSettings } from '../../bindings/ValidationSettings';

// The validation settings form: its values, client-side checks and the live
// example name. The backend (pb-registry validation_settings.rs) stays the
// authority; its field errors land on the same inputs.

export const PROJECT_ROLES = ['reader', 'member', 'admin'] as const;

/**
 * The steps a platform may document as known deviations (Rust's DEVIATION_STEPS):
 * the strict checks; a quota step covers every quota.
 */
export const DEVIATION_STEPS = [
  'credential refused',
  'read tenant back',
  'duplicate create',
  'user listed',
  'user gone',
  'read quota',
  'quota enforced',
  'tenant gone',
] as const;

/** A number input holds '' while empty, so the form's numbers may be strings. */
export type QuotaRow = Omit<QuotaDefinition, 'min' | 'max' | 'default' | 'autoApprovalThreshold' | 'description'> & {
  min: number | string;
  max: number | string;
  default: number | string;
  description: string;
  /** Empty: no request is approved at once. */
  autoApprovalThreshold: number | string;
};

export interface SettingsFormValues {
  naming: NamingConvention;
  roleMappings: RoleMapping[];
  quotas: QuotaRow[];
  strictness: Strictness;
  knownDeviations: KnownDeviation[];
}

/** The values the backend uses for its own example; the suffix is random at run time. */
export const EXAMPLE = { purpose: 'validation', suffix: 'a1b2c3', environment: 'dev' };

export function exampleName(naming: NamingConvention): string {
  return naming.template
    .replaceAll('{prefix}', naming.prefix)
    .replaceAll('{purpose}', EXAMPLE.purpose)
    .replaceAll('{suffix}', EXAMPLE.suffix)
    .replaceAll('{environment}', EXAMPLE.environment);
}

export interface ExampleCheck {
  name: string;
  /** null when the pattern does not compile here. */
  accepted: boolean | null;
}

/**
 * Checked with the browser's regex engine; the backend uses Rust's, which agrees
 * on the usual patterns (anchors, classes, repetition) and decides on save.
 */
export function checkExample(naming: NamingConvention): ExampleCheck {
  const name = exampleName(naming);
  try {
    return { name, accepted: new RegExp(naming.pattern).test(name) };
  } catch {
    return { name, accepted: null };
  }
}

export function toFormValues(settings: ValidationSettings): SettingsFormValues {
  return {
    naming: { ...settings.naming },
    roleMappings: settings.roleMappings.map((m) => ({ ...m })),
    quotas: settings.quotas.map((q) => ({
      ...q,
      description: q.description ?? '',
      autoApprovalThreshold: q.autoApprovalThreshold ?? '',
    })),
    strictness: settings.strictness,
    knownDeviations: settings.knownDeviations.map((d) => ({ ...d })),
  };
}

/** Template and pattern are sent as typed: whitespace in a regex may be meant. */
export function toSettings(values: SettingsFormValues): ValidationSettings {
  return {
    naming: { ...values.naming, prefix: values.naming.prefix.trim() },
    roleMappings: values.roleMappings.map((m) => ({ projectRole: m.projectRole, platformRole: m.platformRole.trim() })),
    quotas: values.quotas.map((q) => ({
      key: q.key.trim(),
      label: q.label.trim(),
      unit: q.unit.trim(),
      min: Number(q.min),
      max: Number(q.max),
      default: Number(q.default),
      ...(q.description.trim() ? { description: q.description.trim() } : {}),
      ...(q.autoApprovalThreshold === '' ? {} : { autoApprovalThreshold: Number(q.autoApprovalThreshold) }),
    })),
    strictness: values.strictness,
    knownDeviations: values.knownDeviations.map((d) => ({ step: d.step, reason: d.reason.trim() })),
  };
}

const requiredNumber = (value: number | string) =>
  value === '' || !Number.isFinite(Number(value)) ? 'Enter a number' : null;

export const settingsValidation = {
  naming: {
    template: (value: string) => {
      if (!value.trim()) return 'Enter the template of tenant names';
      return value.includes('{suffix}') ? null : 'The template needs {suffix}, so that every generated name is unique';
    },
    pattern: (value: string) => (value.trim() ? null : 'Enter the pattern every name must match'),
    prefix: (value: string, values: SettingsFormValues) =>
      !value.trim() && values.naming.template.includes('{prefix}') ? 'Enter the prefix the template uses' : null,
  },
  roleMappings: {
    platformRole: (value: string) => (value.trim() ? null : "Enter the platform's role name"),
  },
  quotas: {
    key: (value: string) => (value.trim() ? null : 'Enter the key, e.g. requests.cpu'),
    label: (value: string) => (value.trim() ? null : 'Enter a label'),
    min: requiredNumber,
    max: requiredNumber,
    default: requiredNumber,
  },
  knownDeviations: {
    reason: (value: string) => (value.trim() ? null : 'Say why the platform deviates: the run shows it'),
  },
};

const SHOWN_FIELD = new RegExp(
  [
    String.raw`^naming\.(template|pattern|prefix)$`,
    String.raw`^roleMappings\.\d+\.(projectRole|platformRole)$`,
    String.raw`^quotas\.\d+\.(key|label|unit|min|max|default|description|autoApprovalThreshold)$`,
    String.raw`^knownDeviations\.\d+\.(step|reason)$`,
  ].join('|'),
);

/** Whether the form has an input for a field error (others are listed together). */
export function isShownField(field: string, values: SettingsFormValues): boolean {
  if (!SHOWN_FIELD.test(field)) return false;
  const [list, index] = field.split('.');
  if (list === 'roleMappings') return Number(index) < values.roleMappings.length;
  if (list === 'quotas') return Number(index) < values.quotas.length;
  if (list === 'knownDeviations') return Number(index) < values.knownDeviations.length;
  return true;
}

import type { PlatformType } from '../../bindings/PlatformType';
import type { SandboxInfo } from '../../bindings/SandboxInfo';
import type { Tag } from '../../bindings/Tag';
import type { SettingsFormValues } from '../validation/settingsForm';

// The wizard's form state: what a draft stores (never a secret) and what each step
// edits. The records the wizard creates as it goes are named by id only.

export interface NewTypeValues {
  identifier: string;
  displayName: string;
  description: string;
  icon: string;
  defaultEndpoint: string;
}

export interface DetailsValues {
  name: string;
  identifier: string;
  /** Once the administrator types an identifier, the name no longer changes it. */
  identifierEdited: boolean;
  description: string;
  location: string;
  supportUrl: string;
  docsUrl: string;
  /** Markdown. */
  accessInfo: string;
  tags: Tag[];
}

export interface ConnectionValues {
  name: string;
  environment: string;
  endpoint: string;
  caBundlePem: string | null;
  clientCertificatePem: string | null;
  insecureSkipVerify: boolean;
  /** Custom-field values of the first instance (never secret fields: those go to the keyring). */
  fieldValues: Record<string, unknown>;
}

/** What the review needs of an instance's newest connection test in this wizard. */
export interface TestNote {
  status: string;
  certificate: { subject: string; notAfter: string; daysToExpiry: number } | null;
}

/**
 * The newest validation run of this wizard. Drafts saved before runs were named
 * have only status and summary; the instance is then the first one.
 */
export interface ValidationNote {
  status: string;
  summary: string;
  /** The instance the suite ran against. */
  instanceId?: string;
  /** When it started: shown when the history cannot show the run itself. */
  startedAt?: string;
}

/** What a step does when Next is pressed; false keeps the wizard on the step. */
export type LeaveHandler = () => Promise<boolean>;

export interface WizardData {
  sandbox: boolean;
  sandboxEndpoint: string | null;
  sandboxPreset: string | null;
  typeMode: 'catalogue' | 'custom';
  typeId: string;
  newType: NewTypeValues;
  createdTypeId: string | null;
  details: DetailsValues;
  platformId: string | null;
  connection: ConnectionValues;
  instanceId: string | null;
  /** Null until step 6 has loaded the stored settings. */
  settings: SettingsFormValues | null;
  validation: ValidationNote | null;
  /** Instance id → its newest connection test. */
  tests: Record<string, TestNote>;
  /**
   * The furthest step reached with Next: the stepper goes back and forth up to
   * it. Choosing another platform type brings it back to the current step.
   */
  reached: number;
}

export const STEPS = [
  {
    label: 'Platform type',
    description: 'Pick or create',
    explanation:
      'The platform type is the category the platform belongs to. It carries the custom fields every instance fills in and the connector that talks to the platform. Pick a type from the catalogue, or create a custom type when none fits.',
  },
  {
    label: 'Details',
    description: 'Name, location, tags',
    explanation:
      'How the platform is known: its name and identifier, where it runs, where to get support and documentation, how application teams get access, and the tags reports and searches rely on. Leaving this step saves the platform as a draft.',
  },
  {
    label: 'Connection',
    description: 'Endpoint, credential, TLS',
    explanation:
      'Where the first instance of the platform answers and how Platform Builder authenticates to it. Secrets go straight to the OS keyring and are never shown again. Test the connection to see each stage, from DNS to the API probe.',
  },
  {
    label: 'Custom fields',
    description: 'Per-instance settings',
    explanation:
      'Typed configuration options that every instance of this type fills in, such as a region or a cluster name. The connector can use them in its requests.',
  },
  {
    label: 'Integration',
    description: 'The connector',
    explanation:
      'The connector is the integration logic: how Platform Builder checks health, creates and deletes tenants, manages users and sets quotas on this platform. Start from a preset and try each operation against the instance.',
  },
  {
    label: 'Quotas, roles and naming',
    description: 'Conventions',
    explanation:
      'The quotas the platform enforces per tenant, which platform role each project role receives, and how tenant names are made. The validation suite uses all three.',
  },
  {
    label: 'Landing zones',
    description: 'Tenant templates',
    explanation:
      'A landing zone is the template a new tenant of this platform is created from: its default quotas (within the quota definitions) and whether an operator approves it. Optional here: add more on the platform page later; publishing the platform to application teams needs at least one.',
  },
  {
    label: 'Validate',
    description: 'Run the suite',
    explanation:
      'The validation suite provisions a throw-away tenant, adds and removes a user, sets each quota and always cleans up. Every request and response can be inspected, with secrets redacted.',
  },
  {
    label: 'Instances',
    description: 'dev, staging, prod',
    explanation:
      'The same platform in each environment it runs in, each with its own endpoint, credential and custom-field values. Clone an instance to start from its settings, and test each one.',
  },
  {
    label: 'Review',
    description: 'Check and finish',
    explanation:
      'Everything the wizard set up, with what still deserves attention. Finish makes the platform active, so it appears in the registry like any other.',
  },
] as const;

export const STEP_COUNT = STEPS.length;

/** E.g. "Step 3 of 10 — Connection". */
export function stepTitle(step: number): string {
  const index = Math.min(Math.max(step, 0), STEP_COUNT - 1);
  return `Step ${index + 1} of ${STEP_COUNT} — ${STEPS[index].label}`;
}

export function emptyData(): WizardData {
  return {
    sandbox: false,
    sandboxEndpoint: null,
    sandboxPreset: null,
    typeMode: 'catalogue',
    typeId: '',
    newType: { identifier: '', displayName: '', description: '', icon: 'box', defaultEndpoint: '' },
    createdTypeId: null,
    details: {
      name: '',
      identifier: '',
      identifierEdited: false,
      description: '',
      location: '',
      supportUrl: '',
      docsUrl: '',
      accessInfo: '',
      tags: [],
    },
    platformId: null,
    connection: {
      name: '',
      environment: 'dev',
      endpoint: '',
      caBundlePem: null,
      clientCertificatePem: null,
      insecureSkipVerify: false,
      fieldValues: {},
    },
    instanceId: null,
    settings: null,
    validation: null,
    tests: {},
    reached: 0,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A stored draft over the defaults, so a draft from an older version still opens. */
export function restoreData(raw: unknown): WizardData {
  const base = emptyData();
  if (!isRecord(raw)) return base;
  const part = <T extends object>(defaults: T, value: unknown): T =>
    isRecord(value) ? { ...defaults, ...(value as Partial<T>) } : defaults;
  return {
    ...base,
    ...(raw as Partial<WizardData>),
    newType: part(base.newType, raw.newType),
    details: part(base.details, raw.details),
    connection: part(base.connection, raw.connection),
    // Drafts saved before strictness existed: strict, no known deviations.
    settings: isRecord(raw.settings)
      ? { strictness: 'strict', knownDeviations: [], ...(raw.settings as Partial<SettingsFormValues>) } as SettingsFormValues
      : null,
    tests: isRecord(raw.tests) ? (raw.tests as WizardData['tests']) : {},
    reached: typeof raw.reached === 'number' && Number.isInteger(raw.reached) ? raw.reached : 0,
  };
}

export function draftTitle(data: WizardData): string {
  return data.details.name.trim() || 'Untitled platform';
}

// The backend refuses a draft with a value under any of these names; the wizard
// never puts one there, and this keeps a future field from doing so by accident.
const SECRET_NAMES = [
  'secret',
  'password',
  'passwd',
  'token',
  'credential',
  'privatekey',
  'clientkey',
  'apikey',
  'bearer',
];

export function looksSecret(key: string): boolean {
  const name = key.toLowerCase().replace(/[_-]/g, '');
  return SECRET_NAMES.some((s) => name.includes(s));
}

/** The draft's data without anything stored under a secret-looking name. */
export function draftPayload(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(draftPayload);
  if (!isRecord(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !looksSecret(key))
      .map(([key, v]) => [key, draftPayload(v)]),
  );
}

/** Same as the backend's: lower-case letters and digits, other runs as one '-', at most 63. */
export function slug(text: string): string {
  const words = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+/, '');
  return words.slice(0, 63).replace(/-+$/, '');
}

const PLATFORM_IDENTIFIER = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export function platformIdentifierError(value: string): string | null {
  if (value.trim() === '') return 'Identifier is required';
  return PLATFORM_IDENTIFIER.test(value.trim())
    ? null
    : "Identifier uses lower-case letters, digits and '-' (not at the start or end, at most 63), e.g. event-streaming-eu";
}

/** The first free type identifier of the form BASE, BASE-2, BASE-3, ... */
export function freeTypeIdentifier(base: string, types: PlatformType[]): string {
  const taken = new Set(types.map((t) => t.identifier));
  if (!taken.has(base)) return base;
  let n = 2;
  while (taken.has(`${base}-${n}`)) n += 1;
  return `${base}-${n}`;
}

/** Pre-fills every step for the sample platform running on this machine. */
export function sandboxData(info: SandboxInfo, types: PlatformType[]): WizardData {
  const base = emptyData();
  return {
    ...base,
    sandbox: true,
    sandboxEndpoint: info.endpoint,
    sandboxPreset: info.preset,
    typeMode: 'custom',
    newType: {
      identifier: freeTypeIdentifier('SANDBOX', types),
      displayName: 'Sandbox platform type',
      description: 'The sample platform Platform Builder runs on this machine, for trying the wizard.',
      icon: 'api',
      defaultEndpoint: info.endpoint,
    },
    details: {
      ...base.details,
      name: 'Sandbox platform',
      identifier: slug('Sandbox platform'),
      description: 'A sample platform to try establishing a custom platform without a real system.',
      location: 'local',
      accessInfo: '## Access\n\nThe sandbox runs inside Platform Builder on **127.0.0.1** while the app is open.',
    },
    connection: { ...base.connection, name: 'sandbox-dev', environment: 'dev', endpoint: info.endpoint },
    // The sample platform knows the roles viewer, developer and owner, and any quota key.
    settings: {
      naming: { template: '{prefix}-{purpose}-{suffix}', pattern: '^[a-z][a-z0-9-]{2,62}$', prefix: 'pb' },
      roleMappings: [
        { projectRole: 'reader', platformRole: 'viewer' },
        { projectRole: 'member', platformRole: 'developer' },
        { projectRole: 'admin', platformRole: 'owner' },
      ],
      quotas: [{ key: 'cpu', label: 'CPU cores', unit: 'cores', min: 1, max: 16, default: 4, description: '', autoApprovalThreshold: 8 }],
      strictness: 'strict',
      knownDeviations: [],
    },
  };
}

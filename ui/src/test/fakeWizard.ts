import type { ConnectorPreset } from '../bindings/ConnectorPreset';
import type { Instance } from '../bindings/Instance';
import type { Platform } from '../bindings/Platform';
import type { PlatformInput } from '../bindings/PlatformInput';
import type { Tag } from '../bindings/Tag';
import type { TagDefinition } from '../bindings/TagDefinition';
import type { WizardDraft } from '../bindings/WizardDraft';
import type { WizardDraftInput } from '../bindings/WizardDraftInput';
import { installBackend, ipcError } from './fakeBackend';

// The wizard's commands (issue 5) on top of the fake backend in fakeBackend.ts:
// drafts, tag definitions, locations, connectors and presets, certificate and key
// files, clone, and the sandbox. Same contract: state is kept, rejections are
// plain IpcError objects.

type Handler = (args: Record<string, unknown>) => unknown;
type BackendOptions = NonNullable<Parameters<typeof installBackend>[0]>;

export interface WizardBackendOptions extends BackendOptions {
  drafts?: WizardDraft[];
  tagDefinitions?: TagDefinition[];
  locations?: string[];
  /** Type identifier → connector YAML. */
  connectors?: Record<string, string>;
  /** Path → file content, for read_certificate_file and the client key. */
  files?: Record<string, string>;
}

export const SANDBOX = { endpoint: 'http://127.0.0.1:41234', preset: 'generic-rest', apiKeyHeader: 'X-API-Key' };
export const SANDBOX_KEY = 'sandbox-key-7f3e9a';
export const PRESETS: ConnectorPreset[] = [
  { id: 'generic-rest', name: 'Generic REST', description: 'A REST API with API key', definition: 'kind: http\n' },
];

const NOW = '2025-06-01T12:00:00Z';
// Same rule as the backend (wizard_drafts.rs).
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

function holdsValue(v: unknown): boolean {
  if (v === null || v === undefined || v === false) return false;
  if (typeof v === 'string') return v !== '';
  if (Array.isArray(v)) return v.some(holdsValue);
  if (typeof v === 'object') return Object.values(v).some(holdsValue);
  return true;
}

export function secretPath(value: unknown, path = 'data'): string | null {
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const found = secretPath(v, `${path}.${i}`);
      if (found) return found;
    }
    return null;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      const name = k.toLowerCase().replace(/[_-]/g, '');
      if (SECRET_NAMES.some((s) => name.includes(s)) && holdsValue(v)) return `${path}.${k}`;
      const found = secretPath(v, `${path}.${k}`);
      if (found) return found;
    }
    return null;
  }
  return typeof value === 'string' && value.includes('PRIVATE KEY-----') ? path : null;
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+/, '').slice(0, 63).replace(/-+$/, '');
}

/** The backend's tag rules (tag_definitions.rs check_tags), with its wording. */
function tagErrors(tags: Tag[], definitions: TagDefinition[]): [string, string][] {
  const errors: [string, string][] = [];
  tags.forEach((tag, i) => {
    const def = definitions.find((d) => d.key === tag.key);
    if (!def) return;
    if (def.allowedValues.length && !def.allowedValues.includes(tag.value)) {
      errors.push([`tags.${i}.value`, `${def.key} must be one of: ${def.allowedValues.join(', ')}`]);
    } else if (def.pattern && !new RegExp(`^(?:${def.pattern})$`).test(tag.value)) {
      errors.push([`tags.${i}.value`, `${def.key} must match ${def.pattern}`]);
    }
  });
  for (const def of definitions.filter((d) => d.mandatory)) {
    if (!tags.some((t) => t.key === def.key)) {
      errors.push(['tags', `The tag ${def.key} is mandatory on every platform`]);
    }
  }
  return errors;
}

export function wizardDraft(overrides: Partial<WizardDraft> = {}): WizardDraft {
  return { id: 'd-1', title: 'Event streaming', step: 2, data: {}, createdAt: NOW, updatedAt: NOW, ...overrides };
}

export function installWizardBackend(options: WizardBackendOptions = {}) {
  const overrides: Record<string, Handler> = {};
  const backend = installBackend({ ...options, overrides });
  const { state } = backend;
  const wizard = {
    drafts: [...(options.drafts ?? [])],
    tagDefinitions: [...(options.tagDefinitions ?? [])],
    locations: [...(options.locations ?? ['eu-central', 'on-prem'])],
    connectors: new Map(Object.entries(options.connectors ?? {})),
    files: options.files ?? {},
    sandboxRunning: false,
    /** Instance id → the client key file's content, as the keyring would hold it. */
    clientKeys: new Map<string, string>(),
  };
  let nextDraft = 1;

  const findInstance = (id: unknown): Instance => {
    const found = state.instances.find((i) => i.id === id);
    if (!found) throw ipcError('not_found', `Instance ${String(id)} does not exist`);
    return found;
  };
  const replace = (updated: Instance) => {
    state.instances = state.instances.map((i) => (i.id === updated.id ? updated : i));
    return updated;
  };
  const readFile = (path: unknown) => {
    const content = wizard.files[path as string];
    if (content === undefined) throw ipcError('not_found', `The file ${String(path)} does not exist`);
    return content;
  };

  const platformErrors = (input: PlatformInput, identifier: string, id: string | null) => {
    const errors = tagErrors(input.tags, wizard.tagDefinitions);
    if (state.platforms.some((p) => p.id !== id && p.identifier === identifier)) {
      errors.push(['identifier', 'Another platform already uses this identifier']);
    }
    if (errors.length) throw ipcError('validation', 'Some fields are invalid', errors);
  };

  const handlers: Record<string, Handler> = {
    // Like the backend: the identifier is derived from the name unless given, and unique.
    create_platform: ({ input }) => {
      const { status, accessInfo, identifier, ...rest } = input as PlatformInput;
      const id = identifier?.trim() || slug(rest.name);
      platformErrors(input as PlatformInput, id, null);
      const created: Platform = {
        ...rest,
        identifier: id,
        accessInfo: accessInfo ?? '',
        locationName: rest.location,
        availability: { restriction: 'private', publication: 'draft' },
        status: status ?? 'active',
        id: `p-new-${state.platforms.length + 1}`,
        instanceCount: 0,
        createdAt: NOW,
        updatedAt: NOW,
      };
      state.platforms.push(created);
      return created;
    },
    update_platform: ({ id, input }) => {
      const existing = state.platforms.find((p) => p.id === id);
      if (!existing) throw ipcError('not_found', `Platform ${String(id)} does not exist`);
      const { status, accessInfo, identifier, ...rest } = input as PlatformInput;
      const newIdentifier = identifier?.trim() || existing.identifier || slug(rest.name);
      platformErrors(input as PlatformInput, newIdentifier, existing.id);
      const updated: Platform = {
        ...existing,
        ...rest,
        identifier: newIdentifier,
        accessInfo: accessInfo ?? existing.accessInfo,
        status: status ?? existing.status,
        updatedAt: NOW,
      };
      state.platforms = state.platforms.map((p) => (p.id === existing.id ? updated : p));
      return updated;
    },
    list_locations: () =>
      wizard.locations.map((identifier) => ({
        identifier,
        displayName: identifier,
        description: '',
        platformCount: 1,
        createdAt: NOW,
        updatedAt: NOW,
      })),
    list_tag_definitions: () => wizard.tagDefinitions,
    list_wizard_drafts: () => [...wizard.drafts].reverse(),
    get_wizard_draft: ({ id }) => {
      const found = wizard.drafts.find((d) => d.id === id);
      if (!found) throw ipcError('not_found', `Draft ${String(id)} does not exist`);
      return found;
    },
    save_wizard_draft: ({ draft }) => {
      const input = draft as WizardDraftInput;
      const found = secretPath(input.data);
      if (found) {
        throw ipcError('validation', 'Some fields are invalid', [
          ['data', `Drafts never hold secrets, but ${found} has a value`],
        ]);
      }
      const saved: WizardDraft = {
        id: input.id ?? `d-new-${nextDraft++}`,
        title: input.title.trim() || 'Untitled platform',
        step: input.step,
        data: structuredClone(input.data),
        createdAt: NOW,
        updatedAt: NOW,
      };
      wizard.drafts = [...wizard.drafts.filter((d) => d.id !== saved.id), saved];
      return saved;
    },
    discard_wizard_draft: ({ id }) => {
      const found = wizard.drafts.find((d) => d.id === id);
      if (!found) throw ipcError('not_found', `Draft ${String(id)} does not exist`);
      const data = (found.data ?? {}) as { platformId?: string; createdTypeId?: string };
      const platform = state.platforms.find((p) => p.id === data.platformId);
      if (platform?.status === 'draft') {
        state.platforms = state.platforms.filter((p) => p.id !== platform.id);
        for (const i of state.instances.filter((x) => x.platformId === platform.id)) state.keyring.delete(i.id);
        state.instances = state.instances.filter((i) => i.platformId !== platform.id);
      }
      if (data.createdTypeId && !state.platforms.some((p) => p.typeId === data.createdTypeId)) {
        state.types = state.types.filter((t) => t.identifier !== data.createdTypeId);
      }
      wizard.drafts = wizard.drafts.filter((d) => d.id !== id);
      return null;
    },
    list_connector_presets: () => PRESETS,
    get_platform_type_connector: ({ identifier }) => wizard.connectors.get(identifier as string) ?? null,
    set_platform_type_connector: ({ identifier, definition }) => {
      if (definition === null) wizard.connectors.delete(identifier as string);
      else wizard.connectors.set(identifier as string, definition as string);
      return null;
    },
    read_certificate_file: ({ path }) => {
      const content = readFile(path);
      if (content.includes('PRIVATE KEY')) {
        throw ipcError('validation', 'Some fields are invalid', [['path', 'The file holds a private key']]);
      }
      return content;
    },
    set_instance_client_key_from_file: ({ id, path }) => {
      const found = findInstance(id);
      wizard.clientKeys.set(found.id, readFile(path));
      return replace({ ...found, tls: { ...found.tls, clientKeyConfigured: true, clientKeyUpdatedAt: NOW } });
    },
    remove_instance_client_key: ({ id }) => {
      const found = findInstance(id);
      wizard.clientKeys.delete(found.id);
      return replace({ ...found, tls: { ...found.tls, clientKeyConfigured: false, clientKeyUpdatedAt: null } });
    },
    clone_instance: ({ id, name, environment }) => {
      const source = findInstance(id);
      const clone: Instance = {
        ...source,
        id: `i-clone-${state.instances.length + 1}`,
        name: name as string,
        environment: environment as string,
        credential: { configured: false, version: 0, updatedAt: null, problem: null },
        tls: { ...source.tls, clientKeyConfigured: false, clientKeyUpdatedAt: null },
        secretFields: [],
        secretProblems: {},
        lastTest: null,
      };
      state.instances.push(clone);
      return clone;
    },
    start_sandbox: () => {
      wizard.sandboxRunning = true;
      return SANDBOX;
    },
    use_sandbox_credential: ({ id }) => {
      if (!wizard.sandboxRunning) throw ipcError('in_use', 'the sandbox is not running; start it first');
      const found = findInstance(id);
      state.keyring.set(found.id, SANDBOX_KEY);
      const version = found.credential.version + 1;
      return replace({ ...found, credential: { configured: true, version, updatedAt: NOW, problem: null } });
    },
  };
  Object.assign(overrides, handlers, options.overrides);

  return { ...backend, wizard };
}

import { mockIPC } from '@tauri-apps/api/mocks';
import type { AppStatus } from '../bindings/AppStatus';
import type { DraftInstance } from '../bindings/DraftInstance';
import type { Instance } from '../bindings/Instance';
import type { InstanceInput } from '../bindings/InstanceInput';
import type { InstanceTls } from '../bindings/InstanceTls';
import type { InstanceTlsInput } from '../bindings/InstanceTlsInput';
import type { IpcError } from '../bindings/IpcError';
import type { Platform } from '../bindings/Platform';
import type { PlatformInput } from '../bindings/PlatformInput';
import type { PlatformType } from '../bindings/PlatformType';
import type { PlatformTypeInput } from '../bindings/PlatformTypeInput';
import { BUILTIN_TYPES, EMPTY_SCHEMA, appStatus, noTls } from './fixtures';
import { bulkHandlers, type FakeBulkOptions } from './fakeBulk';
import { draftTestHandlers } from './fakeDraftTest';
import { healthHandlers } from './fakeHealth';
import { recorder, validationHandlers, validationState, type ValidationBackendOptions } from './fakeValidation';

/** Like the backend: TLS settings sent replace the stored ones, absent keeps them. */
function withTls(previous: InstanceTls, input: InstanceTlsInput | undefined): InstanceTls {
  if (!input) return previous;
  return {
    ...previous,
    caBundlePem: input.caBundlePem ?? null,
    clientCertificatePem: input.clientCertificatePem ?? null,
    insecureSkipVerify: input.insecureSkipVerify ?? false,
  };
}

export interface IpcCall {
  cmd: string;
  args: Record<string, unknown>;
}

type Handler = (args: Record<string, unknown>) => unknown;

interface BackendOptions extends ValidationBackendOptions {
  status?: AppStatus;
  types?: PlatformType[];
  platforms?: Platform[];
  instances?: Instance[];
  bulk?: FakeBulkOptions;
  /** Replace one command's behaviour, e.g. to make it fail. */
  overrides?: Record<string, Handler>;
}

export function ipcError(code: string, message: string, fields: [string, string][] = [], remediation: string | null = null): IpcError {
  return {
    code,
    message,
    details: { fields: fields.map(([field, msg]) => ({ field, message: msg })), remediation },
  };
}

const NOW = '2025-06-01T12:00:00Z';

/**
 * An in-memory stand-in for the Rust commands, installed with mockIPC. It keeps
 * state so a test sees the same round trips the app makes (save, then list again).
 * Rejections are thrown as plain IpcError objects, as Tauri delivers them.
 */
export function installBackend(options: BackendOptions = {}) {
  const state = {
    status: options.status ?? appStatus(),
    types: [...(options.types ?? BUILTIN_TYPES)],
    platforms: [...(options.platforms ?? [])],
    instances: [...(options.instances ?? [])],
    /** Stands in for the OS keyring: instance id → secret. */
    keyring: new Map<string, string>(),
    /** Validation settings, test-run history, retention and how the next run goes. */
    ...validationState(options),
    /** How the next test_instances goes. */
    bulk: options.bulk ?? {},
    /** Every test_connection_draft's `draft`, as received (tests check `secret` is null). */
    draftTests: [] as DraftInstance[],
  };
  const calls: IpcCall[] = [];
  let nextId = 1;

  const findInstance = (id: unknown) => {
    const found = state.instances.find((i) => i.id === id);
    if (!found) throw ipcError('not_found', `Instance ${String(id)} does not exist`);
    return found;
  };
  const replaceInstance = (updated: Instance) => {
    state.instances = state.instances.map((i) => (i.id === updated.id ? updated : i));
    return updated;
  };
  const countInstances = (p: Platform): Platform => ({
    ...p,
    instanceCount: state.instances.filter((i) => i.platformId === p.id).length,
  });

  const handlers: Record<string, Handler> = {
    app_status: () => state.status,
    ui_ready: () => 850,
    list_platform_types: () => state.types,
    create_platform_type: ({ input }) => {
      const i = input as PlatformTypeInput;
      if (state.types.some((t) => t.identifier === i.identifier)) {
        throw ipcError('validation', 'Some fields are invalid', [
          ['identifier', `A platform type with identifier ${i.identifier} already exists`],
        ]);
      }
      const created: PlatformType = {
        ...i,
        builtin: false,
        customFields: [],
        configSchema: EMPTY_SCHEMA,
        createdAt: NOW,
        updatedAt: NOW,
      };
      state.types.push(created);
      return created;
    },
    update_platform_type: ({ input }) => {
      const i = input as PlatformTypeInput;
      const existing = state.types.find((t) => t.identifier === i.identifier);
      if (!existing) throw ipcError('not_found', `Platform type ${i.identifier} does not exist`);
      const updated = { ...existing, ...i, updatedAt: NOW };
      state.types = state.types.map((t) => (t.identifier === i.identifier ? updated : t));
      return updated;
    },
    delete_platform_type: ({ identifier }) => {
      state.types = state.types.filter((t) => t.identifier !== identifier);
      return null;
    },
    // Types in these fakes have no connector unless a test overrides this.
    get_platform_type_connector: () => null,
    // ...so none runs a local program either (fakeExecTrust.ts gives one that does).
    get_exec_trust: () => null,
    list_tag_definitions: () => [],
    list_landing_zones: () => [],
    list_locations: () => [],
    get_publication_readiness: () => ({
      missing: ['an instance whose last validation passed with the current connector (run the validation suite)'],
      validatedInstances: [],
      landingZones: [],
    }),
    list_wizard_drafts: () => [],
    list_platforms: () => state.platforms.map(countInstances),
    get_platform: ({ id }) => state.platforms.find((p) => p.id === id),
    create_platform: ({ input }) => {
      const { status, accessInfo, identifier, ...rest } = input as PlatformInput;
      const created: Platform = {
        ...rest,
        identifier: identifier ?? rest.name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
        accessInfo: accessInfo ?? '',
        locationName: rest.location,
        availability: { restriction: 'private', publication: 'draft' },
        status: status ?? 'active',
        id: `p-new-${nextId++}`,
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
      const updated: Platform = {
        ...existing,
        ...rest,
        identifier: identifier ?? existing.identifier,
        accessInfo: accessInfo ?? existing.accessInfo,
        status: status ?? existing.status,
        updatedAt: NOW,
      };
      state.platforms = state.platforms.map((p) => (p.id === id ? updated : p));
      return countInstances(updated);
    },
    delete_platform: ({ id }) => {
      state.platforms = state.platforms.filter((p) => p.id !== id);
      state.instances = state.instances.filter((i) => i.platformId !== id);
      return null;
    },
    list_instances: ({ platformId }) => state.instances.filter((i) => i.platformId === platformId),
    create_instance: ({ platformId, input }) => {
      const { tls, fieldValues, ...fields } = input as InstanceInput;
      const created: Instance = {
        ...fields,
        id: `i-new-${nextId++}`,
        platformId: platformId as string,
        credential: { configured: false, version: 0, updatedAt: null, problem: null },
        tls: withTls(noTls(), tls),
        fieldValues: fieldValues ?? {},
        secretFields: [],
        secretProblems: {},
        lastTest: null,        validation: null,        connectorVersion: null,
        createdAt: NOW,
        updatedAt: NOW,
      };
      state.instances.push(created);
      return created;
    },
    update_instance: ({ id, input }) => {
      const { tls, fieldValues, ...fields } = input as InstanceInput;
      const existing = findInstance(id);
      return replaceInstance({
        ...existing,
        ...fields,
        tls: withTls(existing.tls, tls),
        fieldValues: fieldValues ?? existing.fieldValues,
        updatedAt: NOW,
      });
    },
    delete_instance: ({ id }) => {
      findInstance(id);
      state.keyring.delete(id as string);
      state.instances = state.instances.filter((i) => i.id !== id);
      return null;
    },
    set_instance_credential: ({ id, secret }) => {
      const found = findInstance(id);
      state.keyring.set(found.id, secret as string);
      const version = found.credential.version + 1;
      return replaceInstance({ ...found, credential: { configured: true, version, updatedAt: NOW, problem: null } });
    },
    remove_instance_credential: ({ id }) => {
      const found = findInstance(id);
      state.keyring.delete(found.id);
      return replaceInstance({ ...found, credential: { ...found.credential, configured: false, updatedAt: NOW } });
    },
  };

  const validationDeps = { state, findInstance, replaceInstance, newId: () => String(nextId++), ipcError };
  const bulk = bulkHandlers({ state, record: recorder(validationDeps) });
  Object.assign(
    handlers,
    validationHandlers(validationDeps),
    bulk.handlers,
    draftTestHandlers({ state, findInstance, ipcError }),
    healthHandlers(state),
  );

  mockIPC((cmd, payload) => {
    const args = (payload ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args });
    const handler = options.overrides?.[cmd] ?? handlers[cmd];
    if (!handler) throw `command ${cmd} not found`;
    return handler(args);
  });

  return {
    state,
    calls,
    callsTo: (cmd: string) => calls.filter((c) => c.cmd === cmd),
    /** Lets a test_instances held by `bulk.holdAfter` finish. */
    releaseBulk: bulk.release,
  };
}

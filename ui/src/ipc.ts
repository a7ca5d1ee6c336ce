import { Channel, invoke, type InvokeArgs } from '@tauri-apps/api/core';
import type { AppStatus } from './bindings/AppStatus';
import type { BulkProgress } from './bindings/BulkProgress';
import type { BulkResult } from './bindings/BulkResult';
import type { ConnectionTest } from './bindings/ConnectionTest';
import type { DraftInstance } from './bindings/DraftInstance';
import type { FieldError } from './bindings/FieldError';
import type { HistoryRetention } from './bindings/HistoryRetention';
import type { Instance } from './bindings/Instance';
import type { InstanceInput } from './bindings/InstanceInput';
import type { Platform } from './bindings/Platform';
import type { PlatformInput } from './bindings/PlatformInput';
import type { PlatformType } from './bindings/PlatformType';
import type { PlatformTypeInput } from './bindings/PlatformTypeInput';
import type { Stage } from './bindings/Stage';
import type { StoredTestRun } from './bindings/StoredTestRun';
import type { SuiteEvent } from './bindings/SuiteEvent';
import type { TestRunRecord } from './bindings/TestRunRecord';
import type { ValidationResult } from './bindings/ValidationResult';
import type { ValidationSettings } from './bindings/ValidationSettings';

export type ExportFormat = 'json' | 'junit';

/** Every command failure, whatever shape the rejection had, becomes one of these. */
export class IpcFailure extends Error {
  readonly code: string;
  readonly fields: FieldError[];
  readonly remediation: string | null;

  constructor(code: string, message: string, fields: FieldError[] = [], remediation: string | null = null) {
    super(message);
    this.name = 'IpcFailure';
    this.code = code;
    this.fields = fields;
    this.remediation = remediation;
  }

  get isValidation(): boolean {
    return this.code === 'validation';
  }

  /** True when the failure can be shown next to form fields instead of as a notification. */
  get belongsToForm(): boolean {
    return this.isValidation && this.fields.length > 0;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function nonEmptyString(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

function parseFields(value: unknown): FieldError[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) => {
    if (!isRecord(item)) return [];
    const field = nonEmptyString(item.field);
    const message = nonEmptyString(item.message);
    return field && message ? [{ field, message }] : [];
  });
}

/**
 * Users of similar tools complain about "[object Object]" toasts, so whatever the
 * rejection is, the result carries a sentence a person can read.
 */
export function toIpcFailure(error: unknown, command?: string): IpcFailure {
  if (error instanceof IpcFailure) return error;
  const context = command ? ` (${command})` : '';

  if (typeof error === 'string') {
    return new IpcFailure('internal', nonEmptyString(error) ?? `The app reported an empty error${context}.`);
  }

  if (error instanceof Error) {
    const message = nonEmptyString(error.message) ?? `Unexpected ${error.name}${context}.`;
    return new IpcFailure('internal', message);
  }

  if (isRecord(error)) {
    const code = nonEmptyString(error.code) ?? 'internal';
    const details = isRecord(error.details) ? error.details : null;
    const fields = parseFields(details?.fields);
    const remediation = nonEmptyString(details?.remediation);
    const message =
      nonEmptyString(error.message) ??
      (fields.length > 0
        ? fields.map((f) => f.message).join('; ')
        : `The app reported an error without a description${context} (code: ${code}).`);
    return new IpcFailure(code, message, fields, remediation);
  }

  return new IpcFailure('internal', `The app reported an unexpected error${context}.`);
}

/** Invokes a command; rejects only with IpcFailure. */
export async function call<T>(command: string, args?: InvokeArgs): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (error) {
    throw toIpcFailure(error, command);
  }
}

/**
 * Field errors keyed by the input path Mantine's form uses ("tags.0.key"). Several
 * problems with one field are joined, so none is lost.
 */
export function toFormErrors(fields: readonly FieldError[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const { field, message } of fields) {
    errors[field] = errors[field] ? `${errors[field]} ${message}` : message;
  }
  return errors;
}

export const ipc = {
  appStatus: () => call<AppStatus>('app_status'),
  /** Tells the backend the first screen shows data; it logs the start-up time. */
  uiReady: () => call<number>('ui_ready'),

  listPlatformTypes: () => call<PlatformType[]>('list_platform_types'),
  createPlatformType: (input: PlatformTypeInput) => call<PlatformType>('create_platform_type', { input }),
  updatePlatformType: (input: PlatformTypeInput) => call<PlatformType>('update_platform_type', { input }),
  deletePlatformType: (identifier: string) => call<null>('delete_platform_type', { identifier }),

  listPlatforms: () => call<Platform[]>('list_platforms'),
  getPlatform: (id: string) => call<Platform>('get_platform', { id }),
  createPlatform: (input: PlatformInput) => call<Platform>('create_platform', { input }),
  updatePlatform: (id: string, input: PlatformInput) => call<Platform>('update_platform', { id, input }),
  deletePlatform: (id: string) => call<null>('delete_platform', { id }),

  listInstances: (platformId: string) => call<Instance[]>('list_instances', { platformId }),
  createInstance: (platformId: string, input: InstanceInput) =>
    call<Instance>('create_instance', { platformId, input }),
  updateInstance: (id: string, input: InstanceInput) => call<Instance>('update_instance', { id, input }),
  deleteInstance: (id: string) => call<null>('delete_instance', { id }),

  // The secret goes to the backend once; nothing here keeps or logs it.
  setInstanceCredential: (id: string, secret: string) => call<Instance>('set_instance_credential', { id, secret }),
  removeInstanceCredential: (id: string) => call<Instance>('remove_instance_credential', { id }),
  removeInstanceClientKey: (id: string) => call<Instance>('remove_instance_client_key', { id }),

  /** Resolves with the whole test; `onStage` gets each stage as it completes. */
  testConnection: (id: string, onStage?: (stage: Stage) => void) => {
    const channel = new Channel<Stage>();
    if (onStage) channel.onmessage = onStage;
    return call<ConnectionTest>('test_connection', { id, onStage: channel });
  },
  /**
   * Tests form values that are not saved; the backend uses the secrets stored for
   * `draft.instanceId` (if any). Nothing is saved or added to the history.
   */
  testConnectionDraft: (draft: DraftInstance) => call<ConnectionTest>('test_connection_draft', { draft }),

  getValidationSettings: (platformId: string) => call<ValidationSettings>('get_validation_settings', { platformId }),
  setValidationSettings: (platformId: string, settings: ValidationSettings) =>
    call<ValidationSettings>('set_validation_settings', { platformId, settings }),
  /** Resolves when the whole run (cleanup included) is over; progress arrives on `onEvent`. */
  /** `landingZone`: the tenant is created with that zone's quotas (null: the quota defaults). */
  runValidation: (id: string, onEvent: Channel<SuiteEvent>, landingZone: string | null = null) =>
    call<ValidationResult>('run_validation', { id, onEvent, landingZone }),
  cancelValidation: (id: string) => call<boolean>('cancel_validation', { id }),
  /**
   * Connection-tests the given instances (null: every registered one), at most
   * `concurrency` at a time. Resolves with every result once all are done; each
   * result also arrives on `onProgress` as it finishes.
   */
  testInstances: (ids: string[] | null, concurrency: number, onProgress: Channel<BulkProgress>) =>
    call<BulkResult[]>('test_instances', { ids, concurrency, onProgress }),

  listTestRuns: (instanceId: string, limit?: number) => call<TestRunRecord[]>('list_test_runs', { instanceId, limit }),
  getTestRun: (id: string) => call<StoredTestRun>('get_test_run', { id }),
  exportTestRun: (id: string, format: ExportFormat) => call<string>('export_test_run', { id, format }),
  getHistoryRetention: () => call<HistoryRetention>('get_history_retention', {}),
  setHistoryRetention: (retention: HistoryRetention) => call<HistoryRetention>('set_history_retention', { retention }),
};

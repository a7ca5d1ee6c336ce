import type { HistoryRetention } from '../bindings/HistoryRetention';
import type { Instance } from '../bindings/Instance';
import type { IpcError } from '../bindings/IpcError';
import type { Leftover } from '../bindings/Leftover';
import type { StepReport } from '../bindings/StepReport';
import type { StepStatus } from '../bindings/StepStatus';
import type { StoredTestRun } from '../bindings/StoredTestRun';
import type { SuiteEvent } from '../bindings/SuiteEvent';
import type { TestRun } from '../bindings/TestRun';
import type { TestRunRecord } from '../bindings/TestRunRecord';
import type { ValidationResult } from '../bindings/ValidationResult';
import type { ValidationSettings } from '../bindings/ValidationSettings';
import { connectionTest, defaultValidationSettings, exchange, stepReport } from './validationFixtures';

// The validation and history half of the fake backend (see fakeBackend.ts), split
// off so each file stays readable.

type Handler = (args: Record<string, unknown>) => unknown;

/** How the fake run_validation goes; tests change it between runs through `state.run`. */
export interface FakeRunOptions {
  /** The lifecycle step that fails; later ones are skipped and cleanup runs. */
  failAt?: string;
  /** Cleanup could not remove these (the delete-tenant cleanup step fails). */
  leftovers?: Leftover[];
  /** Stop at "read tenant back" until cancel_validation is called. */
  hold?: boolean;
}

export interface ValidationBackendOptions {
  validationSettings?: Record<string, ValidationSettings>;
  testRuns?: StoredTestRun[];
  retention?: HistoryRetention;
  run?: FakeRunOptions;
}

export const LIFECYCLE = [
  'check',
  'tenant name',
  'create tenant',
  'read tenant back',
  'add user',
  'user listed',
  'remove user',
  'user gone',
  'delete tenant',
  'tenant gone',
];
const HOLD_AT = LIFECYCLE.indexOf('read tenant back');
const FAKE_NOW = '2025-06-01T12:00:00Z';

export function validationState(options: ValidationBackendOptions) {
  return {
    validationSettings: new Map(Object.entries(options.validationSettings ?? {})),
    /** Newest first, like list_test_runs. */
    testRuns: [...(options.testRuns ?? [])],
    retention: options.retention ?? { keep: 50, maxAgeDays: 90 },
    run: options.run ?? {},
  };
}

type ValidationState = ReturnType<typeof validationState>;

export interface Deps {
  state: ValidationState;
  findInstance: (id: unknown) => Instance;
  replaceInstance: (updated: Instance) => Instance;
  newId: () => string;
  ipcError: (code: string, message: string, fields?: [string, string][]) => IpcError;
}

/** Stores a run in the history and, like the backend, makes it the instance's status. */
export type RecordRun = (
  instanceId: string,
  kind: string,
  status: string,
  durationMs: number,
  line: string,
  report: unknown,
) => TestRunRecord;

export function recorder({ state, findInstance, replaceInstance, newId }: Deps): RecordRun {
  return (instanceId, kind, status, durationMs, line, report) => {
    const stored: StoredTestRun = {
      record: {
        id: `run-${newId()}`,
        instanceId,
        kind,
        status,
        startedAt: FAKE_NOW,
        finishedAt: FAKE_NOW,
        durationMs,
        summary: line,
      },
      report,
    };
    state.testRuns.unshift(stored);
    const lastTest = { kind, status, startedAt: FAKE_NOW, summary: line };
    replaceInstance({ ...findInstance(instanceId), lastTest });
    return stored.record;
  };
}

/**
 * Tauri hands the Channel to the command as the object itself when mocked (mockIPC
 * calls the handler with the raw args) and as "__CHANNEL__:<id>" once serialised;
 * both are handled, so the fake keeps working if the mock starts serialising.
 */
type Internals = { runCallback?: (id: number, data: unknown) => void };

export function channelSender<T>(onEvent: unknown): (event: T) => void {
  const internals = (window as unknown as { __TAURI_INTERNALS__?: Internals }).__TAURI_INTERNALS__;
  // The wire format of a channel message: the index keeps them in order.
  let index = 0;
  const viaCallback = (id: number) => (message: T) => internals?.runCallback?.(id, { message, index: index++ });
  if (typeof onEvent === 'object' && onEvent !== null) {
    const channel = onEvent as { onmessage?: unknown; id?: unknown };
    const onmessage = channel.onmessage;
    if (typeof onmessage === 'function') return (message) => (onmessage as (m: T) => void)(message);
    if (typeof channel.id === 'number') return viaCallback(channel.id);
  }
  if (typeof onEvent === 'string' && onEvent.startsWith('__CHANNEL__:')) {
    return viaCallback(Number(onEvent.slice('__CHANNEL__:'.length)));
  }
  return () => {};
}

function checkSettings(s: ValidationSettings): [string, string][] {
  const errors: [string, string][] = [];
  let pattern: RegExp | null = null;
  try {
    pattern = new RegExp(s.naming.pattern);
  } catch {
    errors.push(['naming.pattern', 'The pattern is not a valid regex']);
  }
  const example = renderName(s, 'a1b2c3');
  if (pattern && !s.naming.template.includes('{suffix}')) {
    errors.push(['naming.template', 'The template needs {suffix}, so that every generated name is unique']);
  } else if (pattern && !pattern.test(example)) {
    errors.push(['naming.template', `The template gives '${example}', which the pattern does not accept`]);
  }
  if (!s.naming.prefix.trim() && s.naming.template.includes('{prefix}')) {
    errors.push(['naming.prefix', 'Enter the prefix the template uses']);
  }
  const roles = new Set<string>();
  s.roleMappings.forEach((m, i) => {
    if (!['reader', 'member', 'admin'].includes(m.projectRole)) {
      errors.push([`roleMappings.${i}.projectRole`, 'The project role is reader, member or admin']);
    } else if (roles.has(m.projectRole)) {
      errors.push([`roleMappings.${i}.projectRole`, `'${m.projectRole}' is mapped twice`]);
    }
    roles.add(m.projectRole);
    if (!m.platformRole.trim()) {
      errors.push([`roleMappings.${i}.platformRole`, "Enter the platform's role name (at most 100 characters)"]);
    }
  });
  s.quotas.forEach((q, i) => {
    if (!/^[A-Za-z0-9._/-]{1,100}$/.test(q.key)) {
      errors.push([`quotas.${i}.key`, "The key uses letters, digits, '.', '_', '/' and '-', e.g. requests.cpu"]);
    }
    if (!q.label.trim()) errors.push([`quotas.${i}.label`, 'Enter a label']);
    if (q.min > q.max) errors.push([`quotas.${i}.max`, 'The maximum must be at least the minimum']);
    else if (q.default < q.min || q.default > q.max) {
      errors.push([`quotas.${i}.default`, 'The default must lie between the minimum and the maximum']);
    }
  });
  return errors;
}

function renderName(s: ValidationSettings, suffix: string): string {
  return s.naming.template
    .replaceAll('{prefix}', s.naming.prefix)
    .replaceAll('{purpose}', 'validation')
    .replaceAll('{suffix}', suffix)
    .replaceAll('{environment}', 'dev');
}

/** Same wording as the backend's summary line. */
function summary(run: TestRun): string {
  const passed = run.steps.filter((s) => s.status === 'passed').length;
  const lifecycle = run.steps.filter((s) => !s.cleanup).length;
  const skippedCount = run.steps.filter((s) => !s.cleanup && s.status === 'skipped').length;
  const skipped = skippedCount ? `, ${skippedCount} skipped` : '';
  const failed = run.steps.find((s) => s.status === 'failed');
  const first = failed ? `; ${failed.name} failed: ${failed.message}` : '';
  const left = run.leftovers.length ? `; ${run.leftovers.length} left behind` : '';
  return `${passed} of ${lifecycle} steps passed${skipped}${first}${left}`;
}

function junit(stored: StoredTestRun): string {
  const report = stored.report as TestRun;
  const steps = stored.record.kind === 'validation' ? report.steps : [];
  const cases = steps
    .map((s) => {
      const body =
        s.status === 'failed' ? `<failure message="${s.message}"/>` : s.status === 'passed' ? '' : '<skipped/>';
      return `    <testcase name="${s.name}" time="${s.durationMs / 1000}">${body}</testcase>`;
    })
    .join('\n');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${stored.record.kind}" tests="${steps.length}">`,
    '  <testsuite>',
    cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

export function validationHandlers(deps: Deps): Record<string, Handler> {
  const { state, findInstance, ipcError } = deps;
  /** instance id → resolves the held run as cancelled. */
  const running = new Map<string, () => void>();
  const record = recorder(deps);

  const settingsOf = (platformId: string) => state.validationSettings.get(platformId) ?? defaultValidationSettings();

  const runSuite = async (instance: Instance, send: (e: SuiteEvent) => void): Promise<ValidationResult> => {
    const options = state.run;
    const tenantName = renderName(settingsOf(instance.platformId), 'a1b2c3');
    const steps: StepReport[] = [];
    const finish = (step: StepReport) => {
      send({ event: 'step_finished', index: steps.length, step });
      steps.push(step);
    };
    let halted: StepStatus | null = null;
    for (const [i, name] of LIFECYCLE.entries()) {
      if (halted) {
        const cancelled = halted === 'cancelled';
        finish(
          stepReport({
            name,
            operation: null,
            status: cancelled ? 'cancelled' : 'skipped',
            durationMs: 0,
            message: cancelled ? 'not run: the run was cancelled' : 'not run: an earlier step failed',
          }),
        );
        continue;
      }
      send({ event: 'step_started', index: steps.length, name });
      if (options.hold && i === HOLD_AT) {
        await new Promise<void>((resolve) => running.set(instance.id, resolve));
        halted = 'cancelled';
      }
      const operation = name.replace(/ /g, '_');
      if (name === options.failAt) {
        halted = 'failed';
        const message = 'the platform answered 500';
        // Like the real suite, a failure says what was expected against what happened.
        const differences = [{ what: 'status of POST /api/tenants', expected: 'HTTP 201', actual: 'HTTP 500' }];
        finish(
          stepReport({ name, operation, status: 'failed', durationMs: 412, message, exchanges: [exchange()], differences }),
        );
      } else {
        // Like the real suite, a passed step keeps its requests too; only the
        // tenant name is made without asking the platform.
        const exchanges =
          name === 'tenant name'
            ? []
            : [
                exchange({
                  request: operation,
                  method: 'GET',
                  status: 200,
                  requestBody: null,
                  responseBody: '{"ok":true}',
                  durationMs: 100,
                }),
              ];
        finish(stepReport({ name, operation, durationMs: 100, message: 'ok', exchanges }));
      }
    }
    // Cleanup runs whatever happened, for what the lifecycle created and did not remove.
    const stoppedAt = LIFECYCLE.indexOf(steps.find((s) => s.status !== 'passed')?.name ?? '');
    const created = (step: string) => stoppedAt > LIFECYCLE.indexOf(step);
    const leftovers = options.leftovers ?? [];
    const cleanup = (name: string, failed: boolean) => {
      send({ event: 'step_started', index: steps.length, name });
      finish(
        stepReport({
          name,
          operation: null,
          status: failed ? 'failed' : 'passed',
          message: failed ? 'the platform answered 409' : 'done',
          cleanup: true,
          exchanges: [exchange({ method: 'DELETE', status: failed ? 409 : 204, responseBody: failed ? 'conflict' : null })],
        }),
      );
    };
    if (stoppedAt >= 0) {
      if (created('add user') && !created('remove user')) cleanup('cleanup: remove user', false);
      if (created('create tenant') && !created('delete tenant')) {
        cleanup('cleanup: delete tenant', leftovers.length > 0);
      }
    }
    const status: StepStatus =
      halted === 'cancelled' ? 'cancelled' : halted === 'failed' || leftovers.length > 0 ? 'failed' : 'passed';
    const run: TestRun = {
      status,
      startedAtMs: Date.parse(FAKE_NOW),
      durationMs: steps.reduce((sum, s) => sum + s.durationMs, 0),
      tenantName,
      steps,
      strictness: 'strict',
      leftovers,
    };
    return { record: record(instance.id, 'validation', status, run.durationMs, summary(run), run), run };
  };

  const findRun = (id: unknown) => {
    const found = state.testRuns.find((r) => r.record.id === id);
    if (!found) throw ipcError('not_found', `Test run ${String(id)} does not exist`);
    return found;
  };

  return {
    get_validation_settings: ({ platformId }) => settingsOf(platformId as string),
    set_validation_settings: ({ platformId, settings }) => {
      const s = settings as ValidationSettings;
      const errors = checkSettings(s);
      if (errors.length) throw ipcError('validation', 'Some fields are invalid', errors);
      state.validationSettings.set(platformId as string, s);
      return s;
    },
    run_validation: async ({ id, onEvent }) => {
      const instance = findInstance(id);
      if (running.has(instance.id)) {
        throw ipcError('in_use', 'a validation run of this instance is already in progress');
      }
      try {
        return await runSuite(instance, channelSender<SuiteEvent>(onEvent));
      } finally {
        running.delete(instance.id);
      }
    },
    cancel_validation: ({ id }) => {
      const stop = running.get(id as string);
      stop?.();
      return stop !== undefined;
    },
    test_connection: ({ id }) => {
      const instance = findInstance(id);
      const test = connectionTest();
      record(instance.id, 'connection_test', 'ok', 75, 'all stages passed', test);
      return test;
    },
    list_test_runs: ({ instanceId, limit }) =>
      state.testRuns
        .filter((r) => r.record.instanceId === instanceId)
        .slice(0, typeof limit === 'number' ? limit : 50)
        .map((r): TestRunRecord => r.record),
    get_test_run: ({ id }) => findRun(id),
    export_test_run: ({ id, format }) => {
      const stored = findRun(id);
      if (format === 'json') return JSON.stringify({ record: stored.record, report: stored.report }, null, 2);
      if (format === 'junit') return junit(stored);
      throw ipcError('validation', 'Some fields are invalid', [
        ['format', `'${String(format)}' is not an export format; use json or junit`],
      ]);
    },
    get_history_retention: () => state.retention,
    set_history_retention: ({ retention }) => {
      const r = retention as HistoryRetention;
      const errors: [string, string][] = [];
      if (!(Number.isInteger(r.keep) && r.keep >= 1 && r.keep <= 10000)) {
        errors.push(['keep', 'Keep between 1 and 10000 runs per instance']);
      }
      if (!(Number.isInteger(r.maxAgeDays) && r.maxAgeDays >= 1 && r.maxAgeDays <= 3650)) {
        errors.push(['maxAgeDays', 'Keep runs between 1 and 3650 days']);
      }
      if (errors.length) throw ipcError('validation', 'Some fields are invalid', errors);
      state.retention = r;
      return r;
    },
  };
}

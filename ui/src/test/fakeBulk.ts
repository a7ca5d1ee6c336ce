import type { BulkProgress } from '../bindings/BulkProgress';
import type { BulkResult } from '../bindings/BulkResult';
import type { Instance } from '../bindings/Instance';
import { connectionTest } from './validationFixtures';
import { channelSender, type RecordRun } from './fakeValidation';

// The bulk connection test of the fake backend (see fakeBackend.ts).

type Handler = (args: Record<string, unknown>) => unknown;

/** How one instance's test goes; by default it passes in 75 ms. */
export interface FakeBulkOutcome {
  status?: 'ok' | 'warning' | 'failed';
  summary?: string;
  durationMs?: number;
}

/** How the fake test_instances goes; tests change it between runs through `state.bulk`. */
export interface FakeBulkOptions {
  /** instance id → its outcome. */
  outcomes?: Record<string, FakeBulkOutcome>;
  /** Deliver this many results, then wait until `release()` is called. */
  holdAfter?: number;
}

interface Deps {
  state: { instances: Instance[]; bulk: FakeBulkOptions };
  record: RecordRun;
}

const DEFAULT_SUMMARY: Record<string, string> = {
  ok: 'all stages passed',
  warning: 'the certificate expires in 12 days',
  failed: 'connection refused',
};

export function bulkHandlers({ state, record }: Deps) {
  let held: (() => void) | null = null;

  const handlers: Record<string, Handler> = {
    test_instances: async ({ ids, onProgress }) => {
      const send = channelSender<BulkProgress>(onProgress);
      const chosen = Array.isArray(ids) ? state.instances.filter((i) => ids.includes(i.id)) : [...state.instances];
      const { outcomes = {}, holdAfter } = state.bulk;
      const results: BulkResult[] = [];
      for (const instance of chosen) {
        if (results.length === holdAfter) await new Promise<void>((resolve) => (held = resolve));
        const outcome = outcomes[instance.id] ?? {};
        const status = outcome.status ?? 'ok';
        const result: BulkResult = {
          instanceId: instance.id,
          instanceName: instance.name,
          platformId: instance.platformId,
          status,
          summary: outcome.summary ?? DEFAULT_SUMMARY[status],
          durationMs: outcome.durationMs ?? 75,
        };
        // Like the backend, each result is stored as a connection test in the history.
        record(instance.id, 'connection_test', status, result.durationMs, result.summary, connectionTest());
        results.push(result);
        send({ done: results.length, total: chosen.length, result });
      }
      return results;
    },
  };

  return {
    handlers,
    /** Lets a held test_instances go on. */
    release: () => {
      held?.();
      held = null;
    },
  };
}

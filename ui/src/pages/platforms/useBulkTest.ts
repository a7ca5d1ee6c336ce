import { useCallback, useState } from 'react';
import { Channel } from '@tauri-apps/api/core';
import { useQueryClient } from '@tanstack/react-query';
import type { BulkProgress } from '../../bindings/BulkProgress';
import type { BulkResult } from '../../bindings/BulkResult';
import { ipc, toIpcFailure, type IpcFailure } from '../../ipc';
import { queryKeys } from '../../queries';

/** What the backend's default is too: enough to be quick, few enough not to flood anyone. */
export const BULK_CONCURRENCY = 8;

const SEVERITY: Record<string, number> = { failed: 0, warning: 1, ok: 2 };

/**
 * Failures first, then warnings, then the healthy ones: the ones to act on lead.
 * Within a status by platform and instance name, so the order does not depend on
 * which test happened to finish first.
 */
export function sortResults(results: BulkResult[], platformName: (id: string) => string): BulkResult[] {
  const key = (r: BulkResult) => SEVERITY[r.status] ?? 0;
  return [...results].sort(
    (a, b) =>
      key(a) - key(b) ||
      platformName(a.platformId).localeCompare(platformName(b.platformId)) ||
      a.instanceName.localeCompare(b.instanceName),
  );
}

/** "12 ok, 1 warning, 2 failed"; an unknown status counts as failed, as it is sorted. */
export function countLine(results: BulkResult[]): string {
  const count = (status: string) => results.filter((r) => r.status === status).length;
  const ok = count('ok');
  const warning = count('warning');
  const failed = results.length - ok - warning;
  return `${ok} ok, ${warning} ${warning === 1 ? 'warning' : 'warnings'}, ${failed} failed`;
}

/**
 * Connection-tests every registered instance and follows the progress. Not a
 * useMutation for the same reason as useValidationRun: results arrive on a
 * Channel while the call is pending, and the table has to grow with them.
 */
export function useBulkTest() {
  const qc = useQueryClient();
  const [results, setResults] = useState<BulkResult[]>([]);
  const [done, setDone] = useState(0);
  /** Null until the backend has said how many instances there are. */
  const [total, setTotal] = useState<number | null>(null);
  const [running, setRunning] = useState(false);
  const [finished, setFinished] = useState(false);
  const [error, setError] = useState<IpcFailure | null>(null);

  const start = useCallback(async () => {
    setResults([]);
    setDone(0);
    setTotal(null);
    setFinished(false);
    setError(null);
    setRunning(true);
    // Messages of this run only: once the call has settled, its returned list is
    // the record, and a message delivered late must not add a row twice.
    let live = true;
    const onProgress = new Channel<BulkProgress>();
    onProgress.onmessage = (progress) => {
      if (!live) return;
      setResults((previous) => [...previous, progress.result]);
      setDone(progress.done);
      setTotal(progress.total);
    };
    try {
      const all = await ipc.testInstances(null, BULK_CONCURRENCY, onProgress);
      live = false;
      setResults(all);
      setDone(all.length);
      setTotal(all.length);
      setFinished(true);
    } catch (caught) {
      live = false;
      setError(toIpcFailure(caught, 'test_instances'));
    } finally {
      setRunning(false);
      // Every tested instance has a new status and a new history entry, also when
      // the call failed part-way.
      void qc.invalidateQueries({ queryKey: queryKeys.allInstances });
      void qc.invalidateQueries({ queryKey: queryKeys.allTestRuns });
      void qc.invalidateQueries({ queryKey: ['uptime'] });
      void qc.invalidateQueries({ queryKey: ['healthSchedule'] });
    }
  }, [qc]);

  return { results, done, total, running, finished, error, start };
}

export type BulkTest = ReturnType<typeof useBulkTest>;

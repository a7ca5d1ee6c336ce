import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { DraftInstance } from './bindings/DraftInstance';
import type { HistoryRetention } from './bindings/HistoryRetention';
import type { ValidationSettings } from './bindings/ValidationSettings';
import { ipc, type ExportFormat } from './ipc';
import { notifySuccess } from './notify';
import { notifyUnlessFieldErrors, queryKeys } from './queries';

// Hooks for validation settings, test-run history and its retention; kept apart
// from queries.ts so neither file grows past what one can read in a sitting.

export function useValidationSettings(platformId: string) {
  return useQuery({
    queryKey: queryKeys.validationSettings(platformId),
    queryFn: () => ipc.getValidationSettings(platformId),
  });
}

export function useSaveValidationSettings(platformId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (settings: ValidationSettings) => ipc.setValidationSettings(platformId, settings),
    onSuccess: (saved) => {
      qc.setQueryData(queryKeys.validationSettings(platformId), saved);
      notifySuccess('Validation settings saved');
    },
    onError: notifyUnlessFieldErrors('Could not save the validation settings'),
  });
}

/** The newest runs first, as the backend orders them. */
export function useTestRuns(instanceId: string) {
  return useQuery({ queryKey: queryKeys.testRuns(instanceId), queryFn: () => ipc.listTestRuns(instanceId) });
}

/** One stored run with its report; null loads nothing (no run selected). */
export function useTestRun(id: string | null) {
  return useQuery({
    queryKey: queryKeys.testRun(id ?? ''),
    queryFn: () => ipc.getTestRun(id ?? ''),
    enabled: id !== null,
    // A stored run never changes.
    staleTime: Infinity,
  });
}

/**
 * An export is fetched on request and shown, never cached: it is only text for
 * copying, and the next click should show what is stored now.
 */
export function useExportTestRun() {
  return useMutation({
    mutationFn: ({ id, format }: { id: string; format: ExportFormat }) => ipc.exportTestRun(id, format),
    onError: notifyUnlessFieldErrors('Could not export the run'),
  });
}

/**
 * After a connection test or validation run: the run is in the history, and the
 * newest one is the instance's status (its `lastTest`), so both are refetched.
 * Every platform's instance list is invalidated, as the caller may not know the
 * platform, and only mounted lists refetch anyway.
 */
export function invalidateAfterTest(qc: QueryClient, instanceId: string) {
  return Promise.all([
    qc.invalidateQueries({ queryKey: queryKeys.testRuns(instanceId) }),
    qc.invalidateQueries({ queryKey: queryKeys.allInstances }),
    // A connection test is a health check too: uptime and the schedules move.
    qc.invalidateQueries({ queryKey: ['uptime', instanceId] }),
    qc.invalidateQueries({ queryKey: ['healthSchedule'] }),
  ]);
}

/** No notification on failure: the drawer shows the error where the result would be. */
export function useTestConnection(instanceId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => ipc.testConnection(instanceId),
    onSettled: () => invalidateAfterTest(qc, instanceId),
  });
}

/**
 * Tests a form's unsaved values. Nothing is stored (no history, no status), so
 * nothing is refetched; the form shows the result and any failure itself.
 */
export function useTestConnectionDraft() {
  return useMutation({ mutationFn: (draft: DraftInstance) => ipc.testConnectionDraft(draft) });
}

export function useHistoryRetention() {
  return useQuery({ queryKey: queryKeys.historyRetention, queryFn: ipc.getHistoryRetention });
}

export function useSaveHistoryRetention() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (retention: HistoryRetention) => ipc.setHistoryRetention(retention),
    onSuccess: (saved) => {
      qc.setQueryData(queryKeys.historyRetention, saved);
      notifySuccess('History retention saved');
    },
    onError: notifyUnlessFieldErrors('Could not save the history retention'),
  });
}

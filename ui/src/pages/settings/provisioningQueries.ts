import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { AppStatus } from '../../bindings/AppStatus';
import type { ProvisioningSetting } from '../../bindings/ProvisioningSetting';
import type { ProvisioningStatus } from '../../bindings/ProvisioningStatus';
import { definitionsIpc } from '../../ipcDefinitions';
import { notifySuccess } from '../../notify';
import { notifyUnlessFieldErrors, queryKeys } from '../../queries';

/** "2 created, 1 changed" — only what changed; null when nothing did. */
export function changeSummary(status: ProvisioningStatus): string | null {
  const report = status.report;
  if (!report) return null;
  const created = report.changes.filter((c) => c.action === 'create').length;
  const changed = report.changes.filter((c) => c.action === 'update').length;
  const parts = [
    created > 0 && `${created} created`,
    changed > 0 && `${changed} changed`,
    report.pruned.length > 0 && `${report.pruned.length} deleted`,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : null;
}

/**
 * The new status goes straight into the app status (Settings reads it there);
 * applying a folder may have changed any type, platform or instance, so every
 * other query is refreshed too.
 */
function applied(qc: QueryClient, status: ProvisioningStatus | null) {
  qc.setQueryData<AppStatus>(queryKeys.appStatus, (old) => (old ? { ...old, provisioning: status ?? undefined } : old));
  void qc.invalidateQueries({ predicate: (q) => q.queryKey[0] !== queryKeys.appStatus[0] });
  // Problems are shown in the card itself (in red), not as a passing toast.
  if (!status || status.report?.problems.length) return;
  const summary = changeSummary(status);
  notifySuccess(`Provisioning folder applied: ${summary ?? 'nothing changed'}`);
}

export function useSaveProvisioning() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (setting: ProvisioningSetting) => definitionsIpc.setProvisioningSettings(setting),
    onSuccess: (status) => {
      if (!status) notifySuccess('Provisioning folder cleared: no folder is applied at start');
      applied(qc, status);
    },
    onError: notifyUnlessFieldErrors('Could not save the provisioning folder'),
  });
}

export function useRunProvisioning() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: definitionsIpc.runProvisioning,
    onSuccess: (status) => {
      if (!status) notifySuccess('No provisioning folder is set, so there is nothing to apply');
      applied(qc, status);
    },
    onError: notifyUnlessFieldErrors('Could not apply the provisioning folder'),
  });
}

import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { historyIpc } from '../../ipcHistory';
import { notifySuccess } from '../../notify';
import { notifyUnlessFieldErrors, queryKeys } from '../../queries';
import { connectorKeys } from '../integration/useConnector';
import { invalidateRegistry } from '../registry/registryQueries';

export const versionKeys = {
  list: (identifier: string) => ['connectorVersions', identifier] as const,
  diff: (identifier: string, from: number, to: number) => ['connectorVersionDiff', identifier, from, to] as const,
};

export function useConnectorVersions(identifier: string, enabled = true) {
  return useQuery({
    queryKey: versionKeys.list(identifier),
    queryFn: () => historyIpc.listConnectorVersions(identifier),
    enabled,
  });
}

export function useConnectorDiff(identifier: string, from: number | null, to: number | null) {
  return useQuery({
    queryKey: versionKeys.diff(identifier, from ?? 0, to ?? 0),
    queryFn: () => historyIpc.diffConnectorVersions(identifier, from ?? 0, to ?? 0),
    enabled: from !== null && to !== null && from !== to,
    // A version never changes once saved.
    staleTime: Infinity,
  });
}

/**
 * What a new connector version changes: the versions, the text, and every
 * instance's "validated with" notice (instance lists and the registry).
 */
export function invalidateAfterConnectorChange(qc: QueryClient, identifier: string) {
  void qc.invalidateQueries({ queryKey: versionKeys.list(identifier) });
  void qc.invalidateQueries({ queryKey: connectorKeys.connector(identifier) });
  void qc.invalidateQueries({ queryKey: queryKeys.allInstances });
  void qc.invalidateQueries({ queryKey: queryKeys.execTrust(identifier) });
  void invalidateRegistry(qc);
}

export function useRollBackConnector(identifier: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (version: number) => historyIpc.rollBackConnector(identifier, version),
    onSuccess: (saved) => {
      invalidateAfterConnectorChange(qc, identifier);
      notifySuccess(`Rolled back: version ${saved.restoredFrom ?? '?'} saved again as version ${saved.version}`);
    },
    onError: notifyUnlessFieldErrors('Could not roll back the connector'),
  });
}

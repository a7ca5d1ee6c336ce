import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { ipc } from '../../ipc';
import { registryIpc } from '../../ipcRegistry';
import { notifySuccess } from '../../notify';
import { notifyUnlessFieldErrors, queryKeys } from '../../queries';
import { invalidateRegistry } from '../registry/registryQueries';

/** The most runs list_test_runs returns; a count at this limit means "at least". */
export const MAX_COUNTED_RUNS = 1000;

export const instanceKeys = {
  // Under the platforms prefix, so every change that refreshes the platform list refreshes this too.
  platform: (id: string) => [...queryKeys.platforms, 'detail', id] as const,
  // Under the instance's test runs, so a new run updates the count.
  runCount: (instanceId: string) => [...queryKeys.testRuns(instanceId), 'count'] as const,
};

export function usePlatform(id: string) {
  return useQuery({ queryKey: instanceKeys.platform(id), queryFn: () => ipc.getPlatform(id) });
}

/** How many runs a delete removes; asked only while the confirmation is open. */
export function useStoredRunCount(instanceId: string, enabled: boolean) {
  return useQuery({
    queryKey: instanceKeys.runCount(instanceId),
    queryFn: async () => (await ipc.listTestRuns(instanceId, MAX_COUNTED_RUNS)).length,
    enabled,
  });
}

/** The registry and the platform list (instance counts) show every instance. */
function invalidateLists(qc: QueryClient, platformId: string) {
  return Promise.all([
    qc.invalidateQueries({ queryKey: queryKeys.instances(platformId) }),
    qc.invalidateQueries({ queryKey: queryKeys.platforms }),
    invalidateRegistry(qc),
  ]);
}

export function useCloneInstance(platformId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, name, environment }: { id: string; name: string; environment: string }) =>
      registryIpc.cloneInstance(id, name, environment),
    onSuccess: () => invalidateLists(qc, platformId),
    onError: notifyUnlessFieldErrors('Could not clone the instance'),
  });
}

/**
 * `onDeleted` runs before the lists refresh: the page leaves at once instead of
 * showing, for a moment, that its instance no longer exists.
 */
export function useDeleteInstanceAndLeave(platformId: string, onDeleted: () => void) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id }: { id: string; name: string }) => ipc.deleteInstance(id),
    onSuccess: (_data, { id, name }) => {
      notifySuccess(`Instance “${name}” deleted, with its test history and keyring entries`);
      onDeleted();
      qc.removeQueries({ queryKey: queryKeys.testRuns(id) });
      return invalidateLists(qc, platformId);
    },
    onError: notifyUnlessFieldErrors('Could not delete the instance'),
  });
}

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { registryIpc } from '../../ipcRegistry';
import { notifyFailure } from '../../notify';
import type { IpcFailure } from '../../ipc';

export const tenantKeys = {
  list: (instanceId: string) => ['instances', instanceId, 'tenants'] as const,
};

/**
 * The platform's tenants. Listing talks to the platform (every page), so it runs
 * only once the Tenants tab is open, and is not refetched behind the
 * administrator's back: the tab's Refresh button asks again.
 */
export function useInstanceTenants(instanceId: string, enabled: boolean) {
  return useQuery({
    queryKey: tenantKeys.list(instanceId),
    queryFn: () => registryIpc.listInstanceTenants(instanceId),
    enabled,
    staleTime: Infinity,
    retry: false,
  });
}

export function useSweepLeftovers(instanceId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (tenantIds: string[]) => registryIpc.sweepLeftovers(instanceId, tenantIds),
    // What the platform lists now, after the deletions.
    onSettled: () => qc.invalidateQueries({ queryKey: tenantKeys.list(instanceId) }),
    onError: (e: IpcFailure) => notifyFailure(e, 'Could not remove the leftovers'),
  });
}

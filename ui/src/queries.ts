import { useCallback, useState } from 'react';
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { AppStatus } from './bindings/AppStatus';
import type { Instance } from './bindings/Instance';
import type { InstanceInput } from './bindings/InstanceInput';
import type { PlatformInput } from './bindings/PlatformInput';
import { ipc, toIpcFailure, type IpcFailure } from './ipc';
import { notifyFailure, notifySuccess } from './notify';

declare module '@tanstack/react-query' {
  // `call` rejects only with IpcFailure, so every query and mutation error is one.
  interface Register {
    defaultError: IpcFailure;
  }
}

export const queryKeys = {
  appStatus: ['appStatus'] as const,
  platformTypes: ['platformTypes'] as const,
  platforms: ['platforms'] as const,
  instances: (platformId: string) => ['instances', platformId] as const,
  /** Prefix of every platform's instance list: a test changes statuses across platforms. */
  allInstances: ['instances'] as const,
  validationSettings: (platformId: string) => ['validationSettings', platformId] as const,
  testRuns: (instanceId: string) => ['testRuns', instanceId] as const,
  allTestRuns: ['testRuns'] as const,
  testRun: (id: string) => ['testRun', id] as const,
  historyRetention: ['historyRetention'] as const,
  /** Whether this machine trusts the program a type's exec connector runs. */
  execTrust: (identifier: string) => ['execTrust', identifier] as const,
};

/** Field errors belong next to their form inputs; anything else is a notification. */
export function notifyUnlessFieldErrors(title: string) {
  return (error: unknown) => {
    const failure = toIpcFailure(error);
    if (!failure.belongsToForm) notifyFailure(failure, title);
  };
}

/**
 * The app's status. At start the provisioning folder is applied beside the window
 * (`provisioning.running`): while it runs the status is asked for again every half
 * second, and when it finishes every list is loaded again so its records show.
 */
export function useAppStatus() {
  const qc = useQueryClient();
  return useQuery({
    queryKey: queryKeys.appStatus,
    queryFn: async () => {
      const before = qc.getQueryData<AppStatus>(queryKeys.appStatus);
      const status = await ipc.appStatus();
      if (before?.provisioning?.running && !status.provisioning?.running) {
        void qc.invalidateQueries({ predicate: (q) => q.queryKey[0] !== queryKeys.appStatus[0] });
      }
      return status;
    },
    refetchInterval: (query) => (query.state.data?.provisioning?.running ? 500 : false),
  });
}

export function usePlatformTypes() {
  return useQuery({ queryKey: queryKeys.platformTypes, queryFn: ipc.listPlatformTypes });
}

export function usePlatforms() {
  return useQuery({ queryKey: queryKeys.platforms, queryFn: ipc.listPlatforms });
}

export function useInstances(platformId: string) {
  return useQuery({ queryKey: queryKeys.instances(platformId), queryFn: () => ipc.listInstances(platformId) });
}

export function useCreatePlatformType() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ipc.createPlatformType,
    onSuccess: (type) => {
      notifySuccess(`Platform type ${type.identifier} created`);
      return qc.invalidateQueries({ queryKey: queryKeys.platformTypes });
    },
    onError: notifyUnlessFieldErrors('Could not create the platform type'),
  });
}

export function useUpdatePlatformType() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ipc.updatePlatformType,
    onSuccess: (type) => {
      notifySuccess(`Platform type ${type.identifier} saved`);
      return qc.invalidateQueries({ queryKey: queryKeys.platformTypes });
    },
    onError: notifyUnlessFieldErrors('Could not save the platform type'),
  });
}

export function useDeletePlatformType() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ipc.deletePlatformType,
    onSuccess: (_data, identifier) => {
      notifySuccess(`Platform type ${identifier} deleted`);
      return qc.invalidateQueries({ queryKey: queryKeys.platformTypes });
    },
    onError: notifyUnlessFieldErrors('Could not delete the platform type'),
  });
}

export function useCreatePlatform() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ipc.createPlatform,
    onSuccess: (platform) => {
      notifySuccess(`Platform “${platform.name}” created`);
      return qc.invalidateQueries({ queryKey: queryKeys.platforms });
    },
    onError: notifyUnlessFieldErrors('Could not create the platform'),
  });
}

export function useUpdatePlatform() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: PlatformInput }) => ipc.updatePlatform(id, input),
    onSuccess: (platform) => {
      notifySuccess(`Platform “${platform.name}” saved`);
      return qc.invalidateQueries({ queryKey: queryKeys.platforms });
    },
    onError: notifyUnlessFieldErrors('Could not save the platform'),
  });
}

export function useDeletePlatform() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ipc.deletePlatform,
    onSuccess: async (_data, id) => {
      notifySuccess('Platform deleted');
      qc.removeQueries({ queryKey: queryKeys.instances(id) });
      await qc.invalidateQueries({ queryKey: queryKeys.platforms });
    },
    onError: notifyUnlessFieldErrors('Could not delete the platform'),
  });
}

// The platform list shows instance counts, so instance changes refresh it too.
function invalidateInstances(qc: QueryClient, platformId: string, withPlatforms: boolean) {
  const pending = [qc.invalidateQueries({ queryKey: queryKeys.instances(platformId) })];
  if (withPlatforms) pending.push(qc.invalidateQueries({ queryKey: queryKeys.platforms }));
  return Promise.all(pending);
}

export function useCreateInstance(platformId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: InstanceInput) => ipc.createInstance(platformId, input),
    onSuccess: (instance) => {
      notifySuccess(`Instance “${instance.name}” added`);
      return invalidateInstances(qc, platformId, true);
    },
    onError: notifyUnlessFieldErrors('Could not add the instance'),
  });
}

export function useUpdateInstance(platformId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: InstanceInput }) => ipc.updateInstance(id, input),
    onSuccess: (instance) => {
      notifySuccess(`Instance “${instance.name}” saved`);
      return invalidateInstances(qc, platformId, false);
    },
    onError: notifyUnlessFieldErrors('Could not save the instance'),
  });
}

export function useDeleteInstance(platformId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ipc.deleteInstance,
    onSuccess: () => {
      notifySuccess('Instance deleted');
      return invalidateInstances(qc, platformId, true);
    },
    onError: notifyUnlessFieldErrors('Could not delete the instance'),
  });
}

function replaceInstance(qc: QueryClient, instance: Instance) {
  qc.setQueryData<Instance[]>(queryKeys.instances(instance.platformId), (old) =>
    old?.map((i) => (i.id === instance.id ? instance : i)),
  );
}

export function useRemoveInstanceCredential(platformId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ipc.removeInstanceCredential,
    onSuccess: (instance) => {
      replaceInstance(qc, instance);
      notifySuccess(`Credential of “${instance.name}” removed from the OS keyring`);
      return invalidateInstances(qc, platformId, false);
    },
    onError: notifyUnlessFieldErrors('Could not remove the credential'),
  });
}

/**
 * Not a useMutation on purpose: TanStack keeps a mutation's variables in its
 * mutation cache, and the secret must not live anywhere but the OS keyring.
 */
export function useSetInstanceCredential(platformId: string) {
  const qc = useQueryClient();
  const [isPending, setPending] = useState(false);

  const save = useCallback(
    async (id: string, secret: string): Promise<Instance> => {
      setPending(true);
      try {
        const instance = await ipc.setInstanceCredential(id, secret);
        replaceInstance(qc, instance);
        notifySuccess(`Credential of “${instance.name}” stored in the OS keyring`);
        await invalidateInstances(qc, platformId, false);
        return instance;
      } catch (error) {
        notifyUnlessFieldErrors('Could not store the credential')(error);
        throw toIpcFailure(error);
      } finally {
        setPending(false);
      }
    },
    [qc, platformId],
  );

  return { save, isPending };
}

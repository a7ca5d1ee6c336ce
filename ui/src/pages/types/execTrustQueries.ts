import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { execTrustIpc } from '../../ipcExecTrust';
import { notifyFailure, notifySuccess } from '../../notify';
import { queryKeys } from '../../queries';

/** The program `identifier`'s connector runs and whether it is trusted; null data: not an exec connector. */
export function useExecTrust(identifier: string) {
  return useQuery({
    queryKey: queryKeys.execTrust(identifier),
    queryFn: () => execTrustIpc.getExecTrust(identifier),
    // Not retried: a type that does not exist (a wizard's unsaved one) must leave
    // the panel out at once, not after seconds of retries; and what fails in this
    // local read fails again, so the error shows with its Try again instead.
    retry: false,
  });
}

/**
 * Trusts the program by the key the prompt showed. No notification on failure:
 * the prompt shows it (and the program as it is now) where the decision is made.
 */
export function useTrustExec(identifier: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (key: string) => execTrustIpc.setExecTrust(identifier, key),
    onSuccess: () => notifySuccess(`The program of ${identifier} is trusted on this machine`),
    // After a refusal too: the program changed, and the prompt must show it as it is now.
    onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.execTrust(identifier) }),
  });
}

export function useWithdrawExecTrust(identifier: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => execTrustIpc.removeExecTrust(identifier),
    onSuccess: () => notifySuccess(`Trust withdrawn: the program of ${identifier} will not run on this machine`),
    onError: (failure) => notifyFailure(failure, 'Could not withdraw the trust'),
    onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.execTrust(identifier) }),
  });
}

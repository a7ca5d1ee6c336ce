import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { registryIpc } from '../../ipcRegistry';
import { notifySuccess } from '../../notify';
import { notifyUnlessFieldErrors } from '../../queries';

export const tagDefinitionsKey = ['tagDefinitions'] as const;

/** The organisation's tag rules; the platform tag editor reads them too. */
export function useTagDefinitions() {
  return useQuery({ queryKey: tagDefinitionsKey, queryFn: registryIpc.listTagDefinitions });
}

export function useSaveTagDefinition() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: registryIpc.saveTagDefinition,
    onSuccess: (definition) => {
      notifySuccess(`Tag definition ${definition.key} saved`);
      return qc.invalidateQueries({ queryKey: tagDefinitionsKey });
    },
    onError: notifyUnlessFieldErrors('Could not save the tag definition'),
  });
}

export function useDeleteTagDefinition() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: registryIpc.deleteTagDefinition,
    onSuccess: (_data, key) => {
      notifySuccess(`Tag definition ${key} deleted`);
      return qc.invalidateQueries({ queryKey: tagDefinitionsKey });
    },
    onError: notifyUnlessFieldErrors('Could not delete the tag definition'),
  });
}

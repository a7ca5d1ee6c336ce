import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { toFormErrors, toIpcFailure } from '../../ipc';
import { registryIpc } from '../../ipcRegistry';
import { notifySuccess } from '../../notify';
import { notifyUnlessFieldErrors, queryKeys } from '../../queries';

export const connectorKeys = {
  connector: (identifier: string) => ['connector', identifier] as const,
  presets: ['connectorPresets'] as const,
};

/** The type's connector as YAML text, or null when it has none. */
export function useConnectorText(identifier: string) {
  return useQuery({
    queryKey: connectorKeys.connector(identifier),
    queryFn: () => registryIpc.getConnector(identifier),
  });
}

export function useConnectorPresets(enabled = true) {
  return useQuery({
    queryKey: connectorKeys.presets,
    queryFn: registryIpc.listConnectorPresets,
    // Shipped with the app: they do not change while it runs.
    staleTime: Infinity,
    enabled,
  });
}

/**
 * Saves the connector text. A definition Rust refuses comes back as the field
 * error `connector` (for the form to show next to Save); anything else is notified.
 */
export function useSaveConnector(identifier: string, successMessage = 'Connector saved') {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (text: string) => registryIpc.setConnector(identifier, text),
    onSuccess: (_, text) => {
      qc.setQueryData(connectorKeys.connector(identifier), text);
      // A changed command or environment is a new program to trust (or none at all).
      void qc.invalidateQueries({ queryKey: queryKeys.execTrust(identifier) });
      // A new version: the version list, and every instance's "validated with".
      void qc.invalidateQueries({ queryKey: ['connectorVersions', identifier] });
      void qc.invalidateQueries({ queryKey: queryKeys.allInstances });
      void qc.invalidateQueries({ queryKey: ['registry'] });
      notifySuccess(successMessage);
    },
    onError: notifyUnlessFieldErrors('Could not save the connector'),
  });
}

/** The message of a refused definition, or null when the failure was notified. */
export function connectorError(error: unknown): string | null {
  const failure = toIpcFailure(error);
  if (!failure.belongsToForm) return null;
  const errors = toFormErrors(failure.fields);
  return errors.connector ?? Object.values(errors).join(' ');
}

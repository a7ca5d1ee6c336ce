import { useMemo, useRef, useState } from 'react';
import type { UseFormReturnType } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import type { Instance } from '../../bindings/Instance';
import type { InstanceInput } from '../../bindings/InstanceInput';
import { ipc, toFormErrors, toIpcFailure } from '../../ipc';
import { registryIpc } from '../../ipcRegistry';
import { notifyFailure } from '../../notify';
import { queryKeys, useSetInstanceCredential } from '../../queries';
import type { PlatformType } from '../../bindings/PlatformType';
import { fromAuthForm, type AuthForm } from '../integration/authModel';
import type { AuthLink, AuthSave } from '../integration/AuthSettings';
import { credentialPrompt, schemeOf, useCredentialScheme } from '../platforms/credentialPrompt';
import { storeClientKey } from './TlsSettings';
import type { ConnectionValues, WizardData } from './wizardModel';

interface ConnectionSaveDeps {
  form: UseFormReturnType<ConnectionValues>;
  data: WizardData;
  update: (patch: Partial<WizardData>) => void;
  type: PlatformType;
}

/**
 * The Connection step's one save, in the order the step reads: the instance
 * (endpoint, custom fields, TLS), the authentication (part of the type's
 * connector), then the secrets — the typed credential and a client key chosen
 * before the instance existed — into the OS keyring, which needs the saved
 * instance. Everything is checked first, so a mistake anywhere saves nothing.
 * "Save and test connection" runs it before the test, Next before leaving.
 */
export function useConnectionSave({ form, data, update, type }: ConnectionSaveDeps) {
  const qc = useQueryClient();
  const platformId = data.platformId ?? '';
  const credential = useSetInstanceCredential(platformId);
  // The secret exists only in this state until it is sent, then it is cleared:
  // never in the form's values (they go into the draft), nor in the query cache.
  const [secret, setSecret] = useState('');
  const [secretError, setSecretError] = useState<string | null>(null);
  const [pendingKeyPath, setPendingKeyPath] = useState<string | null>(null);
  const [authForm, setAuthForm] = useState<AuthForm | null>(null);
  const authSave = useRef<AuthSave | null>(null);
  const authLink = useMemo<AuthLink>(
    () => ({ onChange: setAuthForm, register: (save) => (authSave.current = save) }),
    [],
  );
  // The credential is asked for in the words of the scheme chosen in the form
  // (saved or not), else of the stored connector's.
  const storedScheme = useCredentialScheme(type.identifier);
  const prompt = credentialPrompt(
    authForm ? schemeOf(fromAuthForm(authForm)) : storedScheme,
    form.getValues().fieldValues,
  );

  const changeSecret = (value: string) => {
    setSecret(value);
    setSecretError(null);
  };

  /** Creates the instance the first time, updates it after; null when it could not be saved. */
  const saveInstance = async (): Promise<Instance | null> => {
    const c = form.getValues();
    const input: InstanceInput = {
      name: c.name.trim(),
      environment: c.environment.trim(),
      endpoint: c.endpoint.trim(),
      tls: {
        caBundlePem: c.caBundlePem,
        clientCertificatePem: c.clientCertificatePem,
        insecureSkipVerify: c.insecureSkipVerify,
      },
      fieldValues: c.fieldValues,
    };
    try {
      if (data.instanceId) return await ipc.updateInstance(data.instanceId, input);
      const created = await ipc.createInstance(platformId, input);
      update({ instanceId: created.id });
      return await sandboxCredential(created, data.sandbox);
    } catch (error) {
      const failure = toIpcFailure(error);
      if (failure.belongsToForm) form.setErrors(toFormErrors(failure.fields));
      else notifyFailure(failure, 'Could not save the instance');
      return null;
    }
  };

  /** The secrets that need the saved instance; false when one could not be stored (said where it belongs). */
  const storeSecrets = async (saved: Instance): Promise<Instance | null> => {
    let current = saved;
    if (pendingKeyPath) {
      try {
        await storeClientKey(saved, pendingKeyPath);
        setPendingKeyPath(null);
      } catch (error) {
        notifyFailure(toIpcFailure(error), 'Could not store the client key');
        return null;
      }
    }
    // A secret typed before switching to a scheme without one is not stored.
    if (prompt.needed && secret !== '') {
      try {
        current = await credential.save(saved.id, secret);
        setSecret('');
      } catch (caught) {
        // Other failures (a locked keyring) were notified with their remediation;
        // the secret stays typed so the administrator can retry after fixing it.
        const failure = toIpcFailure(caught);
        if (failure.belongsToForm) setSecretError(Object.values(toFormErrors(failure.fields)).join(' '));
        return null;
      }
    }
    return current;
  };

  /**
   * Saves what the step holds; null when something was wrong or refused. `forTest`:
   * a type without a connector gets one (the test needs it) even if the
   * authentication was left as suggested.
   */
  const saveAll = async (forTest: boolean): Promise<Instance | null> => {
    const auth = authSave.current;
    const formOk = !form.validate().hasErrors;
    const authOk = auth ? auth.check() : true;
    if (!formOk || !authOk) return null;
    if (auth && (auth.touched || (forTest && auth.creates)) && !(await auth.save())) return null;
    const saved = await saveInstance();
    if (!saved) return null;
    const stored = await storeSecrets(saved);
    await qc.invalidateQueries({ queryKey: queryKeys.instances(platformId) });
    return stored;
  };

  return {
    saveAll,
    authLink,
    prompt,
    secret,
    secretError,
    changeSecret,
    pendingKeyPath,
    setPendingKeyPath,
    saving: credential.isPending,
  };
}

/** The sandbox's key becomes the new instance's credential without passing through the UI. */
async function sandboxCredential(instance: Instance, sandbox: boolean): Promise<Instance> {
  if (!sandbox) return instance;
  try {
    return await registryIpc.useSandboxCredential(instance.id);
  } catch (error) {
    notifyFailure(toIpcFailure(error), 'Could not store the sandbox credential');
    return instance;
  }
}

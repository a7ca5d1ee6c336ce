import { useState } from 'react';
import { Alert, Badge, Button, Group, Stack, Switch, Text } from '@mantine/core';
import { IconAlertTriangle, IconFileCertificate, IconKey } from '@tabler/icons-react';
import { open } from '@tauri-apps/plugin-dialog';
import { useQueryClient } from '@tanstack/react-query';
import type { Instance } from '../../bindings/Instance';
import { ConfirmDelete } from '../../components/ConfirmDelete';
import { ipc, toIpcFailure } from '../../ipc';
import { registryIpc } from '../../ipcRegistry';
import { notifyFailure, notifySuccess } from '../../notify';
import { queryKeys } from '../../queries';
import type { ConnectionValues } from './wizardModel';

type TlsValues = Pick<ConnectionValues, 'caBundlePem' | 'clientCertificatePem' | 'insecureSkipVerify'>;

const PEM_FILTERS = [{ name: 'Certificates (PEM)', extensions: ['pem', 'crt', 'cer'] }];
const KEY_FILTERS = [{ name: 'Private key (PEM)', extensions: ['pem', 'key'] }];

export function certificateSummary(pem: string): string {
  const count = pem.split('-----BEGIN CERTIFICATE-----').length - 1;
  return count === 1 ? '1 certificate' : `${count} certificates`;
}

/** One path from the native file dialog, or null when cancelled. */
async function pickFile(title: string, filters: typeof PEM_FILTERS): Promise<string | null> {
  const picked = await open({ title, multiple: false, directory: false, filters });
  return typeof picked === 'string' ? picked : null;
}

interface PemRowProps {
  label: string;
  help: string;
  pem: string | null;
  testId: string;
  onPick: () => void;
  onClear: () => void;
  busy: boolean;
}

function PemRow({ label, help, pem, testId, onPick, onClear, busy }: PemRowProps) {
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500}>
        {label}
      </Text>
      <Text size="xs" c="dimmed">
        {help}
      </Text>
      <Group gap="xs">
        <Badge variant="light" color={pem ? 'teal' : 'gray'} tt="none" data-testid={`${testId}-status`}>
          {pem ? certificateSummary(pem) : 'Not set'}
        </Badge>
        <Button
          size="compact-sm"
          variant="light"
          leftSection={<IconFileCertificate size={14} />}
          onClick={onPick}
          loading={busy}
          data-testid={`${testId}-pick`}
        >
          {pem ? `Replace ${label}…` : `Choose ${label} file…`}
        </Button>
        {pem && (
          <Button size="compact-sm" variant="subtle" color="red" onClick={onClear} aria-label={`Remove ${label}`}>
            Remove
          </Button>
        )}
      </Group>
    </Stack>
  );
}

interface TlsSettingsProps {
  values: TlsValues;
  onChange: (patch: Partial<TlsValues>) => void;
  instance: Instance | null;
  /** A client key file chosen before the instance was saved: the step's save stores it. */
  pendingKeyPath: string | null;
  onPendingKey: (path: string | null) => void;
}

/** The file's name, for saying which key waits to be stored. */
function fileName(path: string): string {
  return path.split(/[\\/]/).pop() || path;
}

/**
 * Certificates are public and go into the instance's TLS settings (saved with the
 * instance). The client key is read by the backend from the chosen file straight
 * into the OS keyring: it never passes through this window. Before the instance
 * exists there is no keyring entry to write, so the chosen file waits for the
 * step's save (only its path is kept, in memory).
 */
export function TlsSettings({ values, onChange, instance, pendingKeyPath, onPendingKey }: TlsSettingsProps) {
  const qc = useQueryClient();
  const [busy, setBusy] = useState<string | null>(null);
  const [confirmRemoveKey, setConfirmRemoveKey] = useState(false);

  const pickPem = async (field: 'caBundlePem' | 'clientCertificatePem', title: string) => {
    setBusy(field);
    try {
      const path = await pickFile(title, PEM_FILTERS);
      if (path) onChange({ [field]: await registryIpc.readCertificateFile(path) });
    } catch (error) {
      notifyFailure(toIpcFailure(error), 'Could not read the certificate file');
    } finally {
      setBusy(null);
    }
  };

  const pickKey = async () => {
    setBusy('key');
    try {
      const path = await pickFile('Client key', KEY_FILTERS);
      if (!path) return;
      if (!instance) {
        onPendingKey(path);
        return;
      }
      await storeClientKey(instance, path);
      await qc.invalidateQueries({ queryKey: queryKeys.instances(instance.platformId) });
    } catch (error) {
      notifyFailure(toIpcFailure(error), 'Could not store the client key');
    } finally {
      setBusy(null);
    }
  };

  const removeKey = async () => {
    if (!instance) return;
    setBusy('removeKey');
    try {
      await ipc.removeInstanceClientKey(instance.id);
      await qc.invalidateQueries({ queryKey: queryKeys.instances(instance.platformId) });
      notifySuccess(`Client key of “${instance.name}” deleted from the OS keyring`);
    } catch (error) {
      notifyFailure(toIpcFailure(error), 'Could not remove the client key');
    } finally {
      setBusy(null);
      setConfirmRemoveKey(false);
    }
  };

  const keyConfigured = instance?.tls.clientKeyConfigured ?? false;
  const keyStatus = keyConfigured ? 'Configured' : pendingKeyPath ? `${fileName(pendingKeyPath)} chosen` : 'Not set';
  return (
    <Stack gap="sm" data-testid="wizard-tls">
      <PemRow
        label="CA bundle"
        help="Trusted instead of the system's certificate authorities, for a platform with an internal CA."
        pem={values.caBundlePem}
        testId="tls-ca"
        busy={busy === 'caBundlePem'}
        onPick={() => void pickPem('caBundlePem', 'CA bundle')}
        onClear={() => onChange({ caBundlePem: null })}
      />
      <PemRow
        label="Client certificate"
        help="Presented for mutual TLS; its private key is chosen below."
        pem={values.clientCertificatePem}
        testId="tls-client-cert"
        busy={busy === 'clientCertificatePem'}
        onPick={() => void pickPem('clientCertificatePem', 'Client certificate')}
        onClear={() => onChange({ clientCertificatePem: null })}
      />
      <Stack gap={4}>
        <Text size="sm" fw={500}>
          Client key
        </Text>
        <Text size="xs" c="dimmed">
          {instance
            ? 'Read from the file straight into the OS keyring; it is never shown.'
            : 'Read from the file straight into the OS keyring when the instance is saved (Save and test connection, or Next); it is never shown.'}
        </Text>
        <Group gap="xs">
          <Badge
            variant="light"
            color={keyConfigured ? 'teal' : pendingKeyPath ? 'blue' : 'gray'}
            tt="none"
            data-testid="tls-client-key-status"
          >
            {keyStatus}
          </Badge>
          <Button
            size="compact-sm"
            variant="light"
            leftSection={<IconKey size={14} />}
            onClick={() => void pickKey()}
            loading={busy === 'key'}
            data-testid="tls-client-key-pick"
          >
            {keyConfigured || pendingKeyPath ? 'Replace client key…' : 'Choose client key file…'}
          </Button>
          {pendingKeyPath && !keyConfigured && (
            <Button size="compact-sm" variant="subtle" color="red" onClick={() => onPendingKey(null)}>
              Forget the chosen key
            </Button>
          )}
          {keyConfigured && (
            <Button
              size="compact-sm"
              variant="subtle"
              color="red"
              onClick={() => setConfirmRemoveKey(true)}
              disabled={busy === 'key'}
              data-testid="tls-client-key-remove"
            >
              Remove client key
            </Button>
          )}
        </Group>
      </Stack>
      <ConfirmDelete
        opened={confirmRemoveKey}
        title="Remove client key"
        confirmLabel="Remove client key"
        loading={busy === 'removeKey'}
        onConfirm={() => void removeKey()}
        onClose={() => setConfirmRemoveKey(false)}
      >
        <Text size="sm">
          Delete the client key of <b>{instance?.name}</b> from the OS keyring? Until a new key is chosen, the instance
          cannot authenticate with its client certificate (mutual TLS).
        </Text>
      </ConfirmDelete>
      <Switch
        color="red"
        label={
          <Text span size="sm" c="red" fw={600}>
            Skip TLS certificate verification (insecure)
          </Text>
        }
        description="Only for a lab system. Prefer adding the platform's CA bundle above."
        checked={values.insecureSkipVerify}
        onChange={(event) => onChange({ insecureSkipVerify: event.currentTarget.checked })}
        data-testid="tls-insecure"
      />
      {values.insecureSkipVerify && (
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} data-testid="tls-insecure-warning">
          Certificates are not checked: anyone between Platform Builder and the platform could read and change the
          traffic, including the credential. The instance is marked as insecure.
        </Alert>
      )}
    </Stack>
  );
}

/** Has the backend read the key file into the OS keyring entry of the saved instance. */
export async function storeClientKey(instance: Instance, path: string) {
  await registryIpc.setInstanceClientKeyFromFile(instance.id, path);
  notifySuccess(`Client key of “${instance.name}” stored in the OS keyring`);
}

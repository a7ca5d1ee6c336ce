import { useState, type FormEvent } from 'react';
import { Alert, Button, Group, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import type { Instance } from '../../bindings/Instance';
import { FieldError } from '../../components/FieldError';
import { toFormErrors, toIpcFailure } from '../../ipc';
import { useSetInstanceCredential } from '../../queries';
import { credentialPrompt, useCredentialScheme } from './credentialPrompt';

interface CredentialModalProps {
  instance: Instance | null;
  /** The platform type of the instance's platform: its connector says what the credential is. */
  typeId: string;
  onClose: () => void;
}

export function CredentialModal({ instance, typeId, onClose }: CredentialModalProps) {
  return (
    // Deliberately not a FormModal: there is one field, and a half-typed secret is
    // better dropped than kept. Escape closes; an outside click (often a stray one)
    // does not.
    <Modal
      opened={instance !== null}
      onClose={onClose}
      closeOnClickOutside={false}
      title={instance?.credential.configured ? 'Replace credential' : 'Set credential'}
    >
      {/* Mounted only while open: closing the dialog drops the typed secret with it. */}
      {instance && <CredentialForm instance={instance} typeId={typeId} onDone={onClose} />}
    </Modal>
  );
}

function CredentialForm({ instance, typeId, onDone }: { instance: Instance; typeId: string; onDone: () => void }) {
  const { save, isPending } = useSetInstanceCredential(instance.platformId);
  // What to type, per the auth scheme of the type's connector (a Basic-auth user's
  // name may come from the instance's custom fields).
  const { label, noun, prompt } = credentialPrompt(useCredentialScheme(typeId), instance.fieldValues);
  // Plain component state, not a form library or the query cache: the secret
  // exists only here until it is sent, and is cleared right after.
  const [secret, setSecret] = useState('');
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (secret === '') {
      setError(`Enter the ${noun} to store`);
      return;
    }
    try {
      await save(instance.id, secret);
      setSecret('');
      onDone();
    } catch (caught) {
      const failure = toIpcFailure(caught);
      // Other failures (e.g. a locked keyring) were notified with their remediation;
      // the secret stays typed so the administrator can retry after fixing it.
      if (failure.belongsToForm) setError(Object.values(toFormErrors(failure.fields)).join(' '));
    }
  };

  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      <Stack>
        <Text size="sm">
          Credential for instance <b>{instance.name}</b> ({instance.environment}).{' '}
          <span data-testid="credential-prompt">{prompt}</span>
        </Text>
        <Alert color="blue" variant="light" icon={<IconLock size={18} />}>
          The secret is stored only in the OS keyring, never in Platform Builder&apos;s database or files. It can
          never be shown again, only replaced or removed.
        </Alert>
        <PasswordInput
          label={label}
          required
          autoComplete="new-password"
          data-autofocus
          value={secret}
          onChange={(event) => {
            setSecret(event.currentTarget.value);
            setError(null);
          }}
          error={error ? <FieldError testId="credential-secret">{error}</FieldError> : undefined}
          data-testid="credential-secret"
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone} disabled={isPending}>
            Cancel
          </Button>
          <Button type="submit" loading={isPending} data-testid="credential-save">
            {instance.credential.configured ? 'Replace credential' : 'Store credential'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

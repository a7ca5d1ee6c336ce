import { useState } from 'react';
import { Text } from '@mantine/core';
import type { Instance } from '../../bindings/Instance';
import { ConfirmDelete } from '../../components/ConfirmDelete';
import { useRemoveInstanceCredential } from '../../queries';
import { CredentialCell } from '../platforms/CredentialCell';
import { CredentialModal } from '../platforms/CredentialModal';

interface InstanceCredentialProps {
  /** The platform's type, whose connector says what the credential is. */
  typeId: string;
  instance: Instance;
}

/**
 * A saved instance's credential in the Instances step. Write-only: "Configured"
 * with Replace and Remove, never the value. The secret is typed in the credential
 * dialog, sent once to the OS keyring and dropped.
 */
export function InstanceCredential({ typeId, instance }: InstanceCredentialProps) {
  const [editing, setEditing] = useState<Instance | null>(null);
  const [removing, setRemoving] = useState<Instance | null>(null);
  const remove = useRemoveInstanceCredential(instance.platformId);

  return (
    <>
      <CredentialCell instance={instance} onSet={setEditing} onRemove={setRemoving} />
      <CredentialModal instance={editing} typeId={typeId} onClose={() => setEditing(null)} />
      <ConfirmDelete
        opened={removing !== null}
        title="Remove the credential?"
        confirmLabel="Remove credential"
        loading={remove.isPending}
        onClose={() => setRemoving(null)}
        onConfirm={() => removing && remove.mutate(removing.id, { onSuccess: () => setRemoving(null) })}
      >
        <Text size="sm">
          The credential of {removing?.name} is deleted from the OS keyring. Tests fail at the authentication stage until
          a new one is set.
        </Text>
      </ConfirmDelete>
    </>
  );
}

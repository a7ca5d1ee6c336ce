import { useState } from 'react';
import { Badge, Button, Group, Text } from '@mantine/core';
import { IconKey } from '@tabler/icons-react';
import type { Instance } from '../../bindings/Instance';
import { ConfirmDelete } from '../../components/ConfirmDelete';
import { useRemoveInstanceCredential } from '../../queries';
import { CredentialCell } from '../platforms/CredentialCell';
import { CredentialModal } from '../platforms/CredentialModal';

interface InstanceCredentialProps {
  platformId: string;
  /** The platform's type, whose connector says what the credential is. */
  typeId: string;
  /** Null until the instance is saved. */
  instance: Instance | null;
  /** Saves the instance so there is something to attach the credential to. */
  ensureInstance: () => Promise<Instance | null>;
}

/**
 * Write-only: "Configured" with Replace and Remove, never the value. The secret is
 * typed in the credential dialog, sent once to the OS keyring and dropped.
 */
export function InstanceCredential({ platformId, typeId, instance, ensureInstance }: InstanceCredentialProps) {
  const [editing, setEditing] = useState<Instance | null>(null);
  const [removing, setRemoving] = useState<Instance | null>(null);
  const [preparing, setPreparing] = useState(false);
  const remove = useRemoveInstanceCredential(platformId);

  const setFirst = async () => {
    setPreparing(true);
    try {
      const saved = await ensureInstance();
      if (saved) setEditing(saved);
    } finally {
      setPreparing(false);
    }
  };

  return (
    <>
      {instance ? (
        <CredentialCell instance={instance} onSet={setEditing} onRemove={setRemoving} />
      ) : (
        <Group gap="xs">
          <Badge color="gray" variant="light" tt="none" data-testid="credential-status">
            Not set
          </Badge>
          <Button
            size="compact-xs"
            variant="light"
            leftSection={<IconKey size={12} />}
            loading={preparing}
            onClick={() => void setFirst()}
            data-testid="credential-set"
          >
            Set credential
          </Button>
          <Text size="xs" c="dimmed">
            Saves the instance first.
          </Text>
        </Group>
      )}
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

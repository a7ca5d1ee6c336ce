import { Text } from '@mantine/core';
import type { Instance } from '../../bindings/Instance';
import { ConfirmDelete } from '../../components/ConfirmDelete';
import { useRemoveInstanceCredential } from '../../queries';

/**
 * Asks before deleting an instance's credential from the OS keyring, and deletes
 * it; open while `instance` is set.
 */
export function RemoveCredentialDialog({ instance, onClose }: { instance: Instance | null; onClose: () => void }) {
  const remove = useRemoveInstanceCredential(instance?.platformId ?? '');
  return (
    <ConfirmDelete
      opened={instance !== null}
      title="Remove the credential?"
      confirmLabel="Remove credential"
      loading={remove.isPending}
      onClose={onClose}
      onConfirm={() => instance && remove.mutate(instance.id, { onSuccess: onClose })}
    >
      <Text size="sm">
        The credential of {instance?.name} is deleted from the OS keyring. Tests fail at the authentication stage until
        a new one is set.
      </Text>
    </ConfirmDelete>
  );
}

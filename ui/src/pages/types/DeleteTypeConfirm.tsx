import { List, Text } from '@mantine/core';
import type { PlatformType } from '../../bindings/PlatformType';
import { ConfirmDelete } from '../../components/ConfirmDelete';
import { useDeletePlatformType } from '../../queries';

interface DeleteTypeConfirmProps {
  /** The type to delete; null when the dialog is closed. */
  type: PlatformType | null;
  /** Names of the platforms using it; undefined while unknown (the backend still checks). */
  usedBy: string[] | undefined;
  onClose: () => void;
}

/**
 * A type that platforms use cannot be deleted (the backend refuses with in_use),
 * so when that is already known the dialog says which platforms are in the way
 * instead of offering a button that can only fail.
 */
export function DeleteTypeConfirm({ type, usedBy, onClose }: DeleteTypeConfirmProps) {
  const remove = useDeletePlatformType();
  const inUse = (usedBy?.length ?? 0) > 0;

  const confirm = () => {
    if (!type) return;
    // An in_use failure is notified by the hook; the dialog closes either way so the
    // notification is what the administrator reads next.
    remove.mutate(type.identifier, { onSettled: onClose });
  };

  return (
    <ConfirmDelete
      opened={type !== null}
      title="Delete platform type"
      loading={remove.isPending}
      confirmDisabled={inUse}
      onConfirm={confirm}
      onClose={onClose}
    >
      {inUse ? (
        <>
          <Text size="sm" data-testid="type-in-use">
            The platform type <b>{type?.displayName}</b> ({type?.identifier}) cannot be deleted while platforms use
            it. Delete these platforms or change their type first:
          </Text>
          <List size="sm" data-testid="type-in-use-platforms" style={{ maxHeight: 200, overflowY: 'auto' }}>
            {usedBy?.map((name, i) => (
              <List.Item key={`${i}-${name}`}>{name}</List.Item>
            ))}
          </List>
        </>
      ) : (
        <Text size="sm">
          Delete the custom platform type <b>{type?.displayName}</b> ({type?.identifier})? A type that platforms
          still use cannot be deleted; delete or move those platforms first.
        </Text>
      )}
    </ConfirmDelete>
  );
}

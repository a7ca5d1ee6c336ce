import { useState } from 'react';
import { Button, Group, Loader, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import type { PlatformType } from '../bindings/PlatformType';
import { ConfirmDelete } from '../components/ConfirmDelete';
import { QueryError } from '../components/QueryError';
import { useDeletePlatformType, usePlatformTypes } from '../queries';
import { TypeCard } from './types/TypeCard';
import { TypeFormModal } from './types/TypeFormModal';

export function PlatformTypesPage() {
  const types = usePlatformTypes();
  const remove = useDeletePlatformType();
  const [formOpen, setFormOpen] = useState(false);
  const [editing, setEditing] = useState<PlatformType | null>(null);
  const [deleting, setDeleting] = useState<PlatformType | null>(null);

  const openNew = () => {
    setEditing(null);
    setFormOpen(true);
  };
  const openEdit = (type: PlatformType) => {
    setEditing(type);
    setFormOpen(true);
  };
  const confirmDelete = () => {
    if (!deleting) return;
    const { identifier } = deleting;
    // An in_use failure is notified by the hook; the dialog closes either way so the
    // notification is what the administrator reads next.
    remove.mutate(identifier, {
      onSettled: () => setDeleting(null),
    });
  };

  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={2}>Platform types</Title>
          <Text c="dimmed" size="sm" maw={720}>
            A platform type is the category a platform belongs to. Pick one from the built-in catalogue or define
            a custom type for an internally built platform.
          </Text>
        </div>
        <Button leftSection={<IconPlus size={16} />} onClick={openNew} data-testid="new-type-button">
          New platform type
        </Button>
      </Group>

      {types.isPending && <Loader aria-label="Loading platform types" />}
      {types.isError && (
        <QueryError title="Could not load platform types" error={types.error} onRetry={() => void types.refetch()} />
      )}
      {types.data && (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} data-testid="type-grid">
          {types.data.map((type) => (
            <TypeCard key={type.identifier} type={type} onEdit={openEdit} onDelete={setDeleting} />
          ))}
        </SimpleGrid>
      )}

      <TypeFormModal opened={formOpen} editing={editing} onClose={() => setFormOpen(false)} />
      <ConfirmDelete
        opened={deleting !== null}
        title="Delete platform type"
        loading={remove.isPending}
        onConfirm={confirmDelete}
        onClose={() => setDeleting(null)}
      >
        <Text size="sm">
          Delete the custom platform type <b>{deleting?.displayName}</b> ({deleting?.identifier})? A type that
          platforms still use cannot be deleted; delete or move those platforms first.
        </Text>
      </ConfirmDelete>
    </Stack>
  );
}

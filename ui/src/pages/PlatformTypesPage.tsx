import { useMemo, useState } from 'react';
import { Button, Group, Loader, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import type { Platform } from '../bindings/Platform';
import type { PlatformType } from '../bindings/PlatformType';
import { QueryError } from '../components/QueryError';
import { usePlatforms, usePlatformTypes } from '../queries';
import { useFlash } from '../useFlash';
import { DeleteTypeConfirm } from './types/DeleteTypeConfirm';
import { TypeCard } from './types/TypeCard';
import { TypeFormModal } from './types/TypeFormModal';
// This view is loaded lazily, so it brings the styles the first screen does without.
import '../components/lazyViewStyles';

/** Platform names by type identifier; undefined until the platforms have loaded. */
function platformsByType(platforms: Platform[] | undefined): Map<string, string[]> | undefined {
  if (!platforms) return undefined;
  const byType = new Map<string, string[]>();
  for (const p of platforms) byType.set(p.typeId, [...(byType.get(p.typeId) ?? []), p.name]);
  return byType;
}

export function PlatformTypesPage() {
  const types = usePlatformTypes();
  const platforms = usePlatforms();
  const [formOpen, setFormOpen] = useState(false);
  const [editing, setEditing] = useState<PlatformType | null>(null);
  const [deleting, setDeleting] = useState<PlatformType | null>(null);
  const [justCreated, flashCreated] = useFlash(2000);

  const usage = useMemo(() => platformsByType(platforms.data), [platforms.data]);
  const usedBy = (type: PlatformType) => (usage ? (usage.get(type.identifier) ?? []) : undefined);

  const openNew = () => {
    setEditing(null);
    setFormOpen(true);
  };
  const openEdit = (type: PlatformType) => {
    setEditing(type);
    setFormOpen(true);
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
            <TypeCard
              key={type.identifier}
              type={type}
              usedBy={usedBy(type)}
              highlighted={type.identifier === justCreated}
              onEdit={openEdit}
              onDelete={setDeleting}
            />
          ))}
        </SimpleGrid>
      )}

      <TypeFormModal
        opened={formOpen}
        editing={editing}
        onClose={() => setFormOpen(false)}
        onCreated={(type) => flashCreated(type.identifier)}
      />
      <DeleteTypeConfirm
        type={deleting}
        usedBy={deleting ? usedBy(deleting) : undefined}
        onClose={() => setDeleting(null)}
      />
    </Stack>
  );
}

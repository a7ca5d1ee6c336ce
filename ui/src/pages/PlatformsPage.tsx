import { useState } from 'react';
import { Button, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { QueryError } from '../components/QueryError';
import { usePlatforms } from '../queries';
import { PlatformDetail } from './platforms/PlatformDetail';
import { PlatformFormModal } from './platforms/PlatformFormModal';
import { PlatformList } from './platforms/PlatformList';
import { PlatformsEmpty } from './platforms/PlatformsEmpty';

/** `onOpenTypes` leads to the Platform types page, which App owns. */
export function PlatformsPage({ onOpenTypes }: { onOpenTypes?: () => void }) {
  const platforms = usePlatforms();
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);

  // Looked up in the list (not kept as a copy) so edits elsewhere show at once, and
  // a platform that disappeared simply leads back to the list.
  const selected = platforms.data?.find((p) => p.id === selectedId) ?? null;
  if (selected) {
    return <PlatformDetail platform={selected} onBack={() => setSelectedId(null)} />;
  }

  const openNew = () => setCreating(true);
  const hasPlatforms = (platforms.data?.length ?? 0) > 0;

  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={2}>Platforms</Title>
          <Text c="dimmed" size="sm">
            Registered platforms, each of a platform type, with their instances per environment.
          </Text>
        </div>
        {hasPlatforms && (
          <Button leftSection={<IconPlus size={16} />} onClick={openNew} data-testid="new-platform-button">
            New platform
          </Button>
        )}
      </Group>

      {platforms.isPending && <Loader aria-label="Loading platforms" />}
      {platforms.isError && (
        <QueryError
          title="Could not load platforms"
          error={platforms.error}
          onRetry={() => void platforms.refetch()}
        />
      )}
      {platforms.data &&
        (hasPlatforms ? (
          <PlatformList platforms={platforms.data} onOpen={setSelectedId} />
        ) : (
          <PlatformsEmpty onNew={openNew} onOpenTypes={onOpenTypes} />
        ))}

      <PlatformFormModal opened={creating} editing={null} onClose={() => setCreating(false)} />
    </Stack>
  );
}

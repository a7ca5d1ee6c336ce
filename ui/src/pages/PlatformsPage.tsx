import { useState } from 'react';
import { Button, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { IconPlugConnected, IconPlus, IconWand } from '@tabler/icons-react';
import { QueryError } from '../components/QueryError';
import { usePlatforms } from '../queries';
import { BulkTestModal } from './platforms/BulkTestModal';
import { PlatformDetail } from './platforms/PlatformDetail';
import { PlatformFormModal } from './platforms/PlatformFormModal';
import { PlatformList } from './platforms/PlatformList';
import { PlatformsEmpty } from './platforms/PlatformsEmpty';
import { useBulkTest } from './platforms/useBulkTest';

interface PlatformsPageProps {
  /** Leads to the Platform types page, which App owns. */
  onOpenTypes?: () => void;
  /** Opens the "Establish a custom platform" wizard. */
  onEstablish?: () => void;
  /** A platform to show at once (opened from the registry or the wizard). */
  initialPlatformId?: string | null;
}

export function PlatformsPage({ onOpenTypes, onEstablish, initialPlatformId = null }: PlatformsPageProps) {
  const platforms = usePlatforms();
  const [selectedId, setSelectedId] = useState<string | null>(initialPlatformId);
  const [creating, setCreating] = useState(false);
  // Here rather than in the modal: the Test all button is disabled while a run goes on.
  const bulk = useBulkTest();
  const [bulkOpen, setBulkOpen] = useState(false);

  // Looked up in the list (not kept as a copy) so edits elsewhere show at once, and
  // a platform that disappeared simply leads back to the list.
  const selected = platforms.data?.find((p) => p.id === selectedId) ?? null;
  if (selected) {
    return <PlatformDetail platform={selected} onBack={() => setSelectedId(null)} />;
  }

  const openNew = () => setCreating(true);
  const testAll = () => {
    setBulkOpen(true);
    void bulk.start();
  };
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
        <Group gap="xs">
          {/* Also offered for an empty registry, where it explains there is nothing to test. */}
          {platforms.data && (
            <Button
              variant="default"
              leftSection={<IconPlugConnected size={16} />}
              onClick={testAll}
              disabled={bulk.running}
              data-testid="test-all"
            >
              Test all instances
            </Button>
          )}
          {hasPlatforms && (
            <Button
              variant={onEstablish ? 'default' : 'filled'}
              leftSection={<IconPlus size={16} />}
              onClick={openNew}
              data-testid="new-platform-button"
            >
              New platform
            </Button>
          )}
          {hasPlatforms && onEstablish && (
            <Button leftSection={<IconWand size={16} />} onClick={onEstablish} data-testid="establish-button">
              Establish a custom platform
            </Button>
          )}
        </Group>
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
          <PlatformsEmpty onNew={openNew} onOpenTypes={onOpenTypes} onEstablish={onEstablish} />
        ))}

      <PlatformFormModal opened={creating} editing={null} onClose={() => setCreating(false)} />
      <BulkTestModal opened={bulkOpen} onClose={() => setBulkOpen(false)} bulk={bulk} />
    </Stack>
  );
}

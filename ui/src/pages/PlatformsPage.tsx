import { lazy, Suspense, useState } from 'react';
import { Button, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { IconPlugConnected, IconPlus, IconWand } from '@tabler/icons-react';
import { QueryError } from '../components/QueryError';
import { useOpenedOnce } from '../components/useOpenedOnce';
import { usePlatformTypes, usePlatforms } from '../queries';
import { PlatformList } from './platforms/PlatformList';
import { PlatformsEmpty } from './platforms/PlatformsEmpty';
import { useBulkTest } from './platforms/useBulkTest';

// This page is the first screen, so only the list is in the start-up bundle. The
// detail (with its Markdown, YAML, validation and instance views) and the dialogs
// are fetched when first opened: less JavaScript for WebKit to parse at start-up.
const PlatformDetail = lazy(() => import('./platforms/PlatformDetail').then((m) => ({ default: m.PlatformDetail })));
const PlatformFormModal = lazy(() =>
  import('./platforms/PlatformFormModal').then((m) => ({ default: m.PlatformFormModal })),
);
const BulkTestModal = lazy(() => import('./platforms/BulkTestModal').then((m) => ({ default: m.BulkTestModal })));

interface PlatformsPageProps {
  /** Leads to the Platform types page, which App owns. */
  onOpenTypes?: () => void;
  /** Opens the "Establish a custom platform" wizard, pre-filled with the sandbox platform if asked. */
  onEstablish?: (sandbox?: boolean) => void;
  /** A platform to show at once (opened from the registry or the wizard). */
  initialPlatformId?: string | null;
}

export function PlatformsPage({ onOpenTypes, onEstablish, initialPlatformId = null }: PlatformsPageProps) {
  const platforms = usePlatforms();
  // Platform types load with the list, as when the New platform form was mounted
  // with the page: rows show their type names at once, and the form opens ready,
  // with the cursor in the name rather than on the close button while types load.
  usePlatformTypes();
  const [selectedId, setSelectedId] = useState<string | null>(initialPlatformId);
  const [creating, setCreating] = useState(false);
  // Here rather than in the modal: the Test all button is disabled while a run goes on.
  const bulk = useBulkTest();
  const [bulkOpen, setBulkOpen] = useState(false);
  const creatingMounted = useOpenedOnce(creating);
  const bulkMounted = useOpenedOnce(bulkOpen);

  // Looked up in the list (not kept as a copy) so edits elsewhere show at once, and
  // a platform that disappeared simply leads back to the list.
  const selected = platforms.data?.find((p) => p.id === selectedId) ?? null;
  if (selected) {
    return (
      <Suspense fallback={<Loader aria-label="Loading the platform" />}>
        <PlatformDetail platform={selected} onBack={() => setSelectedId(null)} />
      </Suspense>
    );
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
            <Button leftSection={<IconWand size={16} />} onClick={() => onEstablish()} data-testid="establish-button">
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

      {creatingMounted && (
        <Suspense fallback={<Loader aria-label="Opening the new platform form" />}>
          <PlatformFormModal opened={creating} editing={null} onClose={() => setCreating(false)} />
        </Suspense>
      )}
      {bulkMounted && (
        <Suspense fallback={<Loader aria-label="Opening the test of all instances" />}>
          <BulkTestModal opened={bulkOpen} onClose={() => setBulkOpen(false)} bulk={bulk} />
        </Suspense>
      )}
    </Stack>
  );
}

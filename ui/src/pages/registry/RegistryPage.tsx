import { Button, EmptyState, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { IconFilterOff, IconPlus, IconSearchOff, IconServer } from '@tabler/icons-react';
import type { RegistryRow } from '../../bindings/RegistryRow';
import { QueryError } from '../../components/QueryError';
import { RegistryFilterBar } from './RegistryFilterBar';
import { RegistryTable } from './RegistryTable';
import { useFirstRegistryPage, useRegistryFacets } from './registryQueries';
import { clearRegistryFilters, hasActiveFilters, useRegistryFilters } from './registryStore';
// This view is loaded lazily, so it brings the styles the first screen does without.
import '../../components/lazyViewStyles';

interface RegistryPageProps {
  onOpenInstance: (instanceId: string, platformId: string) => void;
  onOpenPlatform: (platformId: string) => void;
  onNewPlatform: () => void;
}

const COUNT_FORMAT = new Intl.NumberFormat('en-US');

function countText(total: number, filtered: boolean): string {
  const rows = `${COUNT_FORMAT.format(total)} ${total === 1 ? 'instance' : 'instances'}`;
  return filtered ? `${rows} match` : rows;
}

/** Every registered instance (and platform without one), searchable, filterable and sortable. */
export function RegistryPage({ onOpenInstance, onOpenPlatform, onNewPlatform }: RegistryPageProps) {
  const filters = useRegistryFilters();
  const first = useFirstRegistryPage(filters);
  const facets = useRegistryFacets();
  const filtered = hasActiveFilters(filters);

  const open = (row: RegistryRow) => {
    if (row.instance) onOpenInstance(row.instance.id, row.platformId);
    else onOpenPlatform(row.platformId);
  };

  const total = first.data?.total;
  return (
    <Stack data-testid="registry-page">
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={2}>Registry</Title>
          <Text c="dimmed" size="sm">
            Every instance of every platform, with its last test. Open a row for its configuration and history.
          </Text>
        </div>
        {/* The empty registry offers this button itself, in its invitation. */}
        {(filtered || (total ?? 0) > 0) && (
          <Button leftSection={<IconPlus size={16} />} onClick={onNewPlatform} data-testid="registry-new-platform">
            Establish a custom platform
          </Button>
        )}
      </Group>

      <RegistryFilterBar filters={filters} facets={facets.data} />

      <Group gap="xs" mih={24}>
        {total !== undefined && (
          <Text size="sm" fw={500} aria-live="polite" data-testid="registry-count">
            {countText(total, filtered)}
          </Text>
        )}
        {first.data && first.isFetching && <Loader size="xs" aria-label="Updating the registry" />}
      </Group>

      {first.isPending && <Loader aria-label="Loading the registry" />}
      {first.isError && (
        <QueryError title="Could not load the registry" error={first.error} onRetry={() => void first.refetch()} />
      )}
      {first.data && total === 0 && !filtered && !first.isPlaceholderData && (
        <EmptyState
          icon={<IconServer size={32} />}
          title="Nothing registered yet"
          description={
            'Establish a custom platform, then register its instances (dev, staging, prod…); ' +
            'they are listed here with their last test.'
          }
          data-testid="registry-empty"
        >
          <Button leftSection={<IconPlus size={16} />} onClick={onNewPlatform} data-testid="registry-empty-new">
            Establish a custom platform
          </Button>
        </EmptyState>
      )}
      {first.data && total === 0 && filtered && (
        <EmptyState
          icon={<IconSearchOff size={32} />}
          title="No instances match"
          description="No platform or instance matches this search and these filters."
          data-testid="registry-no-match"
        >
          <Button
            variant="light"
            leftSection={<IconFilterOff size={16} />}
            onClick={clearRegistryFilters}
            data-testid="registry-no-match-clear"
          >
            Clear filters
          </Button>
        </EmptyState>
      )}
      {first.data && first.data.total > 0 && (
        <RegistryTable filters={filters} firstPage={first.data} stale={first.isPlaceholderData} onOpen={open} />
      )}
    </Stack>
  );
}

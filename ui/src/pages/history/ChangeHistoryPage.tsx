import { Select, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { usePlatforms } from '../../queries';
import { ChangeHistoryPanel } from './ChangeHistoryPanel';
// This page is loaded lazily, so it brings the styles the first screen does without.
import '../../components/lazyViewStyles';

/** Every change to the registry, for review: who changed what, when, through what. */
export function ChangeHistoryPage() {
  const platforms = usePlatforms();
  const [platformId, setPlatformId] = useState<string | null>(null);
  return (
    <Stack gap="md" maw={1100}>
      <div>
        <Title order={2}>Change history</Title>
        <Text size="sm" c="dimmed">
          Every change to platform types, connectors, platforms, instances, settings and credentials — never a secret
          value. Also on the command line: platformctl history.
        </Text>
      </div>
      <Select
        size="xs"
        label="Platform"
        placeholder="Every platform"
        clearable
        searchable
        w={260}
        data={(platforms.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
        value={platformId}
        onChange={setPlatformId}
        data-testid="history-platform"
      />
      <ChangeHistoryPanel key={platformId ?? 'all'} platformId={platformId ?? undefined} />
    </Stack>
  );
}

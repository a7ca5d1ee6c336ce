import { useState } from 'react';
import { Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconHistory } from '@tabler/icons-react';
import { ChangeHistoryPanel } from './ChangeHistoryPanel';

/**
 * A platform's own change history (the platform, its instances, settings and
 * credentials), opened on request: most visits to a platform are not reviews.
 */
export function PlatformHistoryCard({ platformId }: { platformId: string }) {
  const [open, setOpen] = useState(false);
  return (
    <Card withBorder data-testid="platform-history">
      <Stack gap="sm">
        <Group justify="space-between">
          <div>
            <Title order={4}>Change history</Title>
            <Text size="xs" c="dimmed">
              Who changed this platform, its instances and settings, and what changed.
            </Text>
          </div>
          <Button
            size="xs"
            variant="light"
            leftSection={<IconHistory size={14} />}
            onClick={() => setOpen((o) => !o)}
            data-testid="platform-history-toggle"
          >
            {open ? 'Hide' : 'Show changes'}
          </Button>
        </Group>
        {open && <ChangeHistoryPanel platformId={platformId} />}
      </Stack>
    </Card>
  );
}

import { useState } from 'react';
import { Card, Divider, Stack, Text, Title } from '@mantine/core';
import { HistoryList } from '../validation/HistoryList';
import { TestRunDetail } from '../validation/TestRunDetail';

/**
 * Stored connection tests and validation runs: the list and the chosen run (their
 * latency over time is in the Status over time card).
 */
export function HistoryCard({ instanceId }: { instanceId: string }) {
  const [selected, setSelected] = useState<string | null>(null);
  return (
    <Card withBorder radius="md" data-testid="instance-history">
      <Stack>
        <div>
          <Title order={3}>History</Title>
          <Text size="sm" c="dimmed">
            Newest first, as many of each kind as Settings keeps. Choose one to see its stages or steps with their
            requests and responses (secrets redacted), and to export it.
          </Text>
        </div>
        <HistoryList instanceId={instanceId} selected={selected} onSelect={setSelected} />
        {selected && (
          <>
            <Divider />
            <TestRunDetail key={selected} id={selected} />
          </>
        )}
      </Stack>
    </Card>
  );
}

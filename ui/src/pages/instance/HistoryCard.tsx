import { useState } from 'react';
import { Card, Divider, Stack, Text, Title } from '@mantine/core';
import { useTestRuns } from '../../validationQueries';
import { HistoryList } from '../validation/HistoryList';
import { TestRunDetail } from '../validation/TestRunDetail';
import { LatencyChart } from './LatencyChart';

/** Stored connection tests and validation runs: a latency chart, the list, and the chosen run. */
export function HistoryCard({ instanceId }: { instanceId: string }) {
  // Shares the list's query (same key): one fetch feeds both.
  const runs = useTestRuns(instanceId);
  const [selected, setSelected] = useState<string | null>(null);
  return (
    <Card withBorder radius="md" data-testid="instance-history">
      <Stack>
        <div>
          <Title order={3}>History</Title>
          <Text size="sm" c="dimmed">
            The newest 50 runs, newest first. Choose one to see its stages or steps with their requests and
            responses (secrets redacted), and to export it.
          </Text>
        </div>
        {runs.data && runs.data.length > 0 && <LatencyChart runs={runs.data} />}
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

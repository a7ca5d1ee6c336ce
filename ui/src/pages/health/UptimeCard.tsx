import { useState } from 'react';
import { Badge, Card, Group, Loader, SegmentedControl, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { UptimeWindow } from '../../bindings/UptimeWindow';
import { QueryError } from '../../components/QueryError';
import { formatMs, formatSpan, intervalLabel, useInstanceUptime } from './healthQueries';
import { UptimeChart } from './UptimeChart';

function percent(w: UptimeWindow): string {
  if (w.uptimePercent === null) return '—';
  const value = w.uptimePercent;
  if (value === 100 || value === 0) return `${value} %`;
  // Rounded down, so 99.996 shows as 99.99 %, never 100 %: a short outage stays visible.
  const digits = value >= 99 ? 2 : 1;
  const factor = 10 ** digits;
  return `${(Math.floor(value * factor) / factor).toFixed(digits)} %`;
}

function percentColor(w: UptimeWindow): string | undefined {
  if (w.uptimePercent === null) return 'dimmed';
  if (w.uptimePercent >= 99.9) return 'green';
  if (w.uptimePercent >= 95) return 'yellow';
  return 'red';
}

const LABELS: Record<string, string> = { '24h': 'Last 24 hours', '7d': 'Last 7 days', '30d': 'Last 30 days' };

/**
 * Status over time: the instance's health and since when, uptime over the last
 * 24 h / 7 d / 30 d from the stored connection tests, and their latency with the
 * failures marked.
 */
export function UptimeCard({ instanceId }: { instanceId: string }) {
  const uptime = useInstanceUptime(instanceId);
  const [shown, setShown] = useState('24h');
  const data = uptime.data;
  const window = data?.windows.find((w) => w.label === shown) ?? data?.windows[0];
  return (
    <Card withBorder radius="md" data-testid="uptime-card">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap">
          <Title order={4}>Status over time</Title>
          {data?.state && (
            <Badge
              color={data.state.health === 'up' ? 'green' : 'red'}
              variant="light"
              tt="none"
              data-testid="health-state"
              title={`Last check ${formatMs(data.state.checkedAtMs)}`}
            >
              {data.state.health === 'up' ? 'Up' : 'Down'} since {formatMs(data.state.sinceMs)}
            </Badge>
          )}
        </Group>
        {uptime.isPending && <Loader size="sm" aria-label="Loading uptime" />}
        {uptime.isError && (
          <QueryError title="Could not read the uptime" error={uptime.error} onRetry={() => void uptime.refetch()} />
        )}
        {data && (
          <>
            <Text size="sm" c="dimmed" data-testid="uptime-schedule">
              {data.intervalMinutes
                ? `Checked ${intervalLabel(data.intervalMinutes)} while the app runs; each connection test counts.`
                : 'From the connection tests run so far; turn on scheduled checks on the platform page for a steady record.'}
            </Text>
            <SimpleGrid cols={3} spacing="xs">
              {data.windows.map((w) => (
                <Stack key={w.label} gap={0} data-testid={`uptime-${w.label}`}>
                  <Text size="xs" c="dimmed">
                    {LABELS[w.label] ?? w.label}
                  </Text>
                  <Text fw={600} size="lg" c={percentColor(w)} data-testid={`uptime-${w.label}-percent`}>
                    {percent(w)}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {w.checks === 0
                      ? 'no checks'
                      : `${w.checks} ${w.checks === 1 ? 'check' : 'checks'}, ${w.failures} failed`}
                    {w.checks > 0 && w.coveredMs >= 60_000 && w.coveredMs < w.windowMs * 0.9
                      ? `, covers ${formatSpan(w.coveredMs)}`
                      : ''}
                  </Text>
                </Stack>
              ))}
            </SimpleGrid>
            <SegmentedControl
              size="xs"
              value={window?.label ?? '24h'}
              onChange={setShown}
              data={data.windows.map((w) => ({ value: w.label, label: w.label }))}
              data-testid="uptime-window"
            />
            {window && <UptimeChart window={window} asOfMs={data.asOfMs} />}
          </>
        )}
      </Stack>
    </Card>
  );
}

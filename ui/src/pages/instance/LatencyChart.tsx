import { Group, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import type { TestRunRecord } from '../../bindings/TestRunRecord';
import { outcomeColor, outcomeLabel } from '../platforms/InstanceStatus';
import { formatDuration, formatTime } from '../validation/format';

/** Bars shown: enough to see a trend, few enough to stay readable in a card. */
export const CHART_RUNS = 20;

const WIDTH = 600;
const HEIGHT = 120;
const GAP = 4;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** What the chart shows, in one sentence: also its accessible name. */
export function latencySummary(runs: TestRunRecord[]): string {
  const durations = runs.map((r) => r.durationMs);
  const noun = runs.length === 1 ? 'connection test' : `${runs.length} connection tests`;
  const middle = formatDuration(median(durations));
  return `Latency of the last ${noun}: median ${middle}, max ${formatDuration(Math.max(...durations))}`;
}

/**
 * Connection-test durations over time, oldest left and newest right, one bar per
 * test coloured by its outcome. Validation runs are left out: they take seconds
 * by design and would flatten every connection test to nothing.
 */
export function LatencyChart({ runs }: { runs: TestRunRecord[] }) {
  // The history arrives newest first.
  const shown = runs
    .filter((r) => r.kind === 'connection_test')
    .slice(0, CHART_RUNS)
    .reverse();
  if (shown.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid="latency-empty">
        No connection tests yet: their latency is charted here.
      </Text>
    );
  }
  const summary = latencySummary(shown);
  const max = Math.max(...shown.map((r) => r.durationMs), 1);
  const slot = WIDTH / CHART_RUNS;
  // Right-aligned, so the newest test is always at the right edge.
  const left = WIDTH - slot * shown.length;
  return (
    <Stack gap={4} data-testid="latency-chart">
      <Group justify="space-between">
        <Text size="sm" fw={500}>
          Latency
        </Text>
        <Text size="xs" c="dimmed" aria-hidden>
          max {formatDuration(max)}
        </Text>
      </Group>
      <svg
        role="img"
        aria-label={summary}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        preserveAspectRatio="none"
        width="100%"
        height={HEIGHT}
        style={{ display: 'block', borderBottom: '1px solid var(--mantine-color-default-border)' }}
      >
        {shown.map((run, i) => {
          const height = Math.max(2, (run.durationMs / max) * (HEIGHT - 4));
          return (
            <rect
              key={run.id}
              x={left + i * slot + GAP / 2}
              y={HEIGHT - height}
              width={slot - GAP}
              height={height}
              rx={2}
              fill={`var(--mantine-color-${outcomeColor(run.status)}-filled)`}
              data-testid="latency-bar"
            >
              <title>
                {`${formatTime(run.startedAt)}: ${formatDuration(run.durationMs)}, ${outcomeLabel(run.status)}`}
              </title>
            </rect>
          );
        })}
      </svg>
      <Group justify="space-between">
        <Text size="xs" c="dimmed">
          {formatTime(shown[0].startedAt)}
        </Text>
        <Text size="xs" c="dimmed">
          {shown.length > 1 ? formatTime(shown[shown.length - 1].startedAt) : ''}
        </Text>
      </Group>
      <Text size="xs" c="dimmed" aria-hidden>
        {summary}
      </Text>
      <VisuallyHidden>
        <Table data-testid="latency-table">
          <caption>{summary}</caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Started</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Duration</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((run) => (
              <Table.Tr key={run.id}>
                <Table.Td>{formatTime(run.startedAt)}</Table.Td>
                <Table.Td>{outcomeLabel(run.status)}</Table.Td>
                <Table.Td>{formatDuration(run.durationMs)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </VisuallyHidden>
    </Stack>
  );
}

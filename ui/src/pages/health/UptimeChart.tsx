import { Group, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import type { UptimeWindow } from '../../bindings/UptimeWindow';
import { formatDuration } from '../validation/format';
import { formatMs } from './healthQueries';

const WIDTH = 600;
const HEIGHT = 120;
/** Room under the line for the failure marks. */
const MARKS = 14;
/** Room at either edge, so the newest point is not cut in half. */
const EDGE = 6;

/** What the chart shows, in one sentence: also its accessible name. */
export function chartSummary(w: UptimeWindow): string {
  const ups = w.samples.filter((s) => s.up).map((s) => s.durationMs);
  const slowest = ups.length ? formatDuration(Math.max(...ups)) : 'none';
  const shown = w.samples.length < w.checks ? ` (${w.samples.length} shown)` : '';
  return `Latency of ${w.checks} connection tests over the last ${w.label}${shown}: slowest ${slowest}, ${w.failures} failed`;
}

/**
 * Connection-test latency over the window on a time axis (oldest left), with each
 * failure marked by a red bar below the line: a failed test's duration is the
 * time to its failure, which is not the platform's latency.
 */
export function UptimeChart({ window: w, asOfMs }: { window: UptimeWindow; asOfMs: number }) {
  if (w.samples.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid="uptime-chart-empty">
        No connection tests in the last {w.label}.
      </Text>
    );
  }
  // The window ends now, so a platform no longer checked shows its silence.
  const end = Math.max(asOfMs, ...w.samples.map((s) => s.atMs));
  const start = end - w.windowMs;
  const x = (at: number) => EDGE + ((at - start) / w.windowMs) * (WIDTH - 2 * EDGE);
  const ups = w.samples.filter((s) => s.up);
  const max = Math.max(1, ...ups.map((s) => s.durationMs));
  const plot = HEIGHT - MARKS;
  const y = (ms: number) => plot - (ms / max) * (plot - 4);
  const line = ups.map((s) => `${x(s.atMs).toFixed(1)},${y(s.durationMs).toFixed(1)}`).join(' ');
  const summary = chartSummary(w);
  return (
    <Stack gap={4} data-testid="uptime-chart">
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
        {ups.length > 1 && (
          <polyline
            points={line}
            fill="none"
            stroke="var(--mantine-color-blue-filled)"
            strokeWidth={1.5}
            vectorEffect="non-scaling-stroke"
          />
        )}
        {ups.map((s) => (
          <circle
            key={`up-${s.atMs}`}
            cx={x(s.atMs)}
            cy={y(s.durationMs)}
            r={ups.length > 60 ? 1 : 2.5}
            fill="var(--mantine-color-blue-filled)"
          >
            <title>{`${formatMs(s.atMs)}: ${formatDuration(s.durationMs)}`}</title>
          </circle>
        ))}
        {w.samples
          .filter((s) => !s.up)
          .map((s) => (
            <rect
              key={`down-${s.atMs}`}
              x={x(s.atMs) - 2}
              y={0}
              width={4}
              height={HEIGHT}
              fill="var(--mantine-color-red-filled)"
              opacity={0.8}
              data-testid="uptime-failure"
            >
              <title>{`${formatMs(s.atMs)}: failed after ${formatDuration(s.durationMs)}`}</title>
            </rect>
          ))}
      </svg>
      <Group justify="space-between">
        <Text size="xs" c="dimmed">
          {formatMs(start)}
        </Text>
        <Text size="xs" c="dimmed">
          {formatMs(end)}
        </Text>
      </Group>
      <VisuallyHidden>
        <Table data-testid="uptime-table">
          <caption>{summary}</caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Started</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Duration</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {w.samples.map((s) => (
              <Table.Tr key={s.atMs}>
                <Table.Td>{formatMs(s.atMs)}</Table.Td>
                <Table.Td>{s.up ? 'up' : 'failed'}</Table.Td>
                <Table.Td>{formatDuration(s.durationMs)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </VisuallyHidden>
    </Stack>
  );
}

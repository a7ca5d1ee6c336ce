import { Badge, Card, Group, Loader, Select, Stack, Text, Title } from '@mantine/core';
import type { Platform } from '../../bindings/Platform';
import { QueryError } from '../../components/QueryError';
import { formatMs, INTERVAL_OPTIONS, intervalLabel, usePlatformSchedule, useSetInterval } from './healthQueries';

const OFF = 'off';

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

const OPTIONS = [
  { value: OFF, label: 'Off' },
  ...INTERVAL_OPTIONS.map((m) => ({ value: String(m), label: capitalised(intervalLabel(m)) })),
];

/**
 * A platform's scheduled health checks: how often its instances are
 * connection-tested while the app runs, and when they were and will be.
 */
export function HealthScheduleCard({ platform }: { platform: Platform }) {
  const schedule = usePlatformSchedule(platform.id);
  const save = useSetInterval(platform.id);
  const data = schedule.data;
  const value = data?.intervalMinutes ? String(data.intervalMinutes) : OFF;
  return (
    <Card withBorder radius="md" data-testid="health-schedule">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap">
          <Title order={4}>Scheduled health checks</Title>
          {data && data.down > 0 && (
            <Badge color="red" data-testid="health-schedule-down">
              {data.down} of {data.instances} down
            </Badge>
          )}
        </Group>
        <Text size="sm" c="dimmed">
          While the app runs, every instance of this platform gets a connection test on this schedule; a change between
          up and down raises a desktop notification. For machines that are not always on, run{' '}
          <code>platformctl test --all --changed-only</code> from cron or a CI scheduler.
        </Text>
        {schedule.isPending && <Loader size="sm" aria-label="Loading the schedule" />}
        {schedule.isError && (
          <QueryError
            title="Could not read the schedule"
            error={schedule.error}
            onRetry={() => void schedule.refetch()}
          />
        )}
        {data && (
          <Group align="flex-end" wrap="wrap">
            <Select
              label="Interval"
              data={OPTIONS}
              value={value}
              allowDeselect={false}
              disabled={save.isPending}
              onChange={(v) => v && v !== value && save.mutate(v === OFF ? null : Number(v))}
              w={200}
              data-testid="health-interval"
            />
            <Stack gap={0}>
              <Text size="sm" data-testid="health-last-check">
                {data.lastCheckAtMs ? `Last check ${formatMs(data.lastCheckAtMs)}` : 'Not checked yet'}
              </Text>
              {data.intervalMinutes && (
                <Text size="sm" c="dimmed" data-testid="health-next-check">
                  {data.instances === 0
                    ? 'No instances to check'
                    : data.nextDueAtMs && !data.dueNow
                      ? `Next check ${formatMs(data.nextDueAtMs)}`
                      : 'Next check within a minute'}
                </Text>
              )}
            </Stack>
          </Group>
        )}
      </Stack>
    </Card>
  );
}

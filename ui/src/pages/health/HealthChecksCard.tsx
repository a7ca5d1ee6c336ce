import { Badge, Button, Card, Group, Loader, NumberInput, Stack, Switch, Table, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import type { HealthCheckSettings } from '../../bindings/HealthCheckSettings';
import type { HealthChecksOverview } from '../../bindings/HealthChecksOverview';
import { applyFieldErrors, OtherFieldErrors, withFieldError } from '../../components/FieldError';
import { QueryError } from '../../components/QueryError';
import { formatMs, intervalLabel, useHealthChecks, useRunDueChecks, useSaveHealthSettings } from './healthQueries';

interface Values {
  certificateWarningDays: number | string;
  concurrency: number | string;
  notifications: boolean;
}

const wholeNumber = (value: number | string) =>
  value === '' || !Number.isInteger(Number(value)) ? 'Enter a whole number' : null;

function SettingsForm({ settings }: { settings: HealthCheckSettings }) {
  const save = useSaveHealthSettings();
  const form = useForm<Values>({
    initialValues: settings,
    validate: { certificateWarningDays: wholeNumber, concurrency: wholeNumber },
  });
  const submit = async (values: Values) => {
    const input: HealthCheckSettings = {
      certificateWarningDays: Number(values.certificateWarningDays),
      concurrency: Number(values.concurrency),
      notifications: values.notifications,
    };
    try {
      const saved = await save.mutateAsync(input);
      form.setInitialValues(saved);
      form.reset();
    } catch (error) {
      applyFieldErrors(form, error);
    }
  };
  return (
    <form onSubmit={form.onSubmit(submit)} noValidate>
      <Stack gap="sm">
        <Group grow align="flex-start">
          <NumberInput
            label="Warn before a certificate expires (days)"
            description="Once a day, from this many days before"
            allowDecimal={false}
            {...withFieldError(form.getInputProps('certificateWarningDays'), 'health-certificate-days')}
          />
          <NumberInput
            label="Checks at once"
            description="More at once finishes a round sooner; each check holds one"
            allowDecimal={false}
            {...withFieldError(form.getInputProps('concurrency'), 'health-concurrency')}
          />
        </Group>
        <Switch
          label="Desktop notifications when an instance goes down or comes back"
          {...form.getInputProps('notifications', { type: 'checkbox' })}
          data-testid="health-notifications"
        />
        <OtherFieldErrors
          errors={form.errors}
          shown={(field) => field === 'certificateWarningDays' || field === 'concurrency'}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending} disabled={!form.isDirty()} data-testid="health-settings-save">
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function ScheduleTable({ overview }: { overview: HealthChecksOverview }) {
  const scheduled = overview.platforms.filter((p) => p.intervalMinutes !== null);
  if (scheduled.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid="health-none-scheduled">
        No platform is checked on a schedule: turn it on in a platform's "Scheduled health checks" card.
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={520}>
      <Table data-testid="health-schedules">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Platform</Table.Th>
            <Table.Th>Checked</Table.Th>
            <Table.Th>Instances</Table.Th>
            <Table.Th>Last check</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {scheduled.map((p) => (
            <Table.Tr key={p.platformId} data-testid="health-schedule-row">
              <Table.Td>{p.platform}</Table.Td>
              <Table.Td>{intervalLabel(p.intervalMinutes ?? 0)}</Table.Td>
              <Table.Td>
                {p.instances}
                {p.down > 0 && (
                  <Badge color="red" ml="xs" size="sm">
                    {p.down} down
                  </Badge>
                )}
              </Table.Td>
              <Table.Td>{p.lastCheckAtMs ? formatMs(p.lastCheckAtMs) : 'not yet'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** Settings → the scheduler: its settings, every schedule and the last run. */
export function HealthChecksCard() {
  const overview = useHealthChecks();
  const runDue = useRunDueChecks();
  const data = overview.data;
  const s = data?.scheduler;
  return (
    <Card withBorder radius="md" data-testid="settings-health-checks">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap">
          <Title order={4}>Scheduled health checks</Title>
          <Button
            variant="default"
            size="xs"
            onClick={() => runDue.mutate()}
            loading={runDue.isPending}
            data-testid="health-run-due"
          >
            Check due now
          </Button>
        </Group>
        <Text size="sm" c="dimmed">
          While the app runs, the platforms with a schedule are connection-tested in the background; each test is kept
          in the instance's history.
        </Text>
        {overview.isPending && <Loader size="sm" aria-label="Loading scheduled health checks" />}
        {overview.isError && (
          <QueryError
            title="Could not read the scheduled health checks"
            error={overview.error}
            onRetry={() => void overview.refetch()}
          />
        )}
        {data && s && (
          <>
            <Text size="sm" data-testid="health-last-run">
              {s.lastFinishedAtMs
                ? `Last check finished ${formatMs(s.lastFinishedAtMs)}; ${s.checksRun} run since the app started, ${s.checksFailed} failed`
                : 'No scheduled check has run since the app started'}
              {s.running > 0 ? `; ${s.running} running now` : ''}
              {s.checksAbandoned > 0 ? `; ${s.checksAbandoned} abandoned after 2 minutes` : ''}
            </Text>
            <ScheduleTable overview={data} />
            <SettingsForm settings={data.settings} />
          </>
        )}
      </Stack>
    </Card>
  );
}

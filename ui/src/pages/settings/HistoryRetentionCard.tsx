import { Button, Card, Group, Loader, NumberInput, Stack, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import type { HistoryRetention } from '../../bindings/HistoryRetention';
import { applyFieldErrors, OtherFieldErrors, withFieldError } from '../../components/FieldError';
import { QueryError } from '../../components/QueryError';
import { useHistoryRetention, useSaveHistoryRetention } from '../../validationQueries';

/** A number input holds '' while empty. */
interface RetentionValues {
  keep: number | string;
  maxAgeDays: number | string;
}

// The ranges are the backend's to enforce (and word); here only "is it a number".
// No min/max on the inputs either: Mantine would clamp a typed 0 to 1 on blur,
// silently saving something else than what was typed.
const wholeNumber = (value: number | string) =>
  value === '' || !Number.isInteger(Number(value)) ? 'Enter a whole number' : null;

/** What a retention form keeps: test runs per instance, or changes. */
export interface RetentionWording {
  keepLabel: string;
  keepDescription: string;
  ageDescription: string;
  /** Prefix of the test ids: `retention` gives `retention-keep`, `retention-save`, … */
  testId: string;
}

const RUNS: RetentionWording = {
  keepLabel: 'Keep runs per instance',
  keepDescription: 'The newest this many are kept',
  ageDescription: 'Older runs are removed',
  testId: 'retention',
};

interface RetentionSaving {
  mutateAsync: (retention: HistoryRetention) => Promise<HistoryRetention>;
  isPending: boolean;
}

/** Count and age, saved together; the backend's range errors land under their fields. */
export function RetentionForm({
  retention,
  save,
  wording,
}: {
  retention: HistoryRetention;
  save: RetentionSaving;
  wording: RetentionWording;
}) {
  const form = useForm<RetentionValues>({
    initialValues: { keep: retention.keep, maxAgeDays: retention.maxAgeDays },
    validate: { keep: wholeNumber, maxAgeDays: wholeNumber },
  });

  const submit = async (values: RetentionValues) => {
    const input = { keep: Number(values.keep), maxAgeDays: Number(values.maxAgeDays) };
    try {
      const saved = await save.mutateAsync(input);
      // What was saved is the new starting point, so the form is clean again.
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
            label={wording.keepLabel}
            description={wording.keepDescription}
            allowDecimal={false}
            {...withFieldError(form.getInputProps('keep'), `${wording.testId}-keep`)}
          />
          <NumberInput
            label="Maximum age (days)"
            description={wording.ageDescription}
            allowDecimal={false}
            {...withFieldError(form.getInputProps('maxAgeDays'), `${wording.testId}-max-age`)}
          />
        </Group>
        <OtherFieldErrors errors={form.errors} shown={(field) => field === 'keep' || field === 'maxAgeDays'} />
        <Group justify="flex-end">
          <Button
            variant="default"
            onClick={() => form.reset()}
            disabled={!form.isDirty() || save.isPending}
            data-testid={`${wording.testId}-reset`}
          >
            Reset
          </Button>
          <Button type="submit" loading={save.isPending} data-testid={`${wording.testId}-save`}>
            Save retention
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** How much validation and connection-test history the app keeps. */
export function HistoryRetentionCard() {
  const retention = useHistoryRetention();
  const save = useSaveHistoryRetention();
  return (
    <Card withBorder radius="md" data-testid="settings-retention">
      <Stack gap="sm">
        <Title order={4}>History retention</Title>
        <Text size="sm" c="dimmed">
          Validation runs and connection tests are kept per instance: at most this many of each, and none older than this.
          Whatever is outside either limit is removed when a new run is stored.
        </Text>
        {retention.isPending && <Loader size="sm" aria-label="Loading history retention" />}
        {retention.isError && (
          <QueryError
            title="Could not read the history retention"
            error={retention.error}
            onRetry={() => void retention.refetch()}
          />
        )}
        {retention.data && <RetentionForm retention={retention.data} save={save} wording={RUNS} />}
      </Stack>
    </Card>
  );
}

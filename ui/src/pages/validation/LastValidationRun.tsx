import { Badge, Group, Loader, Stack, Text } from '@mantine/core';
import type { TestRunRecord } from '../../bindings/TestRunRecord';
import { WRAP_ANYWHERE } from '../../components/LongText';
import { useTestRun } from '../../validationQueries';
import { RunSummary } from './RunSummary';
import { StepTimeline } from './StepTimeline';
import { asTestRun } from './TestRunDetail';
import { formatTime, statusColor } from './format';
import { fromReports } from './useValidationRun';

/** What is known of a run when its stored report cannot be shown. */
export interface RunNote {
  status: string;
  summary: string;
  startedAt?: string | null;
}

interface LastValidationRunProps {
  /** The newest stored validation run of the instance, if any. */
  record: TestRunRecord | undefined;
  /** While the history loads. */
  loading: boolean;
  /** Used when the history holds no run (or could not load): e.g. what a draft remembers. */
  fallback: RunNote | null;
}

function Header({ startedAt }: { startedAt: string | null | undefined }) {
  return (
    <Text size="sm" fw={500} data-testid="validation-previous-when">
      {startedAt ? `Last validation run, ${formatTime(startedAt)}` : 'Last validation run'}
    </Text>
  );
}

/** Status and summary only: the report itself is not available. */
function NoteLine({ note }: { note: RunNote }) {
  return (
    <Stack gap={4} data-testid="validation-previous">
      <Header startedAt={note.startedAt} />
      <Group gap="xs" style={WRAP_ANYWHERE}>
        <Badge color={statusColor(note.status)} variant="light" tt="none" data-testid="validation-previous-status">
          {note.status}
        </Badge>
        <Text size="sm" c="dimmed" style={WRAP_ANYWHERE}>
          {note.summary}
        </Text>
      </Group>
    </Stack>
  );
}

/**
 * The instance's newest validation run as stored, with its whole timeline, so a
 * step revisited shows what happened rather than an empty page.
 */
export function LastValidationRun({ record, loading, fallback }: LastValidationRunProps) {
  const stored = useTestRun(record?.id ?? null);
  if (loading || (record && stored.isPending)) return <Loader size="sm" aria-label="Loading the last validation run" />;
  if (!record) return fallback ? <NoteLine note={fallback} /> : null;
  const run = stored.data ? asTestRun(stored.data.report) : null;
  if (!run) return <NoteLine note={record} />;
  return (
    <Stack gap="sm" data-testid="validation-previous" data-id={record.id}>
      <Header startedAt={record.startedAt} />
      <RunSummary run={run} />
      <StepTimeline steps={fromReports(run.steps)} />
    </Stack>
  );
}

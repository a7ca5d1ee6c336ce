import { Badge, Stack, Text } from '@mantine/core';
import type { LastTest } from '../../bindings/LastTest';
import { ClampedText } from '../../components/LongText';
import { formatTime, KIND_LABELS } from '../validation/format';

// An instance's health at a glance: the traffic-light colours are the point, so
// they differ on purpose from the step colours of the validation timeline.
const OUTCOME_COLORS: Record<string, string> = {
  ok: 'green',
  passed: 'green',
  warning: 'yellow',
  cancelled: 'yellow',
  failed: 'red',
};

const OUTCOME_LABELS: Record<string, string> = {
  ok: 'OK',
  passed: 'Passed',
  warning: 'Warning',
  cancelled: 'Cancelled',
  failed: 'Failed',
};

/** Connection-test statuses (ok/warning/failed) and run statuses (passed/failed/cancelled). */
export function outcomeColor(status: string): string {
  return OUTCOME_COLORS[status] ?? 'gray';
}

/** An unknown status (a newer backend) is shown as it is rather than hidden. */
export function outcomeLabel(status: string): string {
  return OUTCOME_LABELS[status] ?? status;
}

export function OutcomeBadge({ status, 'data-testid': testId }: { status: string; 'data-testid': string }) {
  return (
    <Badge variant="light" tt="none" color={outcomeColor(status)} data-testid={testId} data-status={status}>
      {outcomeLabel(status)}
    </Badge>
  );
}

/** The instance's newest connection test or validation run, or that it has none. */
export function InstanceStatus({ lastTest }: { lastTest: LastTest | null }) {
  if (!lastTest) {
    return (
      <Badge variant="light" tt="none" color="gray" data-testid="instance-status" data-status="never">
        Never tested
      </Badge>
    );
  }
  return (
    <Stack gap={2} miw={0}>
      <OutcomeBadge status={lastTest.status} data-testid="instance-status" />
      {lastTest.summary && (
        <ClampedText size="xs" data-testid="instance-status-summary">
          {lastTest.summary}
        </ClampedText>
      )}
      <Text
        size="xs"
        c="dimmed"
        truncate="end"
        title={`${KIND_LABELS[lastTest.kind] ?? lastTest.kind} · ${formatTime(lastTest.startedAt)}`}
        data-testid="instance-status-time"
      >
        {KIND_LABELS[lastTest.kind] ?? lastTest.kind} · {formatTime(lastTest.startedAt)}
      </Text>
    </Stack>
  );
}

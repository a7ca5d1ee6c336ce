import { Badge, Group, Paper, Stack, Text } from '@mantine/core';
import type { Instance } from '../../bindings/Instance';
import { UrlCode, WRAP_ANYWHERE } from '../../components/LongText';
import { OutcomeBadge } from '../platforms/InstanceStatus';
import { formatTime } from '../validation/format';
import { tlsDescription, type InstanceResults, type RanResult } from './instanceResults';

interface RunLineProps {
  label: string;
  result: RanResult | null;
  /** What is said when nothing of this kind ran. */
  none: string;
  testId: string;
}

/** One kind of run: its outcome, summary and time, or plainly that it did not run. */
export function RunLine({ label, result, none, testId }: RunLineProps) {
  return (
    <Group gap={6} wrap="wrap" data-testid={testId} data-status={result?.status ?? 'none'} style={WRAP_ANYWHERE}>
      <Text size="sm" c="dimmed">
        {label}:
      </Text>
      {result ? (
        <>
          <OutcomeBadge status={result.status} data-testid={`${testId}-status`} />
          {result.summary && (
            <Text size="sm" style={WRAP_ANYWHERE}>
              {result.summary}
            </Text>
          )}
          {result.startedAt && (
            <Text size="xs" c="dimmed">
              {formatTime(result.startedAt)}
            </Text>
          )}
        </>
      ) : (
        <Text size="sm" fw={500}>
          {none}
        </Text>
      )}
    </Group>
  );
}

const NO_RESULTS: InstanceResults = { connection: null, validation: null };

/** The Validate section: which instance the suite ran against, and how it went. */
export function ValidationLines({
  instances,
  results,
}: {
  instances: Instance[];
  results: Record<string, InstanceResults>;
}) {
  if (instances.length === 0) return <Text size="sm">No instance saved.</Text>;
  return (
    <>
      {instances.map((instance) => (
        <RunLine
          key={instance.id}
          label={`Validation of ${instance.name}`}
          result={(results[instance.id] ?? NO_RESULTS).validation}
          none="not validated yet"
          testId="review-validation"
        />
      ))}
    </>
  );
}

/** The Instances section: per instance its endpoint, TLS, connection test and validation, each as it ran. */
export function InstanceResultCard({ instance, results }: { instance: Instance; results: InstanceResults | undefined }) {
  const { connection, validation } = results ?? NO_RESULTS;
  return (
    <Paper withBorder p="xs" data-testid="review-instance" data-name={instance.name}>
      <Stack gap={4}>
        <Group gap="xs" wrap="wrap">
          <Text size="sm" fw={600} style={WRAP_ANYWHERE}>
            {instance.name}
          </Text>
          <Badge variant="light" tt="none" size="sm">
            {instance.environment}
          </Badge>
        </Group>
        <UrlCode url={instance.endpoint} />
        <Text size="sm" data-testid="review-instance-tls">
          <Text span c="dimmed">
            TLS:
          </Text>{' '}
          {tlsDescription(instance)}
        </Text>
        <RunLine label="Connection test" result={connection} none="not run" testId="review-instance-connection" />
        <RunLine label="Validation" result={validation} none="not validated yet" testId="review-instance-validation" />
      </Stack>
    </Paper>
  );
}

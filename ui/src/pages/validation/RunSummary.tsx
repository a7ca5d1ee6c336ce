import { Alert, Badge, Code, Group, List, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { Leftover } from '../../bindings/Leftover';
import type { TestRun } from '../../bindings/TestRun';
import { WRAP_ANYWHERE } from '../../components/LongText';
import { DifferenceTable } from './DifferenceTable';
import { formatDuration, statusColor } from './format';

/**
 * What the suite created and could not remove, with the exact names and ids: the
 * administrator has to find and delete these by hand, so they come first and
 * loud, not buried in the step list.
 */
export function Leftovers({ leftovers }: { leftovers: Leftover[] }) {
  if (leftovers.length === 0) return null;
  return (
    <Alert
      color="red"
      variant="filled"
      icon={<IconAlertTriangle />}
      title={`${leftovers.length === 1 ? 'One object was' : `${leftovers.length} objects were`} left on the platform`}
      data-testid="validation-leftovers"
    >
      <Stack gap="xs">
        <Text size="sm">
          Cleanup could not remove these. Remove them with Remove leftovers on the instance&apos;s Tenants tab (or
          platformctl sweep), or on the platform by hand:
        </Text>
        <List size="sm" spacing="xs">
          {leftovers.map((leftover, i) => (
            <List.Item key={i} data-testid="validation-leftover" style={WRAP_ANYWHERE}>
              <Text span size="sm" fw={600}>
                {leftover.kind}
              </Text>{' '}
              <Code data-testid="leftover-identifier" style={WRAP_ANYWHERE}>
                {leftover.identifier}
              </Code>
              <Text size="sm" data-testid="leftover-detail" style={WRAP_ANYWHERE}>
                {leftover.detail}
              </Text>
            </List.Item>
          ))}
        </List>
      </Stack>
    </Alert>
  );
}

const STATUS_WORDING: Record<string, string> = {
  passed: 'Validation passed',
  failed: 'Validation failed',
  cancelled: 'Validation cancelled',
};

/**
 * The first failed step, with what it expected against what happened, at the top:
 * a long timeline would otherwise hide the reason below the fold.
 */
function FirstFailure({ run }: { run: TestRun }) {
  const failed = run.steps.find((s) => s.status === 'failed' && !s.cleanup);
  if (!failed) return null;
  return (
    <Stack gap={4} data-testid="validation-first-failure">
      <Text size="sm" style={WRAP_ANYWHERE}>
        First failure: <b>{failed.name}</b> — {failed.message}
      </Text>
      {/* Runs stored before differences were recorded have none. */}
      <DifferenceTable differences={failed.differences ?? []} />
    </Stack>
  );
}

const warnings = (run: TestRun) => run.steps.filter((s) => s.status === 'warning').length;

/** The outcome of a finished run: status, the tenant it used, and its leftovers. */
export function RunSummary({ run }: { run: TestRun }) {
  return (
    <Stack gap="sm" data-testid="validation-result">
      <Group gap="sm">
        <Badge
          size="lg"
          color={statusColor(run.status)}
          tt="none"
          data-testid="validation-status"
          data-status={run.status}
        >
          {STATUS_WORDING[run.status] ?? run.status}
        </Badge>
        <Text size="sm" c="dimmed" data-testid="validation-duration">
          in {formatDuration(run.durationMs)}
        </Text>
        {/* How known deviations were judged; runs stored before it are strict. */}
        <Badge
          variant="outline"
          color={run.strictness === 'lenient' ? 'yellow' : 'gray'}
          tt="none"
          data-testid="validation-strictness"
        >
          {run.strictness === 'lenient' ? 'Lenient' : 'Strict'}
        </Badge>
        {run.landingZone && (
          <Badge variant="outline" color="blue" tt="none" data-testid="validation-landing-zone">
            Landing zone {run.landingZone}
          </Badge>
        )}
        {warnings(run) > 0 && (
          <Text size="sm" c="yellow.8" data-testid="validation-warnings">
            {warnings(run) === 1 ? '1 known deviation' : `${warnings(run)} known deviations`}
          </Text>
        )}
      </Group>
      <Text size="sm" style={WRAP_ANYWHERE}>
        Tenant:{' '}
        {run.tenantName ? (
          <Code data-testid="validation-tenant">{run.tenantName}</Code>
        ) : (
          <Text span c="dimmed" size="sm" data-testid="validation-tenant">
            none (no name was made)
          </Text>
        )}
      </Text>
      <FirstFailure run={run} />
      <Leftovers leftovers={run.leftovers} />
    </Stack>
  );
}

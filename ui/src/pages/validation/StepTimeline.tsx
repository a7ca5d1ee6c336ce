import { useState } from 'react';
import { Badge, Button, Group, Loader, Paper, Stack, Text } from '@mantine/core';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import { WRAP_ANYWHERE } from '../../components/LongText';
import { ExecNotTrustedHint } from '../types/ExecNotTrustedHint';
import { DifferenceTable } from './DifferenceTable';
import { ExchangeList } from './ExchangeList';
import { formatDuration, statusColor } from './format';
import type { TimelineStep } from './useValidationRun';

export function StepStatusBadge({ status }: { status: string }) {
  return (
    <Badge
      color={statusColor(status)}
      variant="light"
      tt="none"
      w={92}
      leftSection={status === 'running' ? <Loader size={10} color="blue" /> : undefined}
      data-testid="step-status"
      style={{ flexShrink: 0 }}
    >
      {status}
    </Badge>
  );
}

function StepRow({ step }: { step: TimelineStep }) {
  const [open, setOpen] = useState(false);
  const report = step.report;
  const cleanup = report?.cleanup ?? step.name.startsWith('cleanup');
  // Every request and response can be inspected, a passed step's too; collapsed, so
  // the timeline stays readable. A failed step offers the toggle even without a
  // request, to say that none was sent.
  const expandable = report !== null && (report.exchanges.length > 0 || step.status === 'failed');
  return (
    <Paper
      withBorder
      p="xs"
      // Cleanup steps are set apart: they are not part of what was validated, and
      // a failure there means something was left on the platform.
      ml={cleanup ? 'lg' : 0}
      style={cleanup ? { borderStyle: 'dashed' } : undefined}
      data-testid="validation-step"
      data-name={step.name}
      data-status={step.status}
      data-cleanup={cleanup}
    >
      <Stack gap={4}>
        <Group gap="xs" wrap="nowrap" align="flex-start">
          <StepStatusBadge status={step.status} />
          <Text size="sm" fw={500} style={{ ...WRAP_ANYWHERE, flex: 1 }} data-testid="step-name">
            {step.name}
          </Text>
          {cleanup && (
            <Badge size="xs" variant="outline" color="gray" tt="none" data-testid="step-cleanup">
              cleanup
            </Badge>
          )}
          {report && report.status !== 'skipped' && report.status !== 'cancelled' && (
            <Text size="xs" c="dimmed" data-testid="step-duration" style={{ flexShrink: 0 }}>
              {formatDuration(report.durationMs)}
            </Text>
          )}
        </Group>
        {report?.message && (
          <Text
            size="sm"
            c={step.status === 'failed' ? 'red' : 'dimmed'}
            style={WRAP_ANYWHERE}
            data-testid="step-message"
          >
            {report.message}
          </Text>
        )}
        {/* Stored runs from before differences were recorded have none. */}
        {step.status === 'failed' && <DifferenceTable differences={report?.differences ?? []} />}
        {report?.error?.remediation && (
          <Text size="sm" c="dimmed" style={WRAP_ANYWHERE} data-testid="step-remediation">
            {report.error.remediation}
          </Text>
        )}
        <ExecNotTrustedHint code={report?.error?.code} />
        {expandable && (
          <Group>
            <Button
              size="compact-xs"
              variant="subtle"
              leftSection={open ? <IconChevronDown size={12} /> : <IconChevronRight size={12} />}
              onClick={() => setOpen((o) => !o)}
              aria-expanded={open}
              data-testid="step-exchanges-toggle"
            >
              {open ? 'Hide requests' : `Show requests (${report.exchanges.length})`}
            </Button>
          </Group>
        )}
        {expandable && open && <ExchangeList exchanges={report.exchanges} />}
      </Stack>
    </Paper>
  );
}

/** The steps of a run in order, as they happen or as they were stored. */
export function StepTimeline({ steps }: { steps: TimelineStep[] }) {
  if (steps.length === 0) return null;
  return (
    <Stack gap={6} data-testid="validation-steps">
      {steps.map((step) => (
        <StepRow key={step.index} step={step} />
      ))}
    </Stack>
  );
}

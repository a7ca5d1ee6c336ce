import { useState } from 'react';
import { ActionIcon, Button, Code, CopyButton, Group, Loader, Stack, Text, Title, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy, IconFileExport } from '@tabler/icons-react';
import type { ConnectionTest } from '../../bindings/ConnectionTest';
import type { TestRun } from '../../bindings/TestRun';
import { QueryError } from '../../components/QueryError';
import type { ExportFormat } from '../../ipc';
import { useExportTestRun, useTestRun } from '../../validationQueries';
import { RunSummary } from './RunSummary';
import { StageList } from './StageList';
import { StepTimeline } from './StepTimeline';
import { KIND_LABELS, formatTime } from './format';
import { fromReports } from './useValidationRun';

// The report is stored JSON typed `unknown`; it is checked before being shown, so
// a report from an older version shows a message instead of breaking the drawer.
export function asTestRun(report: unknown): TestRun | null {
  const r = report as Partial<TestRun> | null;
  return r && Array.isArray(r.steps) && Array.isArray(r.leftovers) ? (r as TestRun) : null;
}

function asConnectionTest(report: unknown): ConnectionTest | null {
  const r = report as Partial<ConnectionTest> | null;
  return r && Array.isArray(r.stages) && Array.isArray(r.exchanges) ? (r as ConnectionTest) : null;
}

function Report({ kind, report }: { kind: string; report: unknown }) {
  const run = kind === 'validation' ? asTestRun(report) : null;
  const test = kind === 'connection_test' ? asConnectionTest(report) : null;
  if (run) {
    return (
      <Stack gap="sm">
        <RunSummary run={run} />
        <StepTimeline steps={fromReports(run.steps)} />
      </Stack>
    );
  }
  if (test) return <StageList test={test} />;
  return (
    <Text size="sm" c="dimmed" data-testid="test-run-unreadable">
      This run&apos;s report cannot be shown here; the exports still contain it.
    </Text>
  );
}

const FORMAT_LABELS: Record<ExportFormat, string> = { json: 'JSON', junit: 'JUnit XML' };

/**
 * Exports are shown as text to copy: the webview cannot save a file without a
 * dialog plugin, and a CI system or ticket takes pasted text just as well.
 */
function ExportPanel({ id }: { id: string }) {
  const exporter = useExportTestRun();
  const [shown, setShown] = useState<{ format: ExportFormat; text: string } | null>(null);

  const load = (format: ExportFormat) =>
    exporter.mutate({ id, format }, { onSuccess: (text) => setShown({ format, text }) });

  return (
    <Stack gap="xs">
      <Group gap="xs">
        {(['json', 'junit'] as const).map((format) => (
          <Button
            key={format}
            size="xs"
            variant="light"
            leftSection={<IconFileExport size={14} />}
            loading={exporter.isPending && exporter.variables?.format === format}
            onClick={() => load(format)}
            data-testid={`export-${format}`}
          >
            Export {format === 'json' ? 'JSON' : 'JUnit'}
          </Button>
        ))}
      </Group>
      {shown && (
        <Stack gap={4}>
          <Group justify="space-between">
            <Text size="xs" c="dimmed" data-testid="export-format">
              {FORMAT_LABELS[shown.format]}
            </Text>
            <CopyButton value={shown.text}>
              {({ copied, copy }) => (
                <Tooltip label={copied ? 'Copied' : 'Copy'}>
                  <ActionIcon
                    variant="subtle"
                    size="sm"
                    onClick={copy}
                    aria-label="Copy export"
                    data-testid="export-copy"
                  >
                    {copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
                  </ActionIcon>
                </Tooltip>
              )}
            </CopyButton>
          </Group>
          <Code block data-testid="export-text" style={{ maxHeight: 320, overflow: 'auto' }}>
            {shown.text}
          </Code>
        </Stack>
      )}
    </Stack>
  );
}

/** One stored run: its steps (or stages) and its exports. */
export function TestRunDetail({ id }: { id: string }) {
  const stored = useTestRun(id);
  if (stored.isPending) return <Loader size="sm" aria-label="Loading the run" />;
  if (stored.isError) {
    return <QueryError title="Could not load the run" error={stored.error} onRetry={() => void stored.refetch()} />;
  }
  const { record, report } = stored.data;
  return (
    <Stack gap="sm" data-testid="test-run-detail" data-id={record.id}>
      <Title order={5}>
        {KIND_LABELS[record.kind] ?? record.kind} of {formatTime(record.startedAt)}
      </Title>
      <Report kind={record.kind} report={report} />
      <ExportPanel id={record.id} />
    </Stack>
  );
}

import { Alert, Badge, Code, Group, List, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { Action } from '../../bindings/Action';
import type { Problem } from '../../bindings/Problem';
import type { ProvisioningReport } from '../../bindings/ProvisioningReport';
import { WRAP_ANYWHERE } from '../../components/LongText';

const COUNTS: { action: Action; label: string; color: string }[] = [
  { action: 'create', label: 'created', color: 'teal' },
  { action: 'update', label: 'changed', color: 'blue' },
  { action: 'unchanged', label: 'unchanged', color: 'gray' },
  { action: 'skipped_older', label: 'skipped (older version)', color: 'yellow' },
];

const ACTION_LABELS: Record<Action, string> = {
  create: 'created',
  update: 'changed',
  unchanged: 'unchanged',
  skipped_older: 'skipped: a newer version is stored',
};

/** `file:line path — message`, the way platformctl prints it. */
export function problemText({ file, line, path, message }: Problem): string {
  const where = line === null ? file : `${file}:${line}`;
  return `${where}${path ? ` ${path}` : ''} — ${message}`;
}

/** What the last application of the provisioning folder did. */
export function ProvisioningReportView({ report }: { report: ProvisioningReport }) {
  const count = (action: Action) => report.changes.filter((c) => c.action === action).length;
  // Unchanged documents are the bulk of a steady folder; listing them adds nothing.
  const notable = report.changes.filter((c) => c.action !== 'unchanged');
  return (
    <Stack gap="xs" data-testid="provisioning-report">
      <Text size="sm" fw={500}>
        Last applied from <Code style={WRAP_ANYWHERE}>{report.folder}</Code>
      </Text>
      <Group gap={6}>
        {COUNTS.map(({ action, label, color }) => (
          <Badge
            key={action}
            variant="light"
            color={color}
            tt="none"
            data-testid={`provisioning-count-${action}`}
          >
            {count(action)} {label}
          </Badge>
        ))}
      </Group>
      {notable.length > 0 && (
        <List size="sm" role="list" aria-label="Changes" data-testid="provisioning-changes">
          {notable.map((c) => (
            <List.Item key={`${c.document}-${c.action}`} style={WRAP_ANYWHERE}>
              {c.document}: {ACTION_LABELS[c.action]}
              {c.detail ? ` (${c.detail})` : ''}
            </List.Item>
          ))}
        </List>
      )}
      {report.pruned.length > 0 && (
        <Stack gap={2} data-testid="provisioning-pruned">
          <Text size="sm">Deleted because the folder no longer defines them:</Text>
          <List size="sm" role="list" aria-label="Deleted records">
            {report.pruned.map((name) => (
              <List.Item key={name} style={WRAP_ANYWHERE}>
                {name}
              </List.Item>
            ))}
          </List>
        </Stack>
      )}
      {report.problems.length > 0 && (
        <Alert
          color="red"
          icon={<IconAlertTriangle />}
          title={`${report.problems.length} problem${report.problems.length === 1 ? '' : 's'} in the definitions`}
          data-testid="provisioning-problems"
        >
          <Stack gap="xs">
            <List size="sm" role="list" aria-label="Problems" c="red">
              {report.problems.map((p, n) => (
                <List.Item key={n} style={WRAP_ANYWHERE} data-testid="provisioning-problem">
                  {problemText(p)}
                </List.Item>
              ))}
            </List>
            <Text size="sm">
              A folder with problems applies nothing. Fix the definition files, then choose “Apply now”.
            </Text>
          </Stack>
        </Alert>
      )}
    </Stack>
  );
}

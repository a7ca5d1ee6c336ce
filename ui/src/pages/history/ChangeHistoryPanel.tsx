import { Fragment, useState } from 'react';
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Code,
  CopyButton,
  Group,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { IconCheck, IconChevronDown, IconChevronRight, IconCopy, IconFileExport } from '@tabler/icons-react';
import type { ChangeAction } from '../../bindings/ChangeAction';
import type { ChangeEntry } from '../../bindings/ChangeEntry';
import type { HistoryQuery } from '../../bindings/HistoryQuery';
import type { RecordKind } from '../../bindings/RecordKind';
import { WRAP_ANYWHERE } from '../../components/LongText';
import { toFormErrors } from '../../ipc';
import { FieldChanges } from './FieldChanges';
import { useChangeHistory, useExportChangeHistory } from './historyQueries';

export const KIND_LABELS: Record<RecordKind, string> = {
  platform_type: 'Platform type',
  custom_fields: 'Custom fields',
  connector: 'Connector',
  platform: 'Platform',
  instance: 'Instance',
  validation_settings: 'Validation settings',
  tag_definition: 'Tag definition',
  credential: 'Credential',
  trusted_command: 'Trusted command',
  location: 'Location',
  landing_zone: 'Landing zone',
};

const ACTION_COLORS: Record<ChangeAction, string> = { created: 'green', updated: 'blue', deleted: 'red' };
const PAGE = 100;

function when(at: string): string {
  const d = new Date(at);
  return Number.isNaN(d.getTime()) ? at : d.toLocaleString();
}

function EntryRow({ entry }: { entry: ChangeEntry }) {
  const [open, setOpen] = useState(false);
  const through = entry.via === 'app' ? 'app' : entry.via;
  return (
    <Fragment>
      <Table.Tr data-testid="change-entry" onClick={() => setOpen((o) => !o)} style={{ cursor: 'pointer' }}>
        <Table.Td>
          <ActionIcon
            variant="subtle"
            size="sm"
            aria-label={open ? 'Hide the fields that changed' : 'Show the fields that changed'}
            aria-expanded={open}
          >
            {open ? <IconChevronDown size={14} /> : <IconChevronRight size={14} />}
          </ActionIcon>
        </Table.Td>
        <Table.Td>
          <Text size="xs">{when(entry.at)}</Text>
        </Table.Td>
        <Table.Td style={WRAP_ANYWHERE}>
          <Text size="xs">{entry.user}</Text>
          <Text size="xs" c="dimmed" title={entry.source ?? undefined} lineClamp={1}>
            {through}
          </Text>
        </Table.Td>
        <Table.Td>
          <Badge size="xs" variant="light" color={ACTION_COLORS[entry.action]} data-testid="change-action">
            {entry.action}
          </Badge>
        </Table.Td>
        <Table.Td style={WRAP_ANYWHERE}>
          <Text size="xs" c="dimmed">
            {KIND_LABELS[entry.kind]}
          </Text>
          <Text size="sm" data-testid="change-record">
            {entry.record}
          </Text>
        </Table.Td>
        <Table.Td>
          <Text size="xs" c="dimmed">
            {entry.changes.length} field{entry.changes.length === 1 ? '' : 's'}
          </Text>
        </Table.Td>
      </Table.Tr>
      {open && (
        <Table.Tr>
          <Table.Td colSpan={6}>
            <Stack gap={4}>
              {entry.source && (
                <Text size="xs" c="dimmed" style={WRAP_ANYWHERE}>
                  From {entry.source}
                </Text>
              )}
              <FieldChanges changes={entry.changes} />
            </Stack>
          </Table.Td>
        </Table.Tr>
      )}
    </Fragment>
  );
}

/** JSON lines of what the filters match, as text to copy (the webview saves no files). */
function ExportLines({ query }: { query: HistoryQuery }) {
  const exporter = useExportChangeHistory();
  const [text, setText] = useState<string | null>(null);
  return (
    <Stack gap={4}>
      <Group gap="xs">
        <Button
          size="xs"
          variant="light"
          leftSection={<IconFileExport size={14} />}
          loading={exporter.isPending}
          onClick={() => exporter.mutate(query, { onSuccess: setText })}
          data-testid="export-change-history"
        >
          Export JSON lines
        </Button>
        {text !== null && (
          <CopyButton value={text}>
            {({ copied, copy }) => (
              <Tooltip label={copied ? 'Copied' : 'Copy'}>
                <ActionIcon variant="subtle" size="sm" onClick={copy} aria-label="Copy the export">
                  {copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
                </ActionIcon>
              </Tooltip>
            )}
          </CopyButton>
        )}
      </Group>
      {text !== null && (
        <Code block data-testid="change-history-export" style={{ maxHeight: 240, overflow: 'auto' }}>
          {text || '(nothing matches the filters)'}
        </Code>
      )}
    </Stack>
  );
}

/**
 * The change history, newest first, filtered by kind, record and date; one
 * platform's when `platformId` is given. A row opens its field-level diff.
 */
export function ChangeHistoryPanel({ platformId }: { platformId?: string }) {
  const [kind, setKind] = useState<RecordKind | null>(null);
  const [record, setRecord] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [limit, setLimit] = useState(PAGE);
  const query: HistoryQuery = {
    platformId,
    kind: kind ?? undefined,
    record: record.trim() || undefined,
    from: from || undefined,
    to: to || undefined,
    limit,
  };
  const history = useChangeHistory(query);
  const errors = history.error?.belongsToForm ? toFormErrors(history.error.fields) : {};
  const page = history.data;

  return (
    <Stack gap="sm" data-testid="change-history">
      <Group gap="xs" align="flex-start" wrap="wrap">
        <Select
          size="xs"
          label="Kind"
          placeholder="Every kind"
          clearable
          w={170}
          data={Object.entries(KIND_LABELS).map(([value, label]) => ({ value, label }))}
          value={kind}
          onChange={(v) => setKind(v as RecordKind | null)}
          data-testid="history-kind"
        />
        <TextInput
          size="xs"
          label="Record"
          placeholder="Name or identifier"
          w={180}
          value={record}
          onChange={(e) => setRecord(e.currentTarget.value)}
          data-testid="history-record"
        />
        <TextInput
          size="xs"
          type="date"
          label="From"
          w={150}
          value={from}
          onChange={(e) => setFrom(e.currentTarget.value)}
          error={errors.from}
          data-testid="history-from"
        />
        <TextInput
          size="xs"
          type="date"
          label="To"
          w={150}
          value={to}
          onChange={(e) => setTo(e.currentTarget.value)}
          error={errors.to}
          data-testid="history-to"
        />
      </Group>
      {history.error && !history.error.belongsToForm && (
        <Alert color="red" title="The change history cannot be read">
          {history.error.message}
        </Alert>
      )}
      {page && page.entries.length === 0 && (
        <Text size="sm" c="dimmed" data-testid="history-empty">
          No changes match. Every change made in the app, by platformctl or by a provisioning folder is recorded here.
        </Text>
      )}
      {page && page.entries.length > 0 && (
        <Table layout="fixed" verticalSpacing={4} aria-label="Change history" data-testid="history-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={36} />
              <Table.Th w={150}>When</Table.Th>
              <Table.Th w={130}>Who, through</Table.Th>
              <Table.Th w={80}>Change</Table.Th>
              <Table.Th>Record</Table.Th>
              <Table.Th w={70}>Fields</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {page.entries.map((e) => (
              <EntryRow key={e.id} entry={e} />
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Group justify="space-between" align="flex-start">
        <ExportLines query={{ ...query, limit: undefined }} />
        {page && page.total > page.entries.length && (
          <Button size="xs" variant="subtle" onClick={() => setLimit((l) => l + PAGE)} data-testid="history-more">
            Show more ({page.entries.length} of {page.total})
          </Button>
        )}
      </Group>
    </Stack>
  );
}

import { Badge, Group, Skeleton, Table, Text, VisuallyHidden } from '@mantine/core';
import { IconLockOpen } from '@tabler/icons-react';
import type { RegistryColumn } from '../../bindings/RegistryColumn';
import type { RegistryRow } from '../../bindings/RegistryRow';
import type { Tag } from '../../bindings/Tag';
import { formatTime } from '../validation/format';
import { OutcomeBadge } from '../platforms/InstanceStatus';
import { relativeTime } from './relativeTime';

/** Rows have one height, so 10,000 of them scroll without measuring any. */
export const ROW_HEIGHT = 48;

export interface ColumnDef {
  key: string;
  label: string;
  width: string;
  /** The backend's sort column; none: not sortable. */
  sort?: RegistryColumn;
}

export const COLUMNS: ColumnDef[] = [
  { key: 'platform', label: 'Platform', width: '15%', sort: 'platform' },
  { key: 'instance', label: 'Instance', width: '13%', sort: 'instance' },
  { key: 'environment', label: 'Environment', width: '9%', sort: 'environment' },
  { key: 'type', label: 'Type', width: '11%', sort: 'type' },
  { key: 'location', label: 'Location', width: '9%', sort: 'location' },
  { key: 'tags', label: 'Tags', width: '13%' },
  { key: 'status', label: 'Status', width: '12%', sort: 'status' },
  { key: 'lastTested', label: 'Last tested', width: '8%', sort: 'last_tested' },
  { key: 'endpoint', label: 'Endpoint', width: '10%' },
];

const ENVIRONMENT_COLORS: Record<string, string> = { prod: 'red', staging: 'yellow', dev: 'green' };
const MAX_TAG_BADGES = 2;

export function environmentColor(environment: string): string {
  return ENVIRONMENT_COLORS[environment] ?? 'gray';
}

/** One line, cut with an ellipsis; the whole value in the title. */
function Line({ children, dimmed = false }: { children: string; dimmed?: boolean }) {
  return (
    <Text size="sm" truncate="end" title={children} c={dimmed ? 'dimmed' : undefined}>
      {children}
    </Text>
  );
}

function Tags({ tags }: { tags: Tag[] }) {
  if (tags.length === 0) return <Line dimmed>—</Line>;
  const texts = tags.map((t) => `${t.key}=${t.value}`);
  const rest = texts.length - MAX_TAG_BADGES;
  return (
    <Group gap={4} wrap="nowrap" title={texts.join(', ')} style={{ overflow: 'hidden' }}>
      {texts.slice(0, MAX_TAG_BADGES).map((text) => (
        <Badge key={text} variant="light" color="gray" tt="none" maw={120} style={{ flexShrink: 1, minWidth: 0 }}>
          {text}
        </Badge>
      ))}
      {rest > 0 && (
        <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
          +{rest}
        </Text>
      )}
    </Group>
  );
}

function Status({ row }: { row: RegistryRow }) {
  const instance = row.instance;
  if (!instance) return <Line dimmed>—</Line>;
  return (
    <Group gap={4} wrap="nowrap" style={{ overflow: 'hidden' }}>
      {instance.lastTest ? (
        <OutcomeBadge status={instance.lastTest.status} data-testid="registry-status" />
      ) : (
        <Badge variant="light" color="gray" tt="none" data-testid="registry-status" data-status="untested">
          Untested
        </Badge>
      )}
      {instance.insecureTls && (
        <Badge
          variant="light"
          color="orange"
          tt="none"
          leftSection={<IconLockOpen size={12} aria-hidden />}
          title="Certificate verification is off for this instance"
          style={{ flexShrink: 0 }}
          data-testid="registry-insecure-tls"
        >
          Insecure TLS
        </Badge>
      )}
    </Group>
  );
}

export function RegistryRowCells({ row, now }: { row: RegistryRow; now: number }) {
  const instance = row.instance;
  const lastTest = instance?.lastTest ?? null;
  return (
    <>
      <Table.Td>
        <Group gap={6} wrap="nowrap">
          <Text size="sm" fw={500} truncate="end" title={row.platformName}>
            {row.platformName}
          </Text>
          {row.platformStatus === 'draft' && (
            <Badge size="sm" variant="outline" color="gray" tt="none" style={{ flexShrink: 0 }}>
              Draft
            </Badge>
          )}
        </Group>
      </Table.Td>
      <Table.Td>{instance ? <Line>{instance.name}</Line> : <Line dimmed>No instances</Line>}</Table.Td>
      <Table.Td>
        {instance ? (
          <Badge variant="light" tt="none" color={environmentColor(instance.environment)} maw="100%">
            {instance.environment}
          </Badge>
        ) : (
          <Line dimmed>—</Line>
        )}
      </Table.Td>
      <Table.Td>
        <Line>{row.typeId}</Line>
      </Table.Td>
      <Table.Td>
        <Line dimmed={!row.location}>{row.location || '—'}</Line>
      </Table.Td>
      <Table.Td>
        <Tags tags={row.tags} />
      </Table.Td>
      <Table.Td>
        <Status row={row} />
      </Table.Td>
      <Table.Td>
        {lastTest ? (
          <Text size="sm" truncate="end" title={formatTime(lastTest.startedAt)}>
            {relativeTime(lastTest.startedAt, now)}
          </Text>
        ) : (
          <Line dimmed>{instance ? 'never' : '—'}</Line>
        )}
      </Table.Td>
      <Table.Td>
        {instance ? (
          <Text size="sm" ff="monospace" truncate="end" title={instance.endpoint}>
            {instance.endpoint}
          </Text>
        ) : (
          <Line dimmed>—</Line>
        )}
      </Table.Td>
    </>
  );
}

/** A row whose page is still on its way. */
export function SkeletonCells() {
  return (
    <Table.Td colSpan={COLUMNS.length}>
      <VisuallyHidden>Loading…</VisuallyHidden>
      <Skeleton height={14} radius="sm" aria-hidden />
    </Table.Td>
  );
}

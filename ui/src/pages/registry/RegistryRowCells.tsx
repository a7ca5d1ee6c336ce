import type { ReactNode } from 'react';
import { Badge, Group, Skeleton, Table, Text, VisuallyHidden } from '@mantine/core';
import { IconLockOpen } from '@tabler/icons-react';
import type { RegistryColumn } from '../../bindings/RegistryColumn';
import type { RegistryRow } from '../../bindings/RegistryRow';
import type { Tag } from '../../bindings/Tag';
import { formatTime } from '../validation/format';
import { OutcomeBadge } from '../platforms/InstanceStatus';
import { PublicationBadge } from '../offering/PublicationBadge';
import { relativeTime } from './relativeTime';

/** Rows have one height (two lines of text), so 10,000 of them scroll without measuring any. */
export const ROW_HEIGHT = 48;

export interface ColumnDef {
  key: string;
  label: string;
  /** Share of the table's width among the columns shown. */
  weight: number;
  /** The backend's sort column; none: not sortable. */
  sort?: RegistryColumn;
  /** A second value the cell shows under the first, sortable from the same header. */
  also?: { label: string; sort: RegistryColumn };
  /** Below this table width (px) the column is left out; its values stay searchable and filterable. */
  hideBelow?: number;
}

// Nine columns did not fit a 1024 px window ("Environment" ran into "Type", Last
// tested and Endpoint were cut off): type and environment sit under the platform
// and instance names (the row has room for two lines), and tags, then location,
// are left out when the table is narrow. Both stay in the filters and the search.
export const COLUMNS: ColumnDef[] = [
  { key: 'platform', label: 'Platform', weight: 20, sort: 'platform', also: { label: 'Type', sort: 'type' } },
  {
    key: 'instance',
    label: 'Instance',
    weight: 18,
    sort: 'instance',
    also: { label: 'Environment', sort: 'environment' },
  },
  { key: 'location', label: 'Location', weight: 12, sort: 'location', hideBelow: 860 },
  { key: 'tags', label: 'Tags', weight: 13, hideBelow: 1000 },
  { key: 'status', label: 'Status', weight: 12, sort: 'status' },
  { key: 'lastTested', label: 'Last tested', weight: 13, sort: 'last_tested' },
  { key: 'endpoint', label: 'Endpoint', weight: 15 },
];

/** The columns that fit a table `width` px wide; all of them while the width is unknown (0). */
export function visibleColumns(width: number): ColumnDef[] {
  return COLUMNS.filter((c) => !width || !c.hideBelow || width >= c.hideBelow);
}

const ENVIRONMENT_COLORS: Record<string, string> = { prod: 'red', staging: 'yellow', dev: 'green' };
// One badge and a count: two squeezed badges showed neither tag.
const MAX_TAG_BADGES = 1;

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
      {instance.connectorChanged && (
        <Badge
          variant="light"
          color="yellow"
          tt="none"
          title={`Validated with v${instance.connectorChanged.validatedWith}; the connector changed since (v${instance.connectorChanged.current}): validate again`}
          style={{ flexShrink: 0 }}
          data-testid="registry-connector-changed"
        >
          Connector v{instance.connectorChanged.current}
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

export function RegistryRowCells({ row, now, columns }: { row: RegistryRow; now: number; columns: ColumnDef[] }) {
  const instance = row.instance;
  const lastTest = instance?.lastTest ?? null;
  const cells: Record<string, ReactNode> = {
    platform: (
      <>
        <Group gap={6} wrap="nowrap">
          <Text size="sm" fw={500} truncate="end" title={row.platformName}>
            {row.platformName}
          </Text>
          {row.platformStatus === 'draft' && (
            <Badge size="sm" variant="outline" color="gray" tt="none" style={{ flexShrink: 0 }}>
              Draft
            </Badge>
          )}
          <PublicationBadge availability={row.availability} />
        </Group>
        <Text size="xs" c="dimmed" truncate="end" title={row.typeId} data-testid="registry-type">
          {row.typeId}
        </Text>
      </>
    ),
    instance: instance ? (
      <>
        <Text size="sm" truncate="end" title={instance.name} data-testid="registry-instance-name">
          {instance.name}
        </Text>
        <Badge
          size="xs"
          variant="light"
          tt="none"
          color={environmentColor(instance.environment)}
          maw="100%"
          title={instance.environment}
          data-testid="registry-environment"
        >
          {instance.environment}
        </Badge>
      </>
    ) : (
      <Line dimmed>No instances</Line>
    ),
    location: <Line dimmed={!row.location}>{row.location || '—'}</Line>,
    tags: <Tags tags={row.tags} />,
    status: <Status row={row} />,
    lastTested: lastTest ? (
      <Text size="sm" truncate="end" title={formatTime(lastTest.startedAt)}>
        {relativeTime(lastTest.startedAt, now)}
      </Text>
    ) : (
      <Line dimmed>{instance ? 'never' : '—'}</Line>
    ),
    endpoint: instance ? (
      <Text size="sm" ff="monospace" truncate="end" title={instance.endpoint}>
        {instance.endpoint}
      </Text>
    ) : (
      <Line dimmed>—</Line>
    ),
  };
  return (
    <>
      {columns.map((c) => (
        <Table.Td key={c.key}>{cells[c.key]}</Table.Td>
      ))}
    </>
  );
}

/** A row whose page is still on its way. */
export function SkeletonCells({ span }: { span: number }) {
  return (
    <Table.Td colSpan={span}>
      <VisuallyHidden>Loading…</VisuallyHidden>
      <Skeleton height={14} radius="sm" aria-hidden />
    </Table.Td>
  );
}

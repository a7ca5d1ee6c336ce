import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { Box, Group, Table, Text, UnstyledButton } from '@mantine/core';
import { useElementSize, useMergedRef } from '@mantine/hooks';
import { useQueries } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { IconArrowsSort, IconSortAscending, IconSortDescending } from '@tabler/icons-react';
import type { RegistryPage } from '../../bindings/RegistryPage';
import type { RegistryRow } from '../../bindings/RegistryRow';
import { QueryError } from '../../components/QueryError';
import type { RegistryColumn } from '../../bindings/RegistryColumn';
import { ROW_HEIGHT, RegistryRowCells, SkeletonCells, visibleColumns, type ColumnDef } from './RegistryRowCells';
import { PAGE_SIZE, pageQueryOptions } from './registryQueries';
import {
  rememberScrollOffset,
  rememberedScrollOffset,
  updateRegistryFilters,
  type RegistryFilters,
} from './registryStore';

const HEADER_HEIGHT = 40;
const OVERSCAN = 8;
const MINUTE_MS = 60_000;

/** The clock the "5 min ago" texts are measured against, ticking once a minute. */
function useMinuteClock(): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), MINUTE_MS);
    return () => window.clearInterval(timer);
  }, []);
  return now;
}

function SortButton({ label, sort, filters }: { label: string; sort: RegistryColumn; filters: RegistryFilters }) {
  const active = filters.sort === sort;
  const Icon = !active ? IconArrowsSort : filters.descending ? IconSortDescending : IconSortAscending;
  const toggle = () =>
    updateRegistryFilters(active ? { descending: !filters.descending } : { sort, descending: false });
  return (
    <UnstyledButton
      onClick={toggle}
      fz="sm"
      fw={700}
      style={{ display: 'inline-flex', gap: 4, alignItems: 'center', whiteSpace: 'nowrap' }}
      data-testid={`registry-sort-${sort}`}
    >
      {label}
      <Icon size={14} aria-hidden style={{ opacity: active ? 1 : 0.45 }} />
    </UnstyledButton>
  );
}

function SortHeader({ column, filters, width }: { column: ColumnDef; filters: RegistryFilters; width: string }) {
  if (!column.sort) return <Table.Th w={width}>{column.label}</Table.Th>;
  const sorts = [column.sort, column.also?.sort];
  const active = sorts.includes(filters.sort);
  return (
    <Table.Th
      w={width}
      // Named by its first value, so a screen reader announces "Platform" rather
      // than both buttons' labels.
      aria-label={column.label}
      aria-sort={active ? (filters.descending ? 'descending' : 'ascending') : 'none'}
    >
      <Group gap={2} wrap="wrap" style={{ rowGap: 0 }}>
        <SortButton label={column.label} sort={column.sort} filters={filters} />
        {column.also && (
          <>
            <Text span size="xs" c="dimmed" aria-hidden>
              ·
            </Text>
            <SortButton label={column.also.label} sort={column.also.sort} filters={filters} />
          </>
        )}
      </Group>
    </Table.Th>
  );
}

interface RegistryTableProps {
  filters: RegistryFilters;
  /** Page 0 of these filters (or, while it loads, of the previous ones): it holds the total. */
  firstPage: RegistryPage;
  /** The first page shown is the previous query's, kept while the new one loads. */
  stale: boolean;
  onOpen: (row: RegistryRow) => void;
}

/**
 * Only the rows in view (plus a few) are in the DOM; spacer rows stand in for
 * the others, so the table keeps native row and cell semantics. Pages of rows are
 * fetched as they scroll into view.
 */
export function RegistryTable({ filters, firstPage, stale, onOpen }: RegistryTableProps) {
  const total = firstPage.total;
  const scrollRef = useRef<HTMLDivElement>(null);
  const now = useMinuteClock();
  const { ref: sizeRef, width } = useElementSize();
  const boxRef = useMergedRef(scrollRef, sizeRef);
  const columns = visibleColumns(width);
  const weights = columns.reduce((sum, c) => sum + c.weight, 0);
  const widthOf = (c: ColumnDef) => `${((c.weight / weights) * 100).toFixed(2)}%`;

  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer's state lives outside React; nothing here memoizes its results.
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: OVERSCAN,
    scrollPaddingStart: HEADER_HEIGHT,
    initialOffset: rememberedScrollOffset,
    onChange: (instance) => rememberScrollOffset(instance.scrollOffset ?? 0),
  });

  // Another query starts at its top (the store has reset the remembered offset);
  // on mount this restores where the administrator left the registry.
  useEffect(() => {
    virtualizer.scrollToOffset(rememberedScrollOffset());
  }, [filters, virtualizer]);

  const items = virtualizer.getVirtualItems();
  const pageIndexes = [...new Set(items.map((item) => Math.floor(item.index / PAGE_SIZE)))].filter((p) => p !== 0);
  const pageQueries = useQueries({ queries: pageIndexes.map((p) => pageQueryOptions(filters, p)) });
  const pages = new Map<number, RegistryPage>([[0, firstPage]]);
  pageIndexes.forEach((p, k) => {
    const data = pageQueries[k].data;
    if (data) pages.set(p, data);
  });
  const rowAt = (index: number) => pages.get(Math.floor(index / PAGE_SIZE))?.rows[index % PAGE_SIZE];
  const failedPage = pageQueries.find((q) => q.isError);

  // One row is in the tab order (a roving tab stop); arrows move between rows.
  const [active, setActive] = useState(0);
  const [activeFor, setActiveFor] = useState(filters);
  if (activeFor !== filters) {
    setActiveFor(filters);
    setActive(0);
  }
  const pendingFocus = useRef<number | null>(null);
  useEffect(() => {
    if (pendingFocus.current === null) return;
    const row = scrollRef.current?.querySelector<HTMLElement>(`tr[data-index="${pendingFocus.current}"]`);
    if (row) {
      pendingFocus.current = null;
      row.focus();
    }
  });
  const rendered = items.map((i) => i.index);
  const tabStop = rendered.includes(active) ? active : (rendered[0] ?? 0);

  const moveTo = (index: number) => {
    const to = Math.min(Math.max(index, 0), total - 1);
    setActive(to);
    pendingFocus.current = to;
    virtualizer.scrollToIndex(to);
  };
  const onKeyDown = (event: KeyboardEvent, index: number) => {
    const pageRows = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 480) / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = {
      ArrowDown: index + 1,
      ArrowUp: index - 1,
      PageDown: index + pageRows,
      PageUp: index - pageRows,
      Home: 0,
      End: total - 1,
    };
    if (event.key in moves) {
      event.preventDefault();
      moveTo(moves[event.key]);
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      const row = rowAt(index);
      if (row) onOpen(row);
    }
  };

  const paddingTop = items[0]?.start ?? 0;
  const paddingBottom = items.length ? virtualizer.getTotalSize() - items[items.length - 1].end : 0;

  return (
    <>
      {failedPage?.error && (
        <QueryError
          title="Some rows could not be loaded"
          error={failedPage.error}
          onRetry={() => void failedPage.refetch()}
        />
      )}
      <Box
        ref={boxRef}
        style={{ overflow: 'auto', height: 'max(320px, calc(100dvh - 300px))', opacity: stale ? 0.6 : 1 }}
        data-testid="registry-scroll"
      >
        <Table
          stickyHeader
          layout="fixed"
          miw={640}
          highlightOnHover
          verticalSpacing={0}
          aria-label="Registered platforms and instances"
          aria-rowcount={total + 1}
          aria-busy={stale}
          data-testid="registry-table"
        >
          <Table.Thead style={{ zIndex: 1 }}>
            <Table.Tr aria-rowindex={1} h={HEADER_HEIGHT}>
              {columns.map((column) => (
                <SortHeader key={column.key} column={column} filters={filters} width={widthOf(column)} />
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {paddingTop > 0 && (
              <tr aria-hidden>
                <td colSpan={columns.length} style={{ height: paddingTop, padding: 0, border: 0 }} />
              </tr>
            )}
            {items.map((item) => {
              const row = rowAt(item.index);
              return (
                <Table.Tr
                  key={item.key}
                  data-index={item.index}
                  aria-rowindex={item.index + 2}
                  tabIndex={item.index === tabStop ? 0 : -1}
                  className="mantine-focus-auto"
                  h={ROW_HEIGHT}
                  style={{ cursor: row ? 'pointer' : 'progress' }}
                  onClick={() => row && onOpen(row)}
                  onFocus={() => setActive(item.index)}
                  onKeyDown={(event) => onKeyDown(event, item.index)}
                  data-testid={row ? 'registry-row' : 'registry-row-loading'}
                  data-instance-id={row?.instance?.id}
                  data-platform-id={row?.platformId}
                >
                  {row ? <RegistryRowCells row={row} now={now} columns={columns} /> : <SkeletonCells span={columns.length} />}
                </Table.Tr>
              );
            })}
            {paddingBottom > 0 && (
              <tr aria-hidden>
                <td colSpan={columns.length} style={{ height: paddingBottom, padding: 0, border: 0 }} />
              </tr>
            )}
          </Table.Tbody>
        </Table>
      </Box>
    </>
  );
}

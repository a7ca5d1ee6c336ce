import { useState } from 'react';
import { Button, Group, ScrollArea, Table, Text } from '@mantine/core';
import type { DiffRow } from '../../bindings/DiffRow';
import type { SideBySide } from '../../bindings/SideBySide';

/** Unchanged runs longer than this fold to one row, keeping CONTEXT lines around changes. */
const FOLD = 8;
const CONTEXT = 3;

type Shown = { row: DiffRow } | { folded: number; start: number };

function fold(rows: DiffRow[], expanded: Set<number>): Shown[] {
  const out: Shown[] = [];
  let i = 0;
  while (i < rows.length) {
    if (rows[i].kind !== 'same') {
      out.push({ row: rows[i++] });
      continue;
    }
    let j = i;
    while (j < rows.length && rows[j].kind === 'same') j++;
    const head = i === 0 ? 0 : CONTEXT;
    const tail = j === rows.length ? 0 : CONTEXT;
    if (j - i > FOLD && !expanded.has(i)) {
      rows.slice(i, i + head).forEach((row) => out.push({ row }));
      out.push({ folded: j - i - head - tail, start: i });
      rows.slice(j - tail, j).forEach((row) => out.push({ row }));
    } else {
      rows.slice(i, j).forEach((row) => out.push({ row }));
    }
    i = j;
  }
  return out;
}

const BACKGROUND: Record<DiffRow['kind'], [string | undefined, string | undefined]> = {
  same: [undefined, undefined],
  changed: ['var(--mantine-color-red-light)', 'var(--mantine-color-green-light)'],
  removed: ['var(--mantine-color-red-light)', undefined],
  added: [undefined, 'var(--mantine-color-green-light)'],
};

const CELL = { fontFamily: 'var(--mantine-font-family-monospace)', whiteSpace: 'pre-wrap', wordBreak: 'break-all' } as const;

/** Two connector versions side by side, old left and new right, unchanged stretches folded. */
export function ConnectorDiffView({ diff, from, to }: { diff: SideBySide; from: number; to: number }) {
  const [expanded, setExpanded] = useState<Set<number>>(new Set());
  return (
    <ScrollArea.Autosize mah={420} type="auto" data-testid="connector-diff">
      <Text size="xs" c="dimmed" mb={4} data-testid="connector-diff-summary">
        v{from} → v{to}: {diff.added} line{diff.added === 1 ? '' : 's'} added, {diff.removed} removed
      </Text>
      <Table layout="fixed" fz="xs" verticalSpacing={0} horizontalSpacing={4} withColumnBorders>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={40} />
            <Table.Th>v{from}</Table.Th>
            <Table.Th w={40} />
            <Table.Th>v{to}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {fold(diff.rows, expanded).map((shown, n) =>
            'folded' in shown ? (
              <Table.Tr key={`fold-${shown.start}`}>
                <Table.Td colSpan={4}>
                  <Group justify="center">
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      onClick={() => setExpanded((e) => new Set(e).add(shown.start))}
                      data-testid="connector-diff-unfold"
                    >
                      {shown.folded} unchanged lines
                    </Button>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ) : (
              <Table.Tr key={n} data-testid={`diff-row-${shown.row.kind}`}>
                <Table.Td c="dimmed" ta="right">
                  {shown.row.left?.number}
                </Table.Td>
                <Table.Td style={{ ...CELL, background: BACKGROUND[shown.row.kind][0] }}>{shown.row.left?.text}</Table.Td>
                <Table.Td c="dimmed" ta="right">
                  {shown.row.right?.number}
                </Table.Td>
                <Table.Td style={{ ...CELL, background: BACKGROUND[shown.row.kind][1] }}>{shown.row.right?.text}</Table.Td>
              </Table.Tr>
            ),
          )}
        </Table.Tbody>
      </Table>
    </ScrollArea.Autosize>
  );
}

import { Table, Text } from '@mantine/core';
import type { Difference } from '../../bindings/Difference';
import { WRAP_ANYWHERE } from '../../components/LongText';

/**
 * A failed step's expectations against what happened (status, field, value), above
 * its exchanges, so the reason is read before the raw requests.
 */
export function DifferenceTable({ differences }: { differences: Difference[] }) {
  if (differences.length === 0) return null;
  return (
    <Table
      withTableBorder
      layout="fixed"
      fz="xs"
      verticalSpacing={2}
      horizontalSpacing="xs"
      data-testid="step-differences"
      aria-label="Expected against actual"
    >
      <Table.Thead>
        <Table.Tr>
          <Table.Th w="28%">Compared</Table.Th>
          <Table.Th>Expected</Table.Th>
          <Table.Th>Actual</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {differences.map((d, i) => (
          <Table.Tr key={`${d.what}-${i}`} data-testid="step-difference">
            <Table.Td style={WRAP_ANYWHERE}>{d.what}</Table.Td>
            <Table.Td style={WRAP_ANYWHERE}>{d.expected}</Table.Td>
            <Table.Td style={WRAP_ANYWHERE}>
              <Text span fz="xs" c="red">
                {d.actual}
              </Text>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

import { Table, Text } from '@mantine/core';
import type { FieldChange } from '../../bindings/FieldChange';
import { WRAP_ANYWHERE } from '../../components/LongText';

/** A value as the history shows it: text as is, anything else as JSON, absent as a dash. */
export function shownValue(value: unknown): string {
  if (value === undefined || value === null) return '—';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** The fields one change touched, before and after; a secret only as "changed". */
export function FieldChanges({ changes }: { changes: FieldChange[] }) {
  if (changes.length === 0) {
    return (
      <Text size="xs" c="dimmed">
        No field details were recorded.
      </Text>
    );
  }
  return (
    <Table withTableBorder layout="fixed" fz="xs" verticalSpacing={2} horizontalSpacing="xs" data-testid="field-changes">
      <Table.Thead>
        <Table.Tr>
          <Table.Th w="30%">Field</Table.Th>
          <Table.Th>Before</Table.Th>
          <Table.Th>After</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {changes.map((c) => (
          <Table.Tr key={c.field} data-testid="field-change">
            <Table.Td style={WRAP_ANYWHERE}>{c.field}</Table.Td>
            {c.secret ? (
              <Table.Td colSpan={2}>
                <Text span fz="xs" fs="italic">
                  changed (secret values are never recorded)
                </Text>
              </Table.Td>
            ) : (
              <>
                <Table.Td style={WRAP_ANYWHERE}>
                  <Text span fz="xs" c="red">
                    {shownValue(c.before)}
                  </Text>
                </Table.Td>
                <Table.Td style={WRAP_ANYWHERE}>
                  <Text span fz="xs" c="green">
                    {shownValue(c.after)}
                  </Text>
                </Table.Td>
              </>
            )}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

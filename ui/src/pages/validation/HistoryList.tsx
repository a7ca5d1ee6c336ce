import { Badge, Loader, Stack, Table, Text } from '@mantine/core';
import { QueryError } from '../../components/QueryError';
import { WRAP_ANYWHERE } from '../../components/LongText';
import { useTestRuns } from '../../validationQueries';
import { KIND_LABELS, formatDuration, formatTime, statusColor } from './format';

interface HistoryListProps {
  instanceId: string;
  selected: string | null;
  onSelect: (id: string) => void;
}

/** Stored validation runs and connection tests of one instance, newest first. */
export function HistoryList({ instanceId, selected, onSelect }: HistoryListProps) {
  const runs = useTestRuns(instanceId);

  if (runs.isPending) return <Loader size="sm" aria-label="Loading history" />;
  if (runs.isError) {
    return <QueryError title="Could not load the history" error={runs.error} onRetry={() => void runs.refetch()} />;
  }
  if (runs.data.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid="history-empty">
        No runs yet. Validation runs and connection tests of this instance are kept here.
      </Text>
    );
  }
  return (
    <Stack gap={4}>
      <Table.ScrollContainer minWidth={560} type="native">
        <Table highlightOnHover layout="fixed" verticalSpacing={6} data-testid="history-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={130}>Kind</Table.Th>
              <Table.Th w={100}>Status</Table.Th>
              <Table.Th w={170}>Started</Table.Th>
              <Table.Th w={80}>Duration</Table.Th>
              <Table.Th>Summary</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {runs.data.map((record) => (
              <Table.Tr
                key={record.id}
                onClick={() => onSelect(record.id)}
                // Rows are the selection, so they also answer to the keyboard.
                onKeyDown={(event) => {
                  if (event.key === 'Enter' || event.key === ' ') {
                    event.preventDefault();
                    onSelect(record.id);
                  }
                }}
                tabIndex={0}
                aria-selected={record.id === selected}
                bg={record.id === selected ? 'var(--mantine-primary-color-light)' : undefined}
                style={{ cursor: 'pointer' }}
                data-testid="history-row"
                data-id={record.id}
                data-kind={record.kind}
                data-status={record.status}
              >
                <Table.Td>
                  <Text size="sm">{KIND_LABELS[record.kind] ?? record.kind}</Text>
                </Table.Td>
                <Table.Td>
                  <Badge color={statusColor(record.status)} variant="light" tt="none" data-testid="history-status">
                    {record.status}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{formatTime(record.startedAt)}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{formatDuration(record.durationMs)}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" style={WRAP_ANYWHERE} data-testid="history-summary">
                    {record.summary}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}

import { Alert, Button, Group, Modal, Progress, Stack, Table, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { BulkResult } from '../../bindings/BulkResult';
import { ClampedText, WRAP_ANYWHERE } from '../../components/LongText';
import { usePlatforms } from '../../queries';
import { formatDuration } from '../validation/format';
import { OutcomeBadge } from './InstanceStatus';
import { BULK_CONCURRENCY, countLine, sortResults, type BulkTest } from './useBulkTest';
// This view is loaded lazily, so it brings the styles the first screen does without.
import '../../components/lazyViewStyles';

interface BulkTestModalProps {
  opened: boolean;
  onClose: () => void;
  bulk: BulkTest;
}

function BulkProgressBar({ done, total, running }: { done: number; total: number | null; running: boolean }) {
  const percent = total ? (done / total) * 100 : 0;
  return (
    <Stack gap={4} data-testid="bulk-progress" data-done={done} data-total={total ?? ''}>
      <Progress
        value={percent}
        animated={running}
        size="lg"
        aria-label={total === null ? 'Starting the connection tests' : `${done} of ${total} instances tested`}
      />
      <Text size="sm" c="dimmed" data-testid="bulk-progress-text">
        {total === null ? 'Starting…' : `${done} / ${total} tested`}
      </Text>
    </Stack>
  );
}

function ResultsTable({ results, platformName }: { results: BulkResult[]; platformName: (id: string) => string }) {
  return (
    <Table.ScrollContainer minWidth={640} type="native" mah={420}>
      <Table verticalSpacing="xs" layout="fixed" stickyHeader data-testid="bulk-results">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w="20%">Platform</Table.Th>
            <Table.Th w="18%">Instance</Table.Th>
            <Table.Th w={100}>Status</Table.Th>
            <Table.Th>Summary</Table.Th>
            <Table.Th w={90} ta="right">
              Duration
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {results.map((r) => (
            <Table.Tr key={r.instanceId} data-testid="bulk-result" data-name={r.instanceName} data-status={r.status}>
              <Table.Td style={WRAP_ANYWHERE} data-testid="bulk-result-platform">
                {platformName(r.platformId)}
              </Table.Td>
              <Table.Td style={WRAP_ANYWHERE} data-testid="bulk-result-instance">
                {r.instanceName}
              </Table.Td>
              <Table.Td>
                <OutcomeBadge status={r.status} data-testid="bulk-result-status" />
              </Table.Td>
              <Table.Td>
                <ClampedText size="sm" lines={2} data-testid="bulk-result-summary">
                  {r.summary}
                </ClampedText>
              </Table.Td>
              <Table.Td ta="right" data-testid="bulk-result-duration">
                {formatDuration(r.durationMs)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** Progress and results of "Test all instances"; the run itself lives in the page's hook. */
export function BulkTestModal({ opened, onClose, bulk }: BulkTestModalProps) {
  const platforms = usePlatforms();
  // A platform deleted meanwhile (or a list not loaded yet) still gets a label.
  const platformName = (id: string) => platforms.data?.find((p) => p.id === id)?.name ?? 'Unknown platform';
  const { results, done, total, running, finished, error } = bulk;
  const rows = finished ? sortResults(results, platformName) : results;
  const empty = finished && results.length === 0;
  // A call that failed before the first result has no progress to show, only why.
  const showProgress = !empty && !(error && total === null);

  return (
    <Modal
      opened={opened}
      // Like the validation drawer: the results arrive only in this view while
      // the run is going, so it stays open until the last one is in.
      onClose={() => {
        if (!running) onClose();
      }}
      withCloseButton={!running}
      closeOnClickOutside={!running}
      closeOnEscape={!running}
      size="xl"
      title="Test all instances"
      data-testid="bulk-test-modal"
    >
      <Stack>
        <Text size="sm" c="dimmed">
          Every registered instance gets a connection test, {BULK_CONCURRENCY} at a time. Each result is stored in the
          instance&apos;s history and becomes its status.
        </Text>
        {empty && (
          <Text data-testid="bulk-empty">
            No instances are registered yet, so there is nothing to test. Add instances to a platform first.
          </Text>
        )}
        {showProgress && <BulkProgressBar done={done} total={total} running={running} />}
        {error && (
          <Alert color="red" icon={<IconAlertTriangle />} title="The bulk test could not finish" data-testid="bulk-error">
            <Text size="sm">{error.message}</Text>
            {error.remediation && (
              <Text size="sm" c="dimmed">
                {error.remediation}
              </Text>
            )}
          </Alert>
        )}
        {rows.length > 0 && <ResultsTable results={rows} platformName={platformName} />}
        <Group justify="space-between">
          {finished && !empty ? (
            <Text fw={500} data-testid="bulk-counts">
              {countLine(results)}
            </Text>
          ) : (
            <span />
          )}
          <Button variant="default" onClick={onClose} disabled={running} data-testid="bulk-close">
            Close
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

import { Alert, CloseButton, Group, List, Stack, Text } from '@mantine/core';
import type { SweepReport } from '../../bindings/SweepReport';
import { WRAP_ANYWHERE } from '../../components/LongText';

/** What a sweep deleted and what it could not, each tenant by name. */
export function SweepResult({ report, onDismiss }: { report: SweepReport; onDismiss: () => void }) {
  const failed = report.failed.length > 0 || report.listingError !== null;
  return (
    <Alert
      color={failed ? 'orange' : 'green'}
      data-testid="sweep-result"
      title={
        <Group justify="space-between" wrap="nowrap" w="100%">
          <span>
            {report.deleted.length} deleted
            {report.failed.length > 0 && `, ${report.failed.length} could not be deleted`}
          </span>
          <CloseButton size="sm" aria-label="Dismiss the sweep result" onClick={onDismiss} />
        </Group>
      }
      styles={{ label: { width: '100%' } }}
    >
      <Stack gap={4} style={WRAP_ANYWHERE}>
        {report.listingError && (
          <Text size="sm">The platform could not be listed completely: {report.listingError}</Text>
        )}
        {report.deleted.length > 0 && (
          <List size="sm" spacing={2} data-testid="sweep-deleted">
            {report.deleted.map((t) => (
              <List.Item key={t.id}>Deleted {t.name}</List.Item>
            ))}
          </List>
        )}
        {report.failed.length > 0 && (
          <List size="sm" spacing={2} data-testid="sweep-failed">
            {report.failed.map((f) => (
              <List.Item key={f.id}>
                Not deleted {f.name}: {f.error}
              </List.Item>
            ))}
          </List>
        )}
        <Text size="xs" c="dimmed">
          {report.kept} other tenant{report.kept === 1 ? '' : 's'} left alone: their names are not the validation
          convention&apos;s.
        </Text>
      </Stack>
    </Alert>
  );
}

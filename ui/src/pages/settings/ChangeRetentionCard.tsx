import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Card, Loader, Stack, Text, Title } from '@mantine/core';
import type { ChangeRetention } from '../../bindings/ChangeRetention';
import { QueryError } from '../../components/QueryError';
import { historyIpc } from '../../ipcHistory';
import { notifySuccess } from '../../notify';
import { notifyUnlessFieldErrors } from '../../queries';
import { RetentionForm, type RetentionWording } from './HistoryRetentionCard';

const KEY = ['changeRetention'] as const;

const CHANGES: RetentionWording = {
  keepLabel: 'Keep changes',
  keepDescription: 'The newest this many are kept',
  ageDescription: 'Older changes are removed',
  testId: 'change-retention',
};

/** How much change history the app keeps (applied at once and at every start). */
export function ChangeRetentionCard() {
  const qc = useQueryClient();
  const retention = useQuery({ queryKey: KEY, queryFn: historyIpc.getChangeRetention });
  const save = useMutation({
    mutationFn: (r: ChangeRetention) => historyIpc.setChangeRetention(r),
    onSuccess: (saved) => {
      qc.setQueryData(KEY, saved);
      notifySuccess('Change history retention saved');
    },
    onError: notifyUnlessFieldErrors('Could not save the change history retention'),
  });
  return (
    <Card withBorder radius="md" data-testid="settings-change-retention">
      <Stack gap="sm">
        <Title order={4}>Change history retention</Title>
        <Text size="sm" c="dimmed">
          Every change to the registry is kept for review: at most this many, and none older than this. A shorter
          retention applies at once.
        </Text>
        {retention.isPending && <Loader size="sm" aria-label="Loading change history retention" />}
        {retention.isError && (
          <QueryError
            title="Could not read the change history retention"
            error={retention.error}
            onRetry={() => void retention.refetch()}
          />
        )}
        {retention.data && <RetentionForm retention={retention.data} save={save} wording={CHANGES} />}
      </Stack>
    </Card>
  );
}

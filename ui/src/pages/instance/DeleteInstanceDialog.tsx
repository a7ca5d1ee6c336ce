import { List, Loader, Text } from '@mantine/core';
import type { CustomField } from '../../bindings/CustomField';
import type { Instance } from '../../bindings/Instance';
import { ConfirmDelete } from '../../components/ConfirmDelete';
import { MAX_COUNTED_RUNS, useStoredRunCount } from './instanceQueries';

/** The OS keyring entries a delete removes, in words. */
export function keyringEntries(instance: Instance, fields: CustomField[]): string[] {
  const entries: string[] = [];
  if (instance.credential.configured) entries.push('the credential');
  if (instance.tls.clientKeyConfigured) entries.push('the TLS client key');
  for (const key of instance.secretFields) {
    const label = fields.find((f) => f.key === key)?.label || key;
    entries.push(`the secret field “${label}”`);
  }
  return entries;
}

function RunCount({ instanceId, opened }: { instanceId: string; opened: boolean }) {
  const count = useStoredRunCount(instanceId, opened);
  if (count.isPending) return <Loader size="xs" aria-label="Counting the stored test runs" />;
  if (count.isError) return <>its stored test runs</>;
  if (count.data === 0) return <>no stored test runs</>;
  const n = count.data >= MAX_COUNTED_RUNS ? `${MAX_COUNTED_RUNS} or more` : String(count.data);
  return <>{count.data === 1 ? '1 stored test run' : `${n} stored test runs`}</>;
}

interface DeleteInstanceDialogProps {
  opened: boolean;
  instance: Instance;
  fields: CustomField[];
  loading: boolean;
  onConfirm: () => void;
  onClose: () => void;
}

/** Names everything the delete removes, the secrets in the OS keyring included. */
export function DeleteInstanceDialog(props: DeleteInstanceDialogProps) {
  const { opened, instance, fields, loading, onConfirm, onClose } = props;
  const entries = keyringEntries(instance, fields);
  return (
    <ConfirmDelete
      opened={opened}
      title="Delete instance"
      confirmLabel="Delete instance"
      loading={loading}
      onConfirm={onConfirm}
      onClose={onClose}
    >
      <Text size="sm">This removes, and cannot be undone:</Text>
      <List size="sm" spacing={4} data-testid="delete-instance-list">
        <List.Item>
          the instance <b>{instance.name}</b> ({instance.environment}, {instance.endpoint})
        </List.Item>
        <List.Item data-testid="delete-instance-runs">
          <RunCount instanceId={instance.id} opened={opened} />
        </List.Item>
        {entries.length > 0 ? (
          <List.Item data-testid="delete-instance-keyring">
            from the OS keyring: {entries.join(', ')}
          </List.Item>
        ) : (
          <List.Item data-testid="delete-instance-keyring">no OS keyring entries: none are stored for it</List.Item>
        )}
      </List>
    </ConfirmDelete>
  );
}

import { Code, List, ScrollArea, Text } from '@mantine/core';
import type { MarkedTenant } from '../../bindings/MarkedTenant';
import { ConfirmDelete } from '../../components/ConfirmDelete';
import { WRAP_ANYWHERE } from '../../components/LongText';

interface RemoveLeftoversDialogProps {
  opened: boolean;
  instanceName: string;
  pattern: string;
  leftovers: MarkedTenant[];
  loading: boolean;
  onConfirm: () => void;
  onClose: () => void;
}

/** Names every tenant the sweep will delete, so nothing goes that was not seen. */
export function RemoveLeftoversDialog({
  opened,
  instanceName,
  pattern,
  leftovers,
  loading,
  onConfirm,
  onClose,
}: RemoveLeftoversDialogProps) {
  const count = leftovers.length;
  return (
    <ConfirmDelete
      opened={opened}
      title="Remove validation leftovers"
      confirmLabel={count === 1 ? 'Delete 1 tenant' : `Delete ${count} tenants`}
      loading={loading}
      confirmDisabled={count === 0}
      onConfirm={onConfirm}
      onClose={onClose}
    >
      <Text size="sm">
        Delete {count === 1 ? 'this tenant' : `these ${count} tenants`} from <b>{instanceName}</b>? Their names follow
        the validation convention (<Code>{pattern}</Code>), so a validation run made them and did not remove them.
      </Text>
      <ScrollArea.Autosize mah={220} type="auto" data-testid="leftovers-to-delete">
        <List size="sm" spacing={2}>
          {leftovers.map((t) => (
            <List.Item key={t.id} style={WRAP_ANYWHERE}>
              <b>{t.name}</b>{' '}
              <Text span size="xs" c="dimmed">
                id {t.id}
              </Text>
            </List.Item>
          ))}
        </List>
      </ScrollArea.Autosize>
      <Text size="xs" c="dimmed">
        The platform is listed again first; a tenant whose name no longer matches is left alone.
      </Text>
    </ConfirmDelete>
  );
}

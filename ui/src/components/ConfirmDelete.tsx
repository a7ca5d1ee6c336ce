import type { ReactNode } from 'react';
import { Button, Group, Modal, Stack } from '@mantine/core';

interface ConfirmDeleteProps {
  opened: boolean;
  title: string;
  children: ReactNode;
  confirmLabel?: string;
  loading?: boolean;
  /** When the deletion is known to be refused (e.g. a type still in use). */
  confirmDisabled?: boolean;
  onConfirm: () => void;
  onClose: () => void;
}

/** Every destructive action goes through this, so the warning is never skipped. */
export function ConfirmDelete({
  opened,
  title,
  children,
  confirmLabel = 'Delete',
  loading = false,
  confirmDisabled = false,
  onConfirm,
  onClose,
}: ConfirmDeleteProps) {
  return (
    <Modal opened={opened} onClose={onClose} title={title} centered>
      {/* Names quoted in the question may be long and unbroken. */}
      <Stack style={{ overflowWrap: 'anywhere' }}>
        {children}
        <Group justify="flex-end">
          {/* Focus starts on the harmless answer, so Enter never deletes by accident. */}
          <Button variant="default" onClick={onClose} disabled={loading} data-autofocus data-testid="confirm-cancel">
            Cancel
          </Button>
          <Button
            color="red"
            onClick={onConfirm}
            loading={loading}
            disabled={confirmDisabled}
            data-testid="confirm-delete"
          >
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

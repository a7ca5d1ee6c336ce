import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Alert, Button, Group, Modal, Text, type ModalProps } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';

interface DiscardGuard {
  /** The form tells the modal how to find out whether it holds unsaved input. */
  register: (isDirty: () => boolean) => () => void;
  /** Cancel, X and Escape all come through here. */
  requestClose: () => void;
}

const DiscardGuardContext = createContext<DiscardGuard | null>(null);

type FormModalProps = Omit<ModalProps, 'onClose' | 'closeOnClickOutside'> & {
  onClose: () => void;
  children: ReactNode;
};

/**
 * A modal holding a form. A stray click beside the dialog must not throw away
 * what was typed, so outside clicks do nothing; Escape, X and Cancel close an
 * untouched form at once but ask before discarding edits.
 */
export function FormModal({ opened, onClose, children, ...modalProps }: FormModalProps) {
  const isDirty = useRef<() => boolean>(() => false);
  const focusBeforeConfirm = useRef<HTMLElement | null>(null);
  const [confirming, setConfirming] = useState(false);

  // A save can close the modal while the question is showing; the next opening
  // must not start with it.
  const [wasOpened, setWasOpened] = useState(opened);
  if (opened !== wasOpened) {
    setWasOpened(opened);
    if (!opened) setConfirming(false);
  }

  const close = useCallback(() => {
    setConfirming(false);
    onClose();
  }, [onClose]);

  const keepEditing = useCallback(() => {
    setConfirming(false);
    focusBeforeConfirm.current?.focus();
  }, []);

  const requestClose = useCallback(() => {
    // Escape while the question is showing means "no, keep editing": the safe answer.
    if (confirming) {
      keepEditing();
    } else if (isDirty.current()) {
      focusBeforeConfirm.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      setConfirming(true);
    } else {
      close();
    }
  }, [confirming, close, keepEditing]);

  const guard = useMemo<DiscardGuard>(
    () => ({
      register: (check) => {
        isDirty.current = check;
        return () => {
          if (isDirty.current === check) isDirty.current = () => false;
        };
      },
      requestClose,
    }),
    [requestClose],
  );

  return (
    <Modal
      opened={opened}
      onClose={requestClose}
      closeOnClickOutside={false}
      // Titles quote names, which may be long and unbroken.
      styles={{ title: { overflowWrap: 'anywhere', minWidth: 0 } }}
      {...modalProps}
    >
      {confirming && <DiscardConfirm onKeep={keepEditing} onDiscard={close} />}
      <DiscardGuardContext.Provider value={guard}>{children}</DiscardGuardContext.Provider>
    </Modal>
  );
}

function DiscardConfirm({ onKeep, onDiscard }: { onKeep: () => void; onDiscard: () => void }) {
  const keepRef = useRef<HTMLButtonElement>(null);
  // Focus moves to the safe answer, so Enter or Space cannot discard by accident.
  useEffect(() => {
    keepRef.current?.focus();
  }, []);
  return (
    <Alert
      color="yellow"
      icon={<IconAlertTriangle size={18} />}
      title="Discard changes?"
      mb="md"
      role="alertdialog"
      data-testid="discard-changes"
    >
      <Text size="sm">What you entered in this form has not been saved and will be lost.</Text>
      <Group justify="flex-end" gap="xs" mt="sm">
        <Button ref={keepRef} size="xs" variant="default" onClick={onKeep} data-testid="discard-keep">
          Keep editing
        </Button>
        <Button size="xs" color="red" onClick={onDiscard} data-testid="discard-confirm">
          Discard changes
        </Button>
      </Group>
    </Alert>
  );
}

/**
 * Connects a form to its FormModal; returns what Cancel should call. Outside a
 * FormModal (e.g. a test rendering the form alone) Cancel calls `fallback`.
 */
export function useDiscardGuard(isDirty: () => boolean, fallback: () => void): () => void {
  const guard = useContext(DiscardGuardContext);
  // Re-registered after every render: the form object (and its isDirty) changes identity.
  useEffect(() => guard?.register(isDirty));
  return guard?.requestClose ?? fallback;
}

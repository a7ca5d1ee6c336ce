import type { ReactNode } from 'react';
import { Alert, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { IpcFailure } from '../ipc';

interface FailureAlertProps {
  title: string;
  failure: IpcFailure;
  'data-testid': string;
  /** The failure's code after its message. */
  withCode?: boolean;
  /** Adds a close button labelled "Dismiss". */
  onDismiss?: () => void;
  /** Details shown between the message and the remediation. */
  children?: ReactNode;
}

/**
 * A failure that stays where it happened (an action's result area) instead of a
 * passing notification: the message, then what to do about it.
 */
export function FailureAlert({
  title,
  failure,
  'data-testid': testId,
  withCode = false,
  onDismiss,
  children,
}: FailureAlertProps) {
  return (
    <Alert
      color="red"
      icon={<IconAlertTriangle />}
      title={title}
      withCloseButton={onDismiss !== undefined}
      closeButtonLabel="Dismiss"
      onClose={onDismiss}
      data-testid={testId}
    >
      <Text size="sm">
        {failure.message}
        {withCode && ` (${failure.code})`}
      </Text>
      {children}
      {failure.remediation && (
        <Text size="sm" c="dimmed">
          {failure.remediation}
        </Text>
      )}
    </Alert>
  );
}

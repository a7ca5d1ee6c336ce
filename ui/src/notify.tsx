import { Stack, Text } from '@mantine/core';
import { Notifications, notifications } from '@mantine/notifications';
import type { IpcFailure } from './ipc';

/** Shows a failure that has no form field to sit next to. */
export function notifyFailure(failure: IpcFailure, title = 'Something went wrong') {
  notifications.show({
    color: 'red',
    title,
    autoClose: failure.remediation ? false : 8000,
    'data-testid': 'error-notification',
    'data-code': failure.code,
    message: (
      <Stack gap={4}>
        <Text size="sm">{failure.message}</Text>
        {failure.remediation && (
          <Text size="sm" c="dimmed">
            {failure.remediation}
          </Text>
        )}
      </Stack>
    ),
  });
}


const SUCCESS_AUTO_CLOSE = 3000;

/**
 * Bottom-left: the right-hand corners hold the action buttons (New, Edit, Delete,
 * Save) that people and end-to-end tests click, and a toast must never cover them.
 */
export function AppNotifications() {
  return <Notifications position="bottom-left" autoClose={SUCCESS_AUTO_CLOSE} />;
}

/** A short confirmation that a change was saved; it goes away by itself. */
export function notifySuccess(message: string) {
  notifications.show({
    color: 'teal',
    message,
    autoClose: SUCCESS_AUTO_CLOSE,
    withBorder: true,
    // Names in the message may be long and unbroken.
    style: { overflowWrap: 'anywhere' },
    'data-testid': 'success-notification',
  });
}

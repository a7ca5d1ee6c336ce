import { Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
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


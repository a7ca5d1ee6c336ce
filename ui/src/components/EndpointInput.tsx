import { Alert, Stack, Text, TextInput, type TextInputProps } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { plainHttpWarning } from '../validation';

type EndpointInputProps = TextInputProps & { value: string; 'data-testid': string };

/**
 * A URL input that warns (without refusing) about plain http to anything but this
 * machine: the instance credential would be sent unencrypted. Credentials inside
 * the URL are an error instead, checked by the form's validation as the backend does.
 */
export function EndpointInput(props: EndpointInputProps) {
  const warning = plainHttpWarning(props.value);
  return (
    <Stack gap={6}>
      <TextInput {...props} />
      {warning && (
        // A light alert rather than yellow text: yellow type on white is hard to read.
        <Alert color="yellow" variant="light" p={6} icon={<IconAlertTriangle size={16} />}>
          <Text size="xs" data-testid={`${props['data-testid']}-warning`}>
            {warning}
          </Text>
        </Alert>
      )}
    </Stack>
  );
}

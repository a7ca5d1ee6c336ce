import { useState } from 'react';
import { Badge, Button, Group, Stack, Text } from '@mantine/core';
import type { Instance } from '../../bindings/Instance';
import { CredentialInput } from '../platforms/CredentialInput';
import type { CredentialPrompt } from '../platforms/credentialPrompt';
import { RemoveCredentialDialog } from '../platforms/RemoveCredentialDialog';

interface ConnectionCredentialProps {
  /** Null until the instance is saved. */
  instance: Instance | null;
  prompt: CredentialPrompt;
  /** The typed secret, held by the step in plain component state until the step's save sends it. */
  value: string;
  onChange: (value: string) => void;
  error: string | null;
  /** The sandbox stores its own key when the instance is first saved. */
  sandbox: boolean;
  disabled: boolean;
}

/**
 * The first instance's credential in the Connection step: typed here and stored in
 * the OS keyring by "Save and test connection" (or Next), after the instance itself
 * is saved. Write-only: a stored credential shows as Configured, never its value.
 */
export function ConnectionCredential(props: ConnectionCredentialProps) {
  const { instance, prompt, sandbox } = props;
  const [confirming, setConfirming] = useState(false);
  const configured = instance?.credential.configured ?? false;

  if (sandbox && !instance) {
    return (
      <Text size="sm" c="dimmed" data-testid="credential-sandbox">
        The sandbox&apos;s API key becomes the credential when the instance is saved; nothing needs to be typed.
      </Text>
    );
  }
  return (
    <Stack gap="xs">
      {prompt.needed && (
        <Group gap="xs">
          <Badge color={configured ? 'teal' : 'gray'} variant="light" tt="none" data-testid="credential-status">
            {configured ? 'Configured' : 'Not set'}
          </Badge>
          {instance && configured && (
            <>
              <Text size="xs" c="dimmed" data-testid="credential-version">
                v{instance.credential.version}
              </Text>
              <Button
                size="compact-xs"
                variant="subtle"
                color="red"
                onClick={() => setConfirming(true)}
                disabled={props.disabled}
                data-testid="credential-remove"
              >
                Remove
              </Button>
            </>
          )}
        </Group>
      )}
      <CredentialInput
        prompt={prompt}
        value={props.value}
        onChange={props.onChange}
        configured={configured}
        storedWhen="Save and test connection (or Next) stores it in the OS keyring after saving the instance; it is never part of the draft."
        error={props.error}
        disabled={props.disabled}
        testId="wizard-credential"
      />
      <RemoveCredentialDialog instance={confirming ? instance : null} onClose={() => setConfirming(false)} />
    </Stack>
  );
}

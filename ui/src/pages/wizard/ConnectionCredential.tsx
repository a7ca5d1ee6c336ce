import { useState } from 'react';
import { Badge, Button, Group, Stack, Text } from '@mantine/core';
import type { Instance } from '../../bindings/Instance';
import { ConfirmDelete } from '../../components/ConfirmDelete';
import { useRemoveInstanceCredential } from '../../queries';
import { CredentialInput } from '../platforms/CredentialInput';
import type { CredentialPrompt } from '../platforms/credentialPrompt';

interface ConnectionCredentialProps {
  platformId: string;
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
  const { platformId, instance, prompt, sandbox } = props;
  const [confirming, setConfirming] = useState(false);
  const remove = useRemoveInstanceCredential(platformId);
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
      <ConfirmDelete
        opened={confirming}
        title="Remove the credential?"
        confirmLabel="Remove credential"
        loading={remove.isPending}
        onClose={() => setConfirming(false)}
        onConfirm={() => instance && remove.mutate(instance.id, { onSuccess: () => setConfirming(false) })}
      >
        <Text size="sm">
          The credential of {instance?.name} is deleted from the OS keyring. Tests fail at the authentication stage until
          a new one is set.
        </Text>
      </ConfirmDelete>
    </Stack>
  );
}

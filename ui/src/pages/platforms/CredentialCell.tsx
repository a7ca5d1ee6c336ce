import { Badge, Button, Group, Stack, Text, Tooltip } from '@mantine/core';
import { IconKey } from '@tabler/icons-react';
import type { Instance } from '../../bindings/Instance';

function describe(instance: Instance): string {
  const { configured, version, updatedAt, problem } = instance.credential;
  if (!configured && problem) return `Missing: ${problem}. Import the definitions again, or set it here.`;
  if (!configured) return 'No credential is stored in the OS keyring for this instance.';
  const when = updatedAt ? `, last set ${new Date(updatedAt).toLocaleString()}` : '';
  return `Stored in the OS keyring: version ${version}${when}.`;
}

interface CredentialCellProps {
  instance: Instance;
  onSet: (instance: Instance) => void;
  onRemove: (instance: Instance) => void;
}

/** Write-only: the UI only ever knows whether a credential is configured and its version. */
export function CredentialCell({ instance, onSet, onRemove }: CredentialCellProps) {
  const { configured, version, problem } = instance.credential;
  // An import that could not store the credential (the keyring stopped answering)
  // says so, rather than looking like a credential nobody set.
  const missing = !configured && problem !== null;
  return (
    // Status above, actions below: side by side they needed 300 px and pushed the
    // endpoint out of a 1024 px window.
    <Stack gap={4} align="flex-start">
      <Group gap={6} wrap="nowrap">
      <Tooltip label={describe(instance)} multiline w={260}>
        {/* tt="none": Mantine upper-cases badges by default, and the status should
            read (and be read by end-to-end tests) exactly as written. */}
        <Badge
          color={configured ? 'teal' : missing ? 'orange' : 'gray'}
          variant="light"
          tt="none"
          style={{ flexShrink: 0 }}
          data-testid="credential-status"
        >
          {configured ? 'Configured' : missing ? 'Missing' : 'Not set'}
        </Badge>
      </Tooltip>
      {configured && (
        <Text size="xs" c="dimmed" data-testid="credential-version">
          v{version}
        </Text>
      )}
      </Group>
      <Group gap={4} wrap="nowrap">
      <Button
        size="compact-xs"
        variant="light"
        leftSection={<IconKey size={12} />}
        style={{ flexShrink: 0 }}
        onClick={() => onSet(instance)}
        data-testid="credential-set"
      >
        {configured ? 'Replace' : 'Set credential'}
      </Button>
      {configured && (
        <Button
          size="compact-xs"
          variant="subtle"
          color="red"
          style={{ flexShrink: 0 }}
          onClick={() => onRemove(instance)}
          data-testid="credential-remove"
        >
          Remove
        </Button>
      )}
      </Group>
    </Stack>
  );
}

import { Alert, Badge, Button, Group, Text } from '@mantine/core';
import { IconChecklist, IconGitCompare } from '@tabler/icons-react';
import type { Instance } from '../../bindings/Instance';

export interface ConnectorChange {
  validatedWith: number;
  current: number;
}

/**
 * The connector version the newest validation ran against and the newest now,
 * when the connector changed since; null when the validation still stands (or
 * nothing is known: a built-in preset, a run from before versions).
 */
export function connectorChange(instance: Instance): ConnectorChange | null {
  const validatedWith = instance.validation?.connectorVersion;
  const current = instance.connectorVersion;
  if (validatedWith == null || current == null || validatedWith >= current) return null;
  return { validatedWith, current };
}

export function connectorChangeText(change: ConnectorChange): string {
  return `Validated with v${change.validatedWith}; the connector changed since (v${change.current}): validate again`;
}

/** On the instance page: the last validation says nothing about this connector. */
export function ConnectorChangedNotice({ instance, onValidate }: { instance: Instance; onValidate: () => void }) {
  const change = connectorChange(instance);
  if (!change) return null;
  return (
    <Alert color="yellow" variant="light" icon={<IconGitCompare size={18} />} data-testid="connector-changed">
      <Group justify="space-between" gap="xs">
        <Text size="sm">{connectorChangeText(change)}</Text>
        <Button
          size="xs"
          variant="light"
          color="yellow"
          leftSection={<IconChecklist size={14} />}
          onClick={onValidate}
          data-testid="connector-changed-validate"
        >
          Validate again
        </Button>
      </Group>
    </Alert>
  );
}

/** In instance lists: the same, as a badge with the sentence as its title. */
export function ConnectorChangedBadge({ instance }: { instance: Instance }) {
  const change = connectorChange(instance);
  if (!change) return null;
  return (
    <Badge
      variant="light"
      color="yellow"
      tt="none"
      title={connectorChangeText(change)}
      data-testid="instance-connector-changed"
    >
      Validated with v{change.validatedWith}; now v{change.current}
    </Badge>
  );
}

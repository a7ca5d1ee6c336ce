import { useEffect, useRef } from 'react';
import { Badge, Button, Card, Group, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconPencil, IconTrash } from '@tabler/icons-react';
import type { PlatformType } from '../../bindings/PlatformType';
import { ClampedText, UrlCode, WRAP_ANYWHERE } from '../../components/LongText';
import { TypeIcon } from '../../components/TypeIcon';
import { ManagedByFileBadge, managedButtonProps } from '../platforms/ManagedByFile';

interface TypeCardProps {
  type: PlatformType;
  /** Names of the platforms of this type; undefined while they are loading. */
  usedBy?: string[];
  /** Just created: scrolled into view and outlined for a moment. */
  highlighted?: boolean;
  onEdit: (type: PlatformType) => void;
  onDelete: (type: PlatformType) => void;
}

export function TypeCard({ type, usedBy, highlighted = false, onEdit, onDelete }: TypeCardProps) {
  const ref = useRef<HTMLDivElement>(null);
  const reasonId = `type-managed-${type.identifier}`;
  const locked = managedButtonProps(type.managedBy, reasonId);

  // A new custom type lands at the end of a long grid, out of sight.
  useEffect(() => {
    const card = ref.current;
    // jsdom has no scrollIntoView.
    if (highlighted && card && typeof card.scrollIntoView === 'function') {
      card.scrollIntoView({ behavior: 'smooth', block: 'center' });
    }
  }, [highlighted]);

  return (
    <Card
      ref={ref}
      withBorder
      padding="md"
      radius="md"
      data-testid="type-card"
      data-identifier={type.identifier}
      data-highlighted={highlighted || undefined}
      style={{
        transition: 'border-color 400ms, box-shadow 400ms',
        ...(highlighted && {
          borderColor: 'var(--mantine-color-grape-filled)',
          boxShadow: '0 0 0 2px var(--mantine-color-grape-light)',
        }),
      }}
    >
      <Stack gap="sm" h="100%">
        <Group wrap="nowrap" align="flex-start">
          <ThemeIcon variant="light" size={40} radius="md" color={type.builtin ? 'blue' : 'grape'}>
            <TypeIcon name={type.icon} size={24} />
          </ThemeIcon>
          <Stack gap={4} style={{ minWidth: 0 }}>
            <Text fw={600} style={WRAP_ANYWHERE} data-testid="type-card-name">
              {type.displayName}
            </Text>
            <Group gap={6}>
              <Badge variant="outline" color="gray" tt="none" data-testid="type-identifier-badge">
                {type.identifier}
              </Badge>
              <Badge variant="light" color={type.builtin ? 'blue' : 'grape'} tt="none" data-testid="type-kind">
                {type.builtin ? 'Built-in' : 'Custom'}
              </Badge>
              {type.managedBy && (
                <ManagedByFileBadge folder={type.managedBy} reasonId={reasonId} testId="type-managed-badge" />
              )}
            </Group>
          </Stack>
        </Group>

        {type.description && (
          <ClampedText lines={3} size="sm" c="dimmed" data-testid="type-card-description">
            {type.description}
          </ClampedText>
        )}
        <Stack gap={2} data-testid="type-default-endpoint-value">
          <Text size="xs" c="dimmed">
            Default endpoint:{!type.defaultEndpoint && ' none'}
          </Text>
          {type.defaultEndpoint && <UrlCode url={type.defaultEndpoint} />}
        </Stack>
        {type.builtin && (
          <Text size="xs" c={type.provenAgainst ? 'dimmed' : 'orange.8'} data-testid="type-connector-proof">
            {type.provenAgainst
              ? `Connector proven against ${type.provenAgainst}.`
              : 'No connector ships for this type yet: none has been proven against a real server. Define one in a custom type.'}
          </Text>
        )}
        {!type.builtin && usedBy && (
          <Text size="xs" c="dimmed" data-testid="type-usage">
            Used by {usedBy.length} platform{usedBy.length === 1 ? '' : 's'}
          </Text>
        )}

        {!type.builtin && (
          <Group gap="xs" mt="auto">
            <Button
              size="xs"
              variant="light"
              leftSection={<IconPencil size={14} />}
              onClick={() => onEdit(type)}
              data-testid="type-edit"
              {...locked}
            >
              Edit
            </Button>
            <Button
              size="xs"
              variant="subtle"
              color="red"
              leftSection={<IconTrash size={14} />}
              onClick={() => onDelete(type)}
              data-testid="type-delete"
              {...locked}
            >
              Delete
            </Button>
          </Group>
        )}
      </Stack>
    </Card>
  );
}

import { Badge, Button, Card, Code, Group, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconPencil, IconTrash } from '@tabler/icons-react';
import type { PlatformType } from '../../bindings/PlatformType';
import { TypeIcon } from '../../components/TypeIcon';

interface TypeCardProps {
  type: PlatformType;
  onEdit: (type: PlatformType) => void;
  onDelete: (type: PlatformType) => void;
}

export function TypeCard({ type, onEdit, onDelete }: TypeCardProps) {
  return (
    <Card withBorder padding="md" radius="md" data-testid="type-card" data-identifier={type.identifier}>
      <Stack gap="sm" h="100%">
        <Group wrap="nowrap" align="flex-start">
          <ThemeIcon variant="light" size={40} radius="md" color={type.builtin ? 'blue' : 'grape'}>
            <TypeIcon name={type.icon} size={24} />
          </ThemeIcon>
          <Stack gap={4} style={{ minWidth: 0 }}>
            <Text fw={600} data-testid="type-card-name">
              {type.displayName}
            </Text>
            <Group gap={6}>
              <Badge variant="outline" color="gray" tt="none" data-testid="type-identifier-badge">
                {type.identifier}
              </Badge>
              <Badge variant="light" color={type.builtin ? 'blue' : 'grape'} tt="none" data-testid="type-kind">
                {type.builtin ? 'Built-in' : 'Custom'}
              </Badge>
            </Group>
          </Stack>
        </Group>

        {type.description && (
          <Text size="sm" c="dimmed" lineClamp={3}>
            {type.description}
          </Text>
        )}
        <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }} data-testid="type-default-endpoint-value">
          Default endpoint: {type.defaultEndpoint ? <Code>{type.defaultEndpoint}</Code> : 'none'}
        </Text>

        {!type.builtin && (
          <Group gap="xs" mt="auto">
            <Button
              size="xs"
              variant="light"
              leftSection={<IconPencil size={14} />}
              onClick={() => onEdit(type)}
              data-testid="type-edit"
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
            >
              Delete
            </Button>
          </Group>
        )}
      </Stack>
    </Card>
  );
}

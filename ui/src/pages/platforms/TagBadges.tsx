import { Badge, Group, Text } from '@mantine/core';
import type { Tag } from '../../bindings/Tag';

export function TagBadges({ tags }: { tags: Tag[] }) {
  if (tags.length === 0) {
    return (
      <Text size="xs" c="dimmed">
        no tags
      </Text>
    );
  }
  return (
    <Group gap={4}>
      {tags.map((tag) => (
        <Badge key={tag.key} variant="light" color="gray" tt="none" data-testid="tag-badge">
          {tag.key}={tag.value}
        </Badge>
      ))}
    </Group>
  );
}

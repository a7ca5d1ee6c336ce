import { Badge, Group, Text } from '@mantine/core';
import type { Tag } from '../../bindings/Tag';

/**
 * Tag values may be up to 255 characters: each badge has a maximum width and
 * ends in an ellipsis, with the whole tag in its title. Badges never grow wider
 * than their cell, however narrow the column.
 */
export function TagBadges({ tags, maxWidth = 200 }: { tags: Tag[]; maxWidth?: number }) {
  if (tags.length === 0) {
    return (
      <Text size="xs" c="dimmed">
        no tags
      </Text>
    );
  }
  return (
    <Group gap={4} style={{ minWidth: 0 }}>
      {tags.map((tag) => {
        const text = `${tag.key}=${tag.value}`;
        return (
          <Badge
            key={tag.key}
            variant="light"
            color="gray"
            tt="none"
            title={text}
            // Keeps a short tag whole instead of letting the row squeeze it to "c…".
            style={{ maxWidth: `min(${maxWidth}px, 100%)`, flexShrink: 0 }}
            data-testid="tag-badge"
          >
            {text}
          </Badge>
        );
      })}
    </Group>
  );
}

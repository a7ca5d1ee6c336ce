import { useEffect, useRef, useState } from 'react';
import { ActionIcon, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import type { Tag } from '../bindings/Tag';
import { withFieldError } from './FieldError';

/**
 * Rows are keyed by position on purpose: the backend reports tag errors as
 * "tags.{index}.key", so the index is what ties an error to its row. Empty rows
 * are sent as they are for the same reason.
 */
export function TagsEditor({ form }: { form: UseFormReturnType<{ tags: Tag[] }> }) {
  const tags = form.getValues().tags;
  const rowsRef = useRef<HTMLDivElement>(null);
  const [added, setAdded] = useState<number | null>(null);

  // A new row appears below the fold of a long dialog: bring it into view and
  // put the cursor in its key, so "Add tag" is followed by typing, not a hunt.
  useEffect(() => {
    if (added === null) return;
    const input = rowsRef.current?.querySelector<HTMLInputElement>(`[data-testid="tag-key-${added}"]`);
    if (!input) return;
    input.focus();
    // jsdom has no scrollIntoView.
    if (typeof input.scrollIntoView === 'function') input.scrollIntoView({ block: 'nearest' });
  }, [added]);

  const addTag = () => {
    setAdded(tags.length);
    form.insertListItem('tags', { key: '', value: '' });
  };

  return (
    <Stack gap="xs">
      <div>
        <Text size="sm" fw={500}>
          Tags
        </Text>
        <Text size="xs" c="dimmed">
          Keys in lower case (e.g. cost-center, owner); consistent tags make platforms easy to find and report on.
        </Text>
      </div>
      <Stack gap="xs" ref={rowsRef}>
        {tags.map((_tag, i) => (
          <Group key={i} align="flex-start" wrap="nowrap">
            <TextInput
              aria-label={`Tag ${i + 1} key`}
              placeholder="key"
              style={{ flex: 1 }}
              {...withFieldError(form.getInputProps(`tags.${i}.key`), `tag-key-${i}`)}
            />
            <TextInput
              aria-label={`Tag ${i + 1} value`}
              placeholder="value"
              style={{ flex: 1 }}
              {...withFieldError(form.getInputProps(`tags.${i}.value`), `tag-value-${i}`)}
            />
            <ActionIcon
              variant="subtle"
              color="red"
              mt={6}
              aria-label={`Remove tag ${i + 1}`}
              onClick={() => {
                setAdded(null);
                form.removeListItem('tags', i);
              }}
              data-testid={`tag-remove-${i}`}
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Group>
        ))}
      </Stack>
      {/* Below the rows, so the next row appears right where the button was. */}
      <Group>
        <Button
          size="xs"
          variant="light"
          leftSection={<IconPlus size={14} />}
          onClick={addTag}
          data-testid="tag-add"
        >
          Add tag
        </Button>
      </Group>
    </Stack>
  );
}

import { ActionIcon, Autocomplete, Badge, Button, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import type { TagDefinition } from '../../bindings/TagDefinition';
import { FieldError, withFieldError } from '../../components/FieldError';
import type { DetailsValues } from './wizardModel';

interface DetailsTagsProps {
  form: UseFormReturnType<DetailsValues>;
  definitions: TagDefinition[];
}

/**
 * The tags editor of the platform form (rows by position, so the backend's
 * `tags.N.value` errors find their row), plus what the tag definitions say:
 * defined keys are suggested, a key with a list of values offers exactly those,
 * and a mandatory tag cannot be removed.
 */
export function DetailsTags({ form, definitions }: DetailsTagsProps) {
  const tags = form.getValues().tags;
  const used = new Set(tags.map((t) => t.key));
  const suggestions = definitions.map((d) => d.key).filter((key) => !used.has(key));
  const listError = form.errors.tags;

  return (
    <Stack gap="xs" data-testid="wizard-tags">
      <div>
        <Text size="sm" fw={500}>
          Tags
        </Text>
        <Text size="xs" c="dimmed">
          Keys in lower case (e.g. cost-center, owner). Tags defined in Settings are suggested; mandatory ones are
          already listed.
        </Text>
      </div>
      {tags.map((tag, i) => {
        const definition = definitions.find((d) => d.key === tag.key.trim());
        const valueProps = withFieldError(form.getInputProps(`tags.${i}.value`), `tag-value-${i}`);
        return (
          <Stack key={i} gap={2}>
            <Group align="flex-start" wrap="nowrap">
              <Autocomplete
                aria-label={`Tag ${i + 1} key`}
                placeholder="key"
                data={suggestions}
                style={{ flex: 1 }}
                readOnly={definition?.mandatory}
                {...withFieldError(form.getInputProps(`tags.${i}.key`), `tag-key-${i}`)}
                onChange={(value) => form.setFieldValue(`tags.${i}.key`, value.toLowerCase())}
              />
              {definition && definition.allowedValues.length > 0 ? (
                <Select
                  aria-label={`Tag ${i + 1} value`}
                  placeholder="choose a value"
                  data={definition.allowedValues}
                  allowDeselect={false}
                  style={{ flex: 1 }}
                  {...valueProps}
                  value={tag.value || null}
                  onChange={(value) => form.setFieldValue(`tags.${i}.value`, value ?? '')}
                />
              ) : (
                <TextInput
                  aria-label={`Tag ${i + 1} value`}
                  placeholder={definition?.pattern ? `matching ${definition.pattern}` : 'value'}
                  style={{ flex: 1 }}
                  {...valueProps}
                />
              )}
              <ActionIcon
                variant="subtle"
                color="red"
                mt={6}
                aria-label={definition?.mandatory ? `Tag ${i + 1} is mandatory` : `Remove tag ${i + 1}`}
                disabled={definition?.mandatory}
                onClick={() => form.removeListItem('tags', i)}
                data-testid={`tag-remove-${i}`}
              >
                <IconTrash size={16} />
              </ActionIcon>
            </Group>
            {definition && (
              <Group gap={6}>
                {definition.mandatory && (
                  <Badge size="xs" variant="light" color="blue" tt="none">
                    mandatory
                  </Badge>
                )}
                {definition.description && (
                  <Text size="xs" c="dimmed">
                    {definition.description}
                  </Text>
                )}
              </Group>
            )}
          </Stack>
        );
      })}
      {listError && (
        <Text size="sm" c="red" role="alert">
          <FieldError testId="wizard-tags">{listError}</FieldError>
        </Text>
      )}
      <Group>
        <Button
          size="xs"
          variant="light"
          leftSection={<IconPlus size={14} />}
          onClick={() => form.insertListItem('tags', { key: '', value: '' })}
          data-testid="tag-add"
        >
          Add tag
        </Button>
      </Group>
    </Stack>
  );
}

import { useState } from 'react';
import { ActionIcon, Badge, Button, Card, Code, Group, Loader, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import type { TagDefinition } from '../../bindings/TagDefinition';
import { ConfirmDelete } from '../../components/ConfirmDelete';
import { QueryError } from '../../components/QueryError';
import { TagDefinitionFormModal } from '../fields/TagDefinitionForm';
import { useDeleteTagDefinition, useTagDefinitions } from '../fields/tagDefinitionQueries';

export { tagDefinitionsKey, useTagDefinitions } from '../fields/tagDefinitionQueries';

type Editing = { mode: 'closed' } | { mode: 'new' } | { mode: 'edit'; definition: TagDefinition };

function AllowedValues({ values }: { values: string[] }) {
  if (values.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        Any
      </Text>
    );
  }
  return (
    <Group gap={4}>
      {values.map((v) => (
        <Badge key={v} variant="light" tt="none" style={{ overflowWrap: 'anywhere' }}>
          {v}
        </Badge>
      ))}
    </Group>
  );
}

function DefinitionsTable({
  definitions,
  onEdit,
  onDelete,
}: {
  definitions: TagDefinition[];
  onEdit: (d: TagDefinition) => void;
  onDelete: (d: TagDefinition) => void;
}) {
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table verticalSpacing="xs" aria-label="Tag definitions" data-testid="tagdef-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Key</Table.Th>
            <Table.Th>Description</Table.Th>
            <Table.Th>Mandatory</Table.Th>
            <Table.Th>Allowed values</Table.Th>
            <Table.Th>Pattern</Table.Th>
            <Table.Th>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {definitions.map((d) => (
            <Table.Tr key={d.key} data-testid="tagdef-row">
              <Table.Td>
                <Code>{d.key}</Code>
              </Table.Td>
              <Table.Td style={{ overflowWrap: 'anywhere' }}>{d.description}</Table.Td>
              <Table.Td>
                {d.mandatory ? (
                  <Badge color="orange" variant="light" tt="none">
                    Mandatory
                  </Badge>
                ) : (
                  <Text size="sm" c="dimmed">
                    Optional
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <AllowedValues values={d.allowedValues} />
              </Table.Td>
              <Table.Td>{d.pattern ? <Code style={{ overflowWrap: 'anywhere' }}>{d.pattern}</Code> : '—'}</Table.Td>
              <Table.Td>
                <Group gap={4} wrap="nowrap" justify="flex-end">
                  <ActionIcon variant="subtle" aria-label={`Edit tag definition ${d.key}`} onClick={() => onEdit(d)}>
                    <IconPencil size={16} />
                  </ActionIcon>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={`Delete tag definition ${d.key}`}
                    onClick={() => onDelete(d)}
                  >
                    <IconTrash size={16} />
                  </ActionIcon>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** Settings: the organisation's rules for platform tags. */
export function TagDefinitionsCard() {
  const definitions = useTagDefinitions();
  const remove = useDeleteTagDefinition();
  const [editing, setEditing] = useState<Editing>({ mode: 'closed' });
  const [deleting, setDeleting] = useState<TagDefinition | null>(null);
  const list = definitions.data ?? [];

  return (
    <Card withBorder radius="md" data-testid="settings-tag-definitions">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={4}>Tag definitions</Title>
          <Button
            size="xs"
            variant="light"
            leftSection={<IconPlus size={14} />}
            onClick={() => setEditing({ mode: 'new' })}
            disabled={!definitions.data}
            data-testid="tagdef-add"
          >
            Add tag definition
          </Button>
        </Group>
        <Text size="sm" c="dimmed">
          Rules for platform tags: a defined key can be mandatory on every platform and limit its values to a list or
          a regular expression. Keys without a definition stay free-form. A changed rule applies when a platform is
          next saved.
        </Text>
        {definitions.isPending && <Loader size="sm" aria-label="Loading tag definitions" />}
        {definitions.isError && (
          <QueryError
            title="Could not read the tag definitions"
            error={definitions.error}
            onRetry={() => void definitions.refetch()}
          />
        )}
        {definitions.data && list.length === 0 && (
          <Text size="sm" data-testid="tagdef-empty">
            No tag definitions yet: every tag is free-form.
          </Text>
        )}
        {list.length > 0 && (
          <DefinitionsTable
            definitions={list}
            onEdit={(definition) => setEditing({ mode: 'edit', definition })}
            onDelete={setDeleting}
          />
        )}
      </Stack>
      <TagDefinitionFormModal
        opened={editing.mode !== 'closed'}
        editing={editing.mode === 'edit' ? editing.definition : null}
        existingKeys={list.map((d) => d.key)}
        onClose={() => setEditing({ mode: 'closed' })}
      />
      <ConfirmDelete
        opened={deleting !== null}
        title="Delete tag definition?"
        loading={remove.isPending}
        onConfirm={() => {
          if (!deleting) return;
          remove.mutate(deleting.key, { onSuccess: () => setDeleting(null) });
        }}
        onClose={() => setDeleting(null)}
      >
        <Text size="sm">
          The rule for <b>{deleting?.key}</b> is deleted. Tags with this key stay on platforms and become free-form.
        </Text>
      </ConfirmDelete>
    </Card>
  );
}

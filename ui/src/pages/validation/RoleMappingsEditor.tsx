import { ActionIcon, Button, Group, NativeSelect, Stack, Text, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { withFieldError } from '../../components/FieldError';
import { PROJECT_ROLES, type SettingsFormValues } from './settingsForm';

/**
 * Rows are keyed by position, like the tags editor: the backend reports errors as
 * "roleMappings.{index}.platformRole", so the index ties an error to its row.
 */
export function RoleMappingsEditor({ form }: { form: UseFormReturnType<SettingsFormValues> }) {
  const mappings = form.getValues().roleMappings;
  const unmapped = PROJECT_ROLES.filter((role) => !mappings.some((m) => m.projectRole === role));

  return (
    <Stack gap="xs" data-testid="role-mappings">
      <div>
        <Text size="sm" fw={500}>
          Role mappings
        </Text>
        <Text size="xs" c="dimmed">
          The platform&apos;s own role for each project role; the suite adds its test user with one of them.
        </Text>
      </div>
      {mappings.length === 0 && (
        <Text size="sm" c="dimmed" data-testid="role-mappings-empty">
          No role mappings: the suite cannot add a test user.
        </Text>
      )}
      {mappings.map((_mapping, i) => (
        <Group key={i} align="flex-start" wrap="nowrap">
          <NativeSelect
            aria-label={`Role mapping ${i + 1} project role`}
            data={[...PROJECT_ROLES]}
            w={140}
            {...withFieldError(form.getInputProps(`roleMappings.${i}.projectRole`), `role-project-${i}`)}
          />
          <Text mt={6} c="dimmed" aria-hidden>
            →
          </Text>
          <TextInput
            aria-label={`Role mapping ${i + 1} platform role`}
            placeholder="platform role, e.g. viewer"
            style={{ flex: 1 }}
            {...withFieldError(form.getInputProps(`roleMappings.${i}.platformRole`), `role-platform-${i}`)}
          />
          <ActionIcon
            variant="subtle"
            color="red"
            mt={6}
            aria-label={`Remove role mapping ${i + 1}`}
            onClick={() => form.removeListItem('roleMappings', i)}
            data-testid={`role-remove-${i}`}
          >
            <IconTrash size={16} />
          </ActionIcon>
        </Group>
      ))}
      <Group>
        <Button
          size="xs"
          variant="light"
          leftSection={<IconPlus size={14} />}
          // Each project role maps once; with all three mapped there is nothing to add.
          disabled={unmapped.length === 0}
          onClick={() => form.insertListItem('roleMappings', { projectRole: unmapped[0], platformRole: '' })}
          data-testid="role-add"
        >
          Add role mapping
        </Button>
      </Group>
    </Stack>
  );
}

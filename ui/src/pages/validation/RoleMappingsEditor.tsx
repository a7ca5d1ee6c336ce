import { ActionIcon, Button, Group, NativeSelect, Stack, Text, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { withFieldError } from '../../components/FieldError';
import type { RoleMapping } from '../../bindings/RoleMapping';
import { PROJECT_ROLES } from './settingsForm';

const PLATFORM_HINT = "The platform's own role for each project role; the suite adds its test user with one of them.";
const PLATFORM_EMPTY = 'No role mappings: the suite cannot add a test user.';

/**
 * Rows are keyed by position, like the tags editor: the backend reports errors as
 * "roleMappings.{index}.platformRole", so the index ties an error to its row.
 * Any form with `roleMappings` uses it: the validation settings, and a landing
 * zone's overrides (with its own hint and empty text).
 */
export function RoleMappingsEditor<V extends { roleMappings: RoleMapping[] }>({
  form,
  hint = PLATFORM_HINT,
  empty = PLATFORM_EMPTY,
}: {
  form: UseFormReturnType<V>;
  hint?: string;
  empty?: string;
}) {
  const mappings = form.getValues().roleMappings;
  const unmapped = PROJECT_ROLES.filter((role) => !mappings.some((m) => m.projectRole === role));

  return (
    <Stack gap="xs" data-testid="role-mappings">
      <div>
        <Text size="sm" fw={500}>
          Role mappings
        </Text>
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      </div>
      {mappings.length === 0 && (
        <Text size="sm" c="dimmed" data-testid="role-mappings-empty">
          {empty}
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
          // The element type is V's, which TypeScript cannot see is a RoleMapping.
          onClick={() => form.insertListItem('roleMappings', { projectRole: unmapped[0], platformRole: '' } as never)}
          data-testid="role-add"
        >
          Add role mapping
        </Button>
      </Group>
    </Stack>
  );
}

import { ActionIcon, Button, Group, NumberInput, Stack, Table, Text, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { withFieldError } from '../../components/FieldError';
import type { SettingsFormValues } from './settingsForm';

const NUMBER_FIELDS = [
  ['min', 'Min'],
  ['max', 'Max'],
  ['default', 'Default'],
] as const;

/** Quota rows by position, for the same reason as the role mappings. */
export function QuotasEditor({ form }: { form: UseFormReturnType<SettingsFormValues> }) {
  const quotas = form.getValues().quotas;
  return (
    <Stack gap="xs" data-testid="quotas">
      <div>
        <Text size="sm" fw={500}>
          Quota definitions
        </Text>
        <Text size="xs" c="dimmed">
          The quotas the platform enforces per tenant; the suite sets each to its default, reads it back and probes
          the limits. Below each: what it limits, and up to which value a team's request is approved at once.
        </Text>
      </div>
      {quotas.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="quotas-empty">
          No quotas defined.
        </Text>
      ) : (
        // Sized for the wizard's settings step in a 1024 px window (about 540 px):
        // at 720 px the Max and Default columns were scrolled out of sight.
        <Table.ScrollContainer minWidth={500} type="native">
          <Table layout="fixed" withRowBorders={false} verticalSpacing={4} horizontalSpacing={4}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Key</Table.Th>
                <Table.Th>Label</Table.Th>
                <Table.Th w={76}>Unit</Table.Th>
                {NUMBER_FIELDS.map(([, label]) => (
                  <Table.Th key={label} w={72}>
                    {label}
                  </Table.Th>
                ))}
                <Table.Th w={36} aria-label="Remove" />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {quotas.flatMap((_quota, i) => [
                <Table.Tr key={i} style={{ verticalAlign: 'top' }}>
                  <Table.Td>
                    <TextInput
                      aria-label={`Quota ${i + 1} key`}
                      placeholder="requests.cpu"
                      {...withFieldError(form.getInputProps(`quotas.${i}.key`), `quota-key-${i}`)}
                    />
                  </Table.Td>
                  <Table.Td>
                    <TextInput
                      aria-label={`Quota ${i + 1} label`}
                      placeholder="CPU requests"
                      {...withFieldError(form.getInputProps(`quotas.${i}.label`), `quota-label-${i}`)}
                    />
                  </Table.Td>
                  <Table.Td>
                    <TextInput
                      aria-label={`Quota ${i + 1} unit`}
                      placeholder="cores"
                      {...withFieldError(form.getInputProps(`quotas.${i}.unit`), `quota-unit-${i}`)}
                    />
                  </Table.Td>
                  {NUMBER_FIELDS.map(([field, label]) => (
                    <Table.Td key={field}>
                      <NumberInput
                        aria-label={`Quota ${i + 1} ${label.toLowerCase()}`}
                        hideControls
                        {...withFieldError(form.getInputProps(`quotas.${i}.${field}`), `quota-${field}-${i}`)}
                      />
                    </Table.Td>
                  ))}
                  <Table.Td rowSpan={2}>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      mt={6}
                      aria-label={`Remove quota ${i + 1}`}
                      onClick={() => form.removeListItem('quotas', i)}
                      data-testid={`quota-remove-${i}`}
                    >
                      <IconTrash size={16} />
                    </ActionIcon>
                  </Table.Td>
                </Table.Tr>,
                <Table.Tr key={`${i}-approval`} style={{ verticalAlign: 'top' }}>
                  <Table.Td colSpan={4}>
                    <TextInput
                      aria-label={`Quota ${i + 1} description`}
                      placeholder="What it limits, for application teams"
                      {...withFieldError(form.getInputProps(`quotas.${i}.description`), `quota-description-${i}`)}
                    />
                  </Table.Td>
                  <Table.Td colSpan={2}>
                    <NumberInput
                      aria-label={`Quota ${i + 1} auto-approval threshold`}
                      placeholder="Approve up to"
                      hideControls
                      {...withFieldError(
                        form.getInputProps(`quotas.${i}.autoApprovalThreshold`),
                        `quota-autoApprovalThreshold-${i}`,
                      )}
                    />
                  </Table.Td>
                </Table.Tr>,
              ])}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Group>
        <Button
          size="xs"
          variant="light"
          leftSection={<IconPlus size={14} />}
          onClick={() =>
            form.insertListItem('quotas', {
              key: '',
              label: '',
              unit: '',
              min: 0,
              max: 100,
              default: 10,
              description: '',
              autoApprovalThreshold: '',
            })
          }
          data-testid="quota-add"
        >
          Add quota
        </Button>
      </Group>
    </Stack>
  );
}

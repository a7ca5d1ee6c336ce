import { Alert, Badge, Stack, Table, Text } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import type { PlatformType } from '../../bindings/PlatformType';
import { KIND_LABELS } from './fieldKinds';

/** Built-in types ship as data; Rust refuses custom fields for them. */
export function BuiltinFields({ type }: { type: PlatformType }) {
  return (
    <Stack gap="sm" data-testid="cf-builtin">
      <Alert color="blue" variant="light" icon={<IconInfoCircle size={18} />} title="Built-in platform type">
        {type.displayName} is built in, so it cannot get custom fields. To ask instance owners for extra
        configuration, create a custom platform type instead.
      </Alert>
      {type.customFields.length === 0 ? (
        <Text size="sm" c="dimmed">
          {type.displayName} has no custom fields.
        </Text>
      ) : (
        <Table withTableBorder aria-label={`Custom fields of ${type.displayName}`}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Label</Table.Th>
              <Table.Th>Key</Table.Th>
              <Table.Th>Kind</Table.Th>
              <Table.Th>Required</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {type.customFields.map((f) => (
              <Table.Tr key={f.key}>
                <Table.Td>{f.label}</Table.Td>
                <Table.Td ff="monospace">{f.key}</Table.Td>
                <Table.Td>{KIND_LABELS[f.kind]}</Table.Td>
                <Table.Td>
                  {f.required ? (
                    <Badge variant="light" tt="none">
                      Required
                    </Badge>
                  ) : (
                    'No'
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

import { Table, Text } from '@mantine/core';
import type { Platform } from '../../bindings/Platform';
import { TagBadges } from './TagBadges';
import { TypeLabel } from './TypeLabel';

export function PlatformList({ platforms, onOpen }: { platforms: Platform[]; onOpen: (id: string) => void }) {
  return (
    <Table highlightOnHover verticalSpacing="sm" data-testid="platform-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Name</Table.Th>
          <Table.Th>Platform type</Table.Th>
          <Table.Th>Location</Table.Th>
          <Table.Th>Tags</Table.Th>
          <Table.Th ta="right">Instances</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {platforms.map((p) => (
          <Table.Tr
            key={p.id}
            data-testid="platform-row"
            data-name={p.name}
            tabIndex={0}
            aria-label={`Open platform ${p.name}`}
            style={{ cursor: 'pointer' }}
            onClick={() => onOpen(p.id)}
            onKeyDown={(event) => {
              if (event.key === 'Enter' || event.key === ' ') {
                event.preventDefault();
                onOpen(p.id);
              }
            }}
          >
            <Table.Td>
              <Text fw={500}>{p.name}</Text>
              {p.description && (
                <Text size="xs" c="dimmed" lineClamp={1}>
                  {p.description}
                </Text>
              )}
            </Table.Td>
            <Table.Td>
              <TypeLabel typeId={p.typeId} />
            </Table.Td>
            <Table.Td>{p.location || <Text c="dimmed">—</Text>}</Table.Td>
            <Table.Td>
              <TagBadges tags={p.tags} />
            </Table.Td>
            <Table.Td ta="right" data-testid="platform-instance-count">
              {p.instanceCount}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

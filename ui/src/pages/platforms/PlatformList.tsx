import { Table, Text } from '@mantine/core';
import type { Platform } from '../../bindings/Platform';
import { ClampedText, WRAP_ANYWHERE } from '../../components/LongText';
import { TagBadges } from './TagBadges';
import { TypeLabel } from './TypeLabel';

/**
 * Fixed layout: column widths come from the header, not from the longest value,
 * so a 2000-character description or an unbroken 80-character name cannot take
 * the table over or widen the page. Below the minimum width the table scrolls
 * inside its own container instead of the page.
 */
export function PlatformList({ platforms, onOpen }: { platforms: Platform[]; onOpen: (id: string) => void }) {
  return (
    <Table.ScrollContainer minWidth={600} type="native">
      <Table highlightOnHover verticalSpacing="sm" layout="fixed" data-testid="platform-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th w="20%">Platform type</Table.Th>
            <Table.Th w="15%">Location</Table.Th>
            <Table.Th w="25%">Tags</Table.Th>
            <Table.Th w={90} ta="right">
              Instances
            </Table.Th>
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
                <Text fw={500} style={WRAP_ANYWHERE} data-testid="platform-row-name">
                  {p.name}
                </Text>
                {p.description && (
                  <ClampedText size="xs" c="dimmed" data-testid="platform-row-description">
                    {p.description}
                  </ClampedText>
                )}
              </Table.Td>
              <Table.Td>
                <TypeLabel typeId={p.typeId} />
              </Table.Td>
              <Table.Td>
                {p.location ? (
                  <ClampedText size="sm" data-testid="platform-row-location">
                    {p.location}
                  </ClampedText>
                ) : (
                  <Text c="dimmed">—</Text>
                )}
              </Table.Td>
              <Table.Td>
                <TagBadges tags={p.tags} maxWidth={200} />
              </Table.Td>
              <Table.Td ta="right" data-testid="platform-instance-count">
                {p.instanceCount}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

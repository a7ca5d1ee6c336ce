import { ActionIcon, Badge, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import type { LandingZone } from '../../bindings/LandingZone';
import type { Platform } from '../../bindings/Platform';
import { QueryError } from '../../components/QueryError';
import { useValidationSettings } from '../../validationQueries';
import { LandingZoneModal } from './LandingZoneModal';
import { useDeleteLandingZone, useLandingZones } from './offeringQueries';

/** The templates new tenants of the platform are created from. */
export function LandingZonesCard({ platform, readOnly }: { platform: Platform; readOnly: boolean }) {
  const zones = useLandingZones(platform.id);
  const settings = useValidationSettings(platform.id);
  const remove = useDeleteLandingZone(platform.id);
  const [editing, setEditing] = useState<LandingZone | 'new' | null>(null);
  const quotas = settings.data?.quotas ?? [];
  return (
    <Card withBorder radius="md" data-testid="landing-zones">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap">
          <Title order={4}>Landing zones</Title>
          {!readOnly && (
            <Button
              size="xs"
              variant="light"
              leftSection={<IconPlus size={14} />}
              onClick={() => setEditing('new')}
              data-testid="zone-add"
            >
              Add landing zone
            </Button>
          )}
        </Group>
        <Text size="sm" c="dimmed">
          What a new tenant starts with: its quotas (within the quota definitions) and whether an operator approves it.
          Publishing needs one that is not disabled; the validation suite can run in any of them.
        </Text>
        {zones.error && <QueryError title="Could not load the landing zones" error={zones.error} />}
        {zones.data?.length === 0 && (
          <Text size="sm" c="dimmed" data-testid="zones-empty">
            No landing zone yet.
          </Text>
        )}
        {zones.data && zones.data.length > 0 && (
          <Table.ScrollContainer minWidth={480} type="native">
            <Table verticalSpacing={4} data-testid="zones-table">
              <Table.Tbody>
                {zones.data.map((z) => (
                  <Table.Tr key={z.identifier} data-testid={`zone-${z.identifier}`}>
                    <Table.Td>
                      <Text size="sm" fw={500}>
                        {z.name}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {z.identifier}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">
                        {quotas.map((q) => `${q.label} ${z.quotas[q.key] ?? q.default} ${q.unit}`.trim()).join(' · ') ||
                          '—'}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {z.restricted && <Badge variant="outline">Restricted</Badge>}
                        {z.disabled && <Badge color="gray">Disabled</Badge>}
                      </Group>
                    </Table.Td>
                    {!readOnly && (
                      <Table.Td w={72}>
                        <Group gap={4} wrap="nowrap">
                          <ActionIcon variant="subtle" aria-label={`Edit ${z.identifier}`} onClick={() => setEditing(z)}>
                            <IconPencil size={16} />
                          </ActionIcon>
                          <ActionIcon
                            variant="subtle"
                            color="red"
                            aria-label={`Delete ${z.identifier}`}
                            onClick={() => remove.mutate(z.identifier)}
                          >
                            <IconTrash size={16} />
                          </ActionIcon>
                        </Group>
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
      {editing && (
        <LandingZoneModal
          platformId={platform.id}
          platformIdentifier={platform.identifier}
          quotas={quotas}
          zone={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
        />
      )}
    </Card>
  );
}

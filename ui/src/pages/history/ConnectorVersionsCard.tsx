import { useState } from 'react';
import { Badge, Button, Card, Group, Loader, Select, Stack, Table, Text, Title } from '@mantine/core';
import { IconArrowBackUp, IconPencil, IconVersions } from '@tabler/icons-react';
import type { ConnectorVersion } from '../../bindings/ConnectorVersion';
import type { Platform } from '../../bindings/Platform';
import { QueryError } from '../../components/QueryError';
import { usePlatformTypes } from '../../queries';
import { ConnectorEditModal } from '../integration/ConnectorEditModal';
import { ConnectorDiffView } from './ConnectorDiffView';
import { useConnectorDiff, useConnectorVersions, useRollBackConnector } from './connectorVersionQueries';

function saved(v: ConnectorVersion): string {
  const at = new Date(v.savedAt);
  const when = Number.isNaN(at.getTime()) ? v.savedAt : at.toLocaleString();
  return `${when} · ${v.user} · ${v.via}`;
}

function VersionTable({ versions }: { versions: ConnectorVersion[] }) {
  return (
    <Table fz="xs" verticalSpacing={2} data-testid="connector-versions">
      <Table.Tbody>
        {versions.map((v, i) => (
          <Table.Tr key={v.version} data-testid="connector-version">
            <Table.Td w={60}>
              <Text size="sm" fw={600}>
                v{v.version}
              </Text>
            </Table.Td>
            <Table.Td>
              <Text size="xs">{saved(v)}</Text>
            </Table.Td>
            <Table.Td w={190}>
              <Group gap={4} justify="flex-end">
                {i === 0 && (
                  <Badge size="xs" variant="light" color="green">
                    current
                  </Badge>
                )}
                {v.restoredFrom != null && (
                  <Badge size="xs" variant="light" color="gray" tt="none">
                    rolled back to v{v.restoredFrom}
                  </Badge>
                )}
                {v.removed && (
                  <Badge size="xs" variant="light" color="red" tt="none">
                    removed
                  </Badge>
                )}
              </Group>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function Compare({ identifier, versions }: { identifier: string; versions: ConnectorVersion[] }) {
  const current = versions[0].version;
  const [from, setFrom] = useState<number>(versions[1].version);
  const [to, setTo] = useState<number>(current);
  const diff = useConnectorDiff(identifier, from, to);
  const rollBack = useRollBackConnector(identifier);
  const options = versions.map((v) => ({ value: String(v.version), label: `v${v.version}` }));
  return (
    <Stack gap="xs">
      <Group gap="xs" align="flex-end">
        <Select
          size="xs"
          label="Compare"
          w={90}
          data={options}
          value={String(from)}
          allowDeselect={false}
          onChange={(v) => v && setFrom(Number(v))}
          data-testid="diff-from"
        />
        <Select
          size="xs"
          label="with"
          w={90}
          data={options}
          value={String(to)}
          allowDeselect={false}
          onChange={(v) => v && setTo(Number(v))}
          data-testid="diff-to"
        />
        {from !== current && (
          <Button
            size="xs"
            variant="light"
            leftSection={<IconArrowBackUp size={14} />}
            loading={rollBack.isPending}
            onClick={() => rollBack.mutate(from)}
            data-testid="connector-roll-back"
          >
            Roll back to v{from}
          </Button>
        )}
      </Group>
      {from === to && (
        <Text size="xs" c="dimmed">
          Pick two different versions to see what changed.
        </Text>
      )}
      {diff.isLoading && <Loader size="xs" />}
      {diff.error && <QueryError error={diff.error} title="The versions cannot be compared" />}
      {diff.data && <ConnectorDiffView diff={diff.data.diff} from={from} to={to} />}
    </Stack>
  );
}

/**
 * Every saved version of the type's connector, a side-by-side diff of any two, and
 * Roll back (which saves the old text as a new version: nothing is rewritten).
 */
export function ConnectorVersionsCard({ platform }: { platform: Platform }) {
  const identifier = platform.typeId;
  const [open, setOpen] = useState(false);
  const [editing, setEditing] = useState(false);
  const types = usePlatformTypes();
  const custom = types.data?.some((t) => t.identifier === identifier && !t.builtin) ?? false;
  const versions = useConnectorVersions(identifier, open);
  const list = versions.data ?? [];
  return (
    <Card withBorder data-testid="connector-versions-card">
      <Stack gap="sm">
        <Group justify="space-between">
          <div>
            <Title order={4}>Connector versions</Title>
            <Text size="xs" c="dimmed">
              Every save of {identifier}&apos;s connector; test runs record the version they ran against.
            </Text>
          </div>
          <Group gap="xs">
            {custom && (
              <Button
                size="xs"
                variant="light"
                leftSection={<IconPencil size={14} />}
                onClick={() => setEditing(true)}
                data-testid="connector-edit"
              >
                Edit connector
              </Button>
            )}
            <Button
              size="xs"
              variant="light"
              leftSection={<IconVersions size={14} />}
              onClick={() => setOpen((o) => !o)}
              data-testid="connector-versions-toggle"
            >
              {open ? 'Hide' : 'Show versions'}
            </Button>
          </Group>
        </Group>
        {open && versions.isLoading && <Loader size="xs" />}
        {open && versions.error && <QueryError error={versions.error} title="The versions cannot be read" />}
        {open && versions.data && list.length === 0 && (
          <Text size="sm" c="dimmed" data-testid="connector-versions-none">
            No saved versions: a built-in type runs the preset shipped with the app, and a custom type has none until
            its connector is saved.
          </Text>
        )}
        <ConnectorEditModal platform={platform} opened={editing} onClose={() => setEditing(false)} />
        {open && list.length > 0 && <VersionTable versions={list} />}
        {/* A new version (a roll back) compares afresh: the previous against the new current. */}
        {open && list.length > 1 && <Compare key={list[0].version} identifier={identifier} versions={list} />}
      </Stack>
    </Card>
  );
}

import { useMemo, useState } from 'react';
import { Alert, Badge, Button, Code, Group, Loader, Stack, Switch, Table, Text } from '@mantine/core';
import { IconRefresh, IconTrash } from '@tabler/icons-react';
import type { Instance } from '../../bindings/Instance';
import type { MarkedTenant } from '../../bindings/MarkedTenant';
import type { SweepReport } from '../../bindings/SweepReport';
import type { IpcFailure } from '../../ipc';
import { QueryError } from '../../components/QueryError';
import { WRAP_ANYWHERE } from '../../components/LongText';
import { RemoveLeftoversDialog } from './RemoveLeftoversDialog';
import { SweepResult } from './SweepResult';
import { useInstanceTenants, useSweepLeftovers } from './tenantQueries';

/** More rows than this are counted, not drawn: a platform may list tens of thousands. */
const SHOWN_ROWS = 500;

/** Leftovers first (they are what an administrator acts on), then by name. */
function ordered(tenants: MarkedTenant[]): MarkedTenant[] {
  return [...tenants].sort((a, b) => Number(b.leftover) - Number(a.leftover) || a.name.localeCompare(b.name));
}

/**
 * The tenants the platform lists for this instance, validation leftovers marked,
 * and the sweep that removes them after a confirmation naming each one.
 */
export function TenantsPanel({ instance, active }: { instance: Instance; active: boolean }) {
  const tenants = useInstanceTenants(instance.id, active);
  const sweep = useSweepLeftovers(instance.id);
  const [confirming, setConfirming] = useState(false);
  const [onlyLeftovers, setOnlyLeftovers] = useState(false);
  const [report, setReport] = useState<SweepReport | null>(null);
  const list = tenants.data;
  const rows = useMemo(() => ordered(list?.tenants ?? []), [list]);
  const leftovers = rows.filter((t) => t.leftover);
  const shown = (onlyLeftovers ? leftovers : rows).slice(0, SHOWN_ROWS);

  const remove = () =>
    sweep.mutate(
      leftovers.map((t) => t.id),
      {
        onSuccess: (r) => setReport(r),
        onSettled: () => setConfirming(false),
      },
    );

  return (
    <Stack data-testid="tenants-panel">
      <Group justify="space-between" align="flex-start">
        <Text size="sm" c="dimmed" style={{ flex: 1, minWidth: 240 }}>
          The tenants the platform lists (the connector&apos;s list_tenants, every page). Names like{' '}
          <Code style={{ whiteSpace: 'nowrap' }}>{list?.pattern ?? 'pb-validation-??????'}</Code> follow the validation convention: they are leftovers
          of runs that were stopped or could not clean up.
        </Text>
        <Group gap="xs">
          <Button
            variant="default"
            leftSection={<IconRefresh size={16} />}
            onClick={() => void tenants.refetch()}
            loading={tenants.isFetching}
            data-testid="tenants-refresh"
          >
            Refresh
          </Button>
          <Button
            color="red"
            variant="light"
            leftSection={<IconTrash size={16} />}
            disabled={leftovers.length === 0 || tenants.isFetching}
            onClick={() => setConfirming(true)}
            data-testid="tenants-remove-leftovers"
          >
            Remove leftovers{leftovers.length > 0 ? ` (${leftovers.length})` : ''}
          </Button>
        </Group>
      </Group>

      {report && <SweepResult report={report} onDismiss={() => setReport(null)} />}
      {tenants.isPending && tenants.isFetching && (
        <Group gap="xs">
          <Loader size="xs" />
          <Text size="sm" c="dimmed">
            Listing the platform&apos;s tenants…
          </Text>
        </Group>
      )}
      {tenants.isError && (
        <QueryError
          title="Could not list the tenants"
          error={tenants.error as IpcFailure}
          onRetry={() => void tenants.refetch()}
        />
      )}
      {list?.error && (
        <Alert color="orange" title={`The listing stopped at page ${list.pages}`} data-testid="tenants-partial">
          <Text size="sm" style={WRAP_ANYWHERE}>
            {list.error.message}
          </Text>
          <Text size="sm" c="dimmed">
            The tenants below are those of the pages read before it.
          </Text>
        </Alert>
      )}
      {list && (
        <>
          <Group justify="space-between">
            <Text size="sm" data-testid="tenants-summary">
              {list.tenants.length} tenant{list.tenants.length === 1 ? '' : 's'} in {list.pages} page
              {list.pages === 1 ? '' : 's'}, {leftovers.length} validation leftover{leftovers.length === 1 ? '' : 's'}
            </Text>
            <Switch
              label="Only leftovers"
              checked={onlyLeftovers}
              onChange={(e) => setOnlyLeftovers(e.currentTarget.checked)}
              data-testid="tenants-only-leftovers"
            />
          </Group>
          {shown.length > 0 ? (
            <Table.ScrollContainer minWidth={0}>
              <Table striped layout="fixed" data-testid="tenants-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Name</Table.Th>
                    <Table.Th>Id</Table.Th>
                    <Table.Th w={170}>Kind</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {shown.map((t) => (
                    <Table.Tr key={t.id} data-testid="tenant-row" data-leftover={t.leftover}>
                      <Table.Td style={WRAP_ANYWHERE}>{t.name}</Table.Td>
                      <Table.Td style={WRAP_ANYWHERE}>
                        <Text size="xs" ff="monospace">
                          {t.id}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        {t.leftover && (
                          <Badge color="orange" variant="light" tt="none">
                            validation leftover
                          </Badge>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          ) : (
            <Text size="sm" c="dimmed" data-testid="tenants-empty">
              {onlyLeftovers ? 'No validation leftovers.' : 'The platform lists no tenants.'}
            </Text>
          )}
          {(onlyLeftovers ? leftovers : rows).length > SHOWN_ROWS && (
            <Text size="xs" c="dimmed">
              Showing the first {SHOWN_ROWS} (leftovers first).
            </Text>
          )}
        </>
      )}

      <RemoveLeftoversDialog
        opened={confirming}
        instanceName={instance.name}
        pattern={list?.pattern ?? ''}
        leftovers={leftovers}
        loading={sweep.isPending}
        onConfirm={remove}
        onClose={() => setConfirming(false)}
      />
    </Stack>
  );
}

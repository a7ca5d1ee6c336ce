import { Badge, Card, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import YAML from 'yaml';
import type { ConnectorDefinition } from '../../bindings/ConnectorDefinition';
import type { Operation } from '../../bindings/Operation';
import { QueryError } from '../../components/QueryError';
import { registryIpc } from '../../ipcRegistry';
import { useInstances } from '../../queries';
import { ConnectorOrigins } from './ConnectorOrigins';

const OPERATIONS: [Operation, string][] = [
  ['check', 'Check'],
  ['create_tenant', 'Create tenant'],
  ['get_tenant', 'Read tenant'],
  ['delete_tenant', 'Delete tenant'],
  ['add_user', 'Add user'],
  ['list_users', 'List users'],
  ['remove_user', 'Remove user'],
  ['set_quota', 'Set quota'],
  ['get_quota', 'Read quota'],
  ['probe_quota', 'Probe quota'],
  ['list_tenants', 'List tenants'],
];

const AUTH_NAMES: Record<string, string> = {
  none: 'No authentication',
  api_key: 'API key',
  bearer: 'Bearer token',
  basic: 'Basic',
  oauth2_client_credentials: 'OAuth2 client credentials',
  mutual_tls: 'Mutual TLS',
  hmac_signature: 'HMAC signature',
  login: 'Session login',
};

interface Summary {
  auth: string;
  defined: Set<Operation>;
  /** Operations deliberately left out, with the reason. */
  unsupported: Partial<Record<Operation, string>>;
}

/** Which operations the connector defines, read from its definition text. */
function summarise(text: string): Summary | null {
  try {
    const def = YAML.parse(text) as ConnectorDefinition;
    const unsupported = def.unsupported ?? {};
    if (def.kind === 'exec') return { auth: 'Program (exec)', defined: new Set(def.operations), unsupported };
    return {
      auth: AUTH_NAMES[def.auth?.type ?? 'none'] ?? def.auth?.type ?? 'none',
      defined: new Set(Object.keys(def.operations ?? {}) as Operation[]),
      unsupported,
    };
  } catch {
    return null;
  }
}

/**
 * The platform page's view of its type's connector: how it authenticates, where it
 * sends requests and what it can do.
 */
export function IntegrationSummaryCard({ typeId, platformId }: { typeId: string; platformId: string }) {
  const connector = useQuery({
    queryKey: ['connector', typeId],
    queryFn: () => registryIpc.getConnector(typeId),
  });
  // The same query the instances section runs: no second call.
  const instances = useInstances(platformId);
  const summary = connector.data ? summarise(connector.data) : null;
  return (
    <Card withBorder radius="md" data-testid="integration-summary">
      <Stack gap="xs">
        <Title order={4}>Connector</Title>
        {connector.isPending && <Loader size="sm" aria-label="Loading the connector" />}
        {connector.isError && <QueryError error={connector.error} title="Could not load the connector" />}
        {connector.isSuccess && !connector.data && (
          <Text c="dimmed">
            The platform type {typeId} has no connector yet, so its instances cannot be tested. Define one in the
            type's integration step.
          </Text>
        )}
        {summary && (
          <>
            <Text size="sm">Authentication: {summary.auth}</Text>
            {connector.data && (
              <ConnectorOrigins text={connector.data} endpoints={(instances.data ?? []).map((i) => i.endpoint)} />
            )}
            <Group gap={6}>
              {OPERATIONS.map(([op, label]) => {
                const defined = summary.defined.has(op);
                const reason = defined ? undefined : summary.unsupported[op];
                return (
                  <Badge
                    key={op}
                    variant={defined ? 'light' : 'outline'}
                    color={defined ? 'teal' : 'gray'}
                    title={reason === undefined ? undefined : `Not supported: ${reason}`}
                  >
                    {label}
                    {defined ? '' : reason === undefined ? ' — not defined' : ' — not supported'}
                  </Badge>
                );
              })}
            </Group>
          </>
        )}
      </Stack>
    </Card>
  );
}

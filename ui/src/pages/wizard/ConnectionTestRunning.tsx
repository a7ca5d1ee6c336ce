import { Group, Loader, Stack, Text } from '@mantine/core';
import type { Stage } from '../../bindings/Stage';
import { StageList } from '../validation/StageList';

const STAGE_ORDER = ['dns', 'tcp', 'tls', 'auth', 'probe'] as const;
const STAGE_NAMES: Record<string, string> = { dns: 'DNS', tcp: 'TCP', tls: 'TLS', auth: 'authentication', probe: 'the API probe' };

/** While a test runs: each stage as it completes, and the one being worked on. */
export function ConnectionTestRunning({ live = [] }: { live?: Stage[] }) {
  const next = STAGE_ORDER.find((name) => !live.some((s) => s.name === name));
  return (
    <Stack gap="xs" data-testid="connection-test-running">
      {live.length > 0 && <StageList test={{ stages: live, exchanges: [], status: 'ok' }} />}
      <Group gap="xs">
        <Loader size="sm" />
        <Text size="sm" c="dimmed">
          {next ? `Testing ${STAGE_NAMES[next]}…` : 'Finishing the test…'}
        </Text>
      </Group>
    </Stack>
  );
}

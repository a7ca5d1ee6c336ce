import { useState } from 'react';
import { Alert, Button, Card, Group, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconShieldCheck, IconShieldOff, IconTerminal2 } from '@tabler/icons-react';
import type { ExecTrustState } from '../../bindings/ExecTrustState';
import { QueryError } from '../../components/QueryError';
import { ExecProgramDetails } from './ExecProgramDetails';
import { execTrustStatus } from './execTrustModel';
import { useExecTrust, useWithdrawExecTrust } from './execTrustQueries';
import { TrustExecModal } from './TrustExecModal';

/**
 * The program a platform type's exec connector runs on this machine, and whether
 * this machine has agreed to run it. Definition files come from other people, so
 * the connector does not run until an administrator has read this and trusted it.
 * Renders nothing for a type whose connector is not an exec connector, or that
 * does not exist (yet: the wizard may show a type before it is saved).
 */
export function ExecTrustPanel({ identifier }: { identifier: string }) {
  const state = useExecTrust(identifier);
  // Nothing while loading: most connectors are not exec connectors, and a spinner
  // for a panel that then does not appear would only distract.
  if (state.isPending) return null;
  if (state.isError) {
    if (state.error.code === 'not_found') return null;
    return (
      <QueryError
        title="Could not check the program this connector runs"
        error={state.error}
        onRetry={() => void state.refetch()}
      />
    );
  }
  if (!state.data) return null;
  return <ExecTrustCard identifier={identifier} state={state.data} />;
}

// The identifier the query was made with (not state.platformType), so the
// mutations invalidate the very query this card shows.
function ExecTrustCard({ identifier, state }: { identifier: string; state: ExecTrustState }) {
  const status = execTrustStatus(state);
  const withdraw = useWithdrawExecTrust(identifier);
  const [reviewing, setReviewing] = useState(false);

  return (
    <Card
      withBorder
      radius="md"
      // Set apart from the cards around it: this is about code running on this machine.
      style={{ borderLeft: `4px solid var(--mantine-color-${status.color}-6)`, minWidth: 0 }}
      data-testid="exec-trust-panel"
      data-status={status.kind}
    >
      <Stack gap="sm" style={{ minWidth: 0 }}>
        <Group gap="xs" wrap="nowrap">
          <ThemeIcon variant="light" color={status.color} size="md">
            <IconTerminal2 size={18} />
          </ThemeIcon>
          <Title order={4}>Runs a local program</Title>
        </Group>
        <Text size="sm" c="dimmed">
          The connector of {identifier} runs a program on this machine for each operation. Definition files can come
          from anyone, so Platform Builder runs it only once it is trusted here.
        </Text>
        <Alert color={status.color} variant="light" p="xs" data-testid="exec-trust-status" data-status={status.kind}>
          <Text size="sm" fw={500}>
            {status.label}
          </Text>
        </Alert>
        {state.problem && (
          <Text size="sm" c="red" style={{ overflowWrap: 'anywhere' }} data-testid="exec-trust-problem">
            {state.problem}
          </Text>
        )}
        {state.fingerprint && <ExecProgramDetails fingerprint={state.fingerprint} />}
        {(status.canTrust || status.canWithdraw) && (
          <Group gap="xs">
            {status.canTrust && (
              <Button
                color="orange"
                leftSection={<IconShieldCheck size={16} />}
                onClick={() => setReviewing(true)}
                data-testid="exec-trust-open"
              >
                Trust this program…
              </Button>
            )}
            {status.canWithdraw && (
              <Button
                variant="light"
                color="red"
                leftSection={<IconShieldOff size={16} />}
                onClick={() => withdraw.mutate()}
                loading={withdraw.isPending}
                data-testid="exec-trust-withdraw"
              >
                Withdraw trust
              </Button>
            )}
          </Group>
        )}
      </Stack>
      <TrustExecModal identifier={identifier} opened={reviewing} onClose={() => setReviewing(false)} />
    </Card>
  );
}

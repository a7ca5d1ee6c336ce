import { useState } from 'react';
import { Badge, Button, Group, Paper, Stack, Text } from '@mantine/core';
import type { ConnectionTest } from '../../bindings/ConnectionTest';
import { WRAP_ANYWHERE } from '../../components/LongText';
import { ExchangeList } from './ExchangeList';
import { formatDuration, statusColor } from './format';

/** The stages of a connection test (DNS, TCP, TLS, auth, probe), stored or fresh. */
export function StageList({ test }: { test: ConnectionTest }) {
  const [showExchanges, setShowExchanges] = useState(false);
  const failed = test.stages.some((s) => s.status === 'failed');
  return (
    <Stack gap={6} data-testid="connection-stages">
      {test.stages.map((stage) => (
        <Paper key={stage.name} withBorder p="xs" data-testid="connection-stage" data-status={stage.status}>
          <Group gap="xs" wrap="nowrap" align="flex-start">
            <Badge color={statusColor(stage.status)} variant="light" tt="none" w={92} style={{ flexShrink: 0 }}>
              {stage.status}
            </Badge>
            <Text size="sm" fw={500} w={56} style={{ flexShrink: 0 }}>
              {stage.name.toUpperCase()}
            </Text>
            <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
              <Text size="sm" style={WRAP_ANYWHERE}>
                {stage.message}
              </Text>
              {stage.detail && (
                <Text size="xs" c="dimmed" style={WRAP_ANYWHERE}>
                  {stage.detail}
                </Text>
              )}
              {stage.remediation && (
                <Text size="xs" c="dimmed" style={WRAP_ANYWHERE}>
                  {stage.remediation}
                </Text>
              )}
            </Stack>
            {stage.status !== 'skipped' && (
              <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
                {formatDuration(stage.durationMs)}
              </Text>
            )}
          </Group>
        </Paper>
      ))}
      {/* As with validation steps, the requests are offered only when something failed. */}
      {failed && test.exchanges.length > 0 && (
        <Group>
          <Button size="compact-xs" variant="subtle" onClick={() => setShowExchanges((s) => !s)}>
            {showExchanges ? 'Hide requests' : `Show requests (${test.exchanges.length})`}
          </Button>
        </Group>
      )}
      {showExchanges && <ExchangeList exchanges={test.exchanges} />}
    </Stack>
  );
}

import { useId, useState } from 'react';
import { Badge, Button, Code, Group, Paper, Stack, Text } from '@mantine/core';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import type { ConnectionTest } from '../../bindings/ConnectionTest';
import type { Stage } from '../../bindings/Stage';
import { WRAP_ANYWHERE } from '../../components/LongText';
import { ExecNotTrustedHint } from '../types/ExecNotTrustedHint';
import { ExchangeList } from './ExchangeList';
import { formatDuration, statusColor } from './format';

// Capped so that an open detail (response headers and a body excerpt) still leaves
// the other stages on a 1024×768 window; the rest scrolls inside the block.
const DETAIL_STYLE = { maxHeight: 200, overflow: 'auto', whiteSpace: 'pre-wrap', ...WRAP_ANYWHERE } as const;

/**
 * A stage's detail (for auth and probe: the request line, the response headers
 * and a body excerpt, redacted by Rust), collapsed until asked for.
 */
function StageDetail({ stage }: { stage: Stage }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const name = stage.name.toUpperCase();
  return (
    <>
      <Group>
        <Button
          size="compact-xs"
          variant="subtle"
          leftSection={open ? <IconChevronDown size={12} /> : <IconChevronRight size={12} />}
          onClick={() => setOpen((o) => !o)}
          aria-expanded={open}
          aria-controls={open ? id : undefined}
          aria-label={`${open ? 'Hide details' : 'Details'} of the ${name} stage`}
          data-testid="stage-detail-toggle"
        >
          {open ? 'Hide details' : 'Details'}
        </Button>
      </Group>
      {open && (
        // Focusable, so the keyboard can scroll a long detail too.
        <Code
          block
          id={id}
          tabIndex={0}
          role="region"
          aria-label={`Details of the ${name} stage`}
          style={DETAIL_STYLE}
          data-testid="stage-detail"
        >
          {stage.detail}
        </Code>
      )}
    </>
  );
}

/** The stages of a connection test (DNS, TCP, TLS, auth, probe), stored or fresh. */
export function StageList({ test }: { test: ConnectionTest }) {
  const [showExchanges, setShowExchanges] = useState(false);
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
              {stage.remediation && (
                <Text size="xs" c="dimmed" style={WRAP_ANYWHERE}>
                  {stage.remediation}
                </Text>
              )}
              {/* `code` is absent from runs stored before stages carried one. */}
              <ExecNotTrustedHint code={stage.code} />
              {stage.detail && <StageDetail stage={stage} />}
            </Stack>
            {stage.status !== 'skipped' && (
              <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
                {formatDuration(stage.durationMs)}
              </Text>
            )}
          </Group>
        </Paper>
      ))}
      {/* Every request and response of the test, a passed one's too; collapsed until asked for. */}
      {test.exchanges.length > 0 && (
        <Group>
          <Button
            size="compact-xs"
            variant="subtle"
            leftSection={showExchanges ? <IconChevronDown size={12} /> : <IconChevronRight size={12} />}
            onClick={() => setShowExchanges((s) => !s)}
            aria-expanded={showExchanges}
            data-testid="stage-exchanges-toggle"
          >
            {showExchanges ? 'Hide requests' : `Show requests (${test.exchanges.length})`}
          </Button>
        </Group>
      )}
      {showExchanges && test.exchanges.length > 0 && <ExchangeList exchanges={test.exchanges} />}
    </Stack>
  );
}

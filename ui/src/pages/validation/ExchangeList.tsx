import { Badge, Code, Group, Stack, Text } from '@mantine/core';
import type { Exchange } from '../../bindings/Exchange';
import { WRAP_ANYWHERE } from '../../components/LongText';
import { formatDuration } from './format';

const BODY_STYLE = { maxHeight: 240, overflow: 'auto', whiteSpace: 'pre-wrap', ...WRAP_ANYWHERE } as const;

function Body({ label, body, testId }: { label: string; body: string | null; testId: string }) {
  if (body === null || body === '') return null;
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Code block data-testid={testId} style={BODY_STYLE}>
        {body}
      </Code>
    </Stack>
  );
}

/**
 * The requests of a step or a connection test. Only method, URL, status, duration and the
 * bodies are shown: the backend redacts secrets in all of it, but headers are
 * where credentials travel, so they are left out rather than trusted to masking.
 */
export function ExchangeList({ exchanges }: { exchanges: Exchange[] }) {
  if (exchanges.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid="exchanges-empty">
        No request was sent in this step.
      </Text>
    );
  }
  return (
    <Stack gap="sm" data-testid="exchanges">
      {exchanges.map((exchange, i) => (
        <Stack key={i} gap={4} data-testid="exchange">
          <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
            <Badge variant="outline" tt="none" data-testid="exchange-method" style={{ flexShrink: 0 }}>
              {exchange.method}
            </Badge>
            <Text size="sm" ff="monospace" data-testid="exchange-url" style={{ ...WRAP_ANYWHERE, flex: 1 }}>
              {exchange.url}
            </Text>
            <Badge
              variant="light"
              tt="none"
              color={exchange.status !== null && exchange.status < 400 ? 'teal' : 'red'}
              data-testid="exchange-status"
              style={{ flexShrink: 0 }}
            >
              {exchange.status ?? 'no response'}
            </Badge>
            <Text size="xs" c="dimmed" data-testid="exchange-duration" style={{ flexShrink: 0 }}>
              {formatDuration(exchange.durationMs)}
            </Text>
          </Group>
          <Body label="Request body" body={exchange.requestBody} testId="exchange-request-body" />
          <Body label="Response body" body={exchange.responseBody} testId="exchange-response-body" />
        </Stack>
      ))}
    </Stack>
  );
}

import { Code, Group, Text } from '@mantine/core';
import YAML from 'yaml';

/**
 * The origins an HTTP connector's requests (and with them its credentials) may go
 * to: the instance's endpoint, plus what the connector declares in
 * `allowedOrigins`. Null for exec connectors and text that does not parse.
 */
export function allowedOriginsOf(text: string): string[] | null {
  try {
    const def = YAML.parse(text) as { kind?: string; allowedOrigins?: unknown };
    if (def?.kind !== 'http') return null;
    const declared = Array.isArray(def.allowedOrigins) ? def.allowedOrigins : [];
    return declared.filter((o): o is string => typeof o === 'string');
  } catch {
    return null;
  }
}

/** "Sends requests to …": shown where a reviewer decides whether to use the type. */
export function ConnectorOrigins({ text }: { text: string }) {
  const origins = allowedOriginsOf(text);
  if (origins === null) return null;
  return (
    <Group gap={6} data-testid="connector-allowed-origins" wrap="wrap">
      <Text size="sm">
        {origins.length === 0
          ? "Sends requests only to each instance's endpoint: its credentials go nowhere else."
          : "Sends requests to each instance's endpoint and also, with its credentials, to:"}
      </Text>
      {origins.map((o) => (
        <Code key={o} style={{ overflowWrap: 'anywhere' }}>
          {o}
        </Code>
      ))}
    </Group>
  );
}

import { Fragment } from 'react';
import { Code, Stack, Text } from '@mantine/core';
import YAML from 'yaml';

/**
 * The origins an HTTP connector's requests (and with them its credentials) may go
 * to besides the instance's endpoint: what it declares in `allowedOrigins`. Null
 * for exec connectors and text that does not parse.
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

/**
 * The origins of the instances' endpoints, as the engine compares them
 * (`scheme://host[:port]`, default ports left out), each once.
 */
export function endpointOrigins(endpoints: string[]): string[] {
  const origins: string[] = [];
  for (const endpoint of endpoints) {
    try {
      const url = new URL(endpoint);
      if ((url.protocol === 'http:' || url.protocol === 'https:') && !origins.includes(url.origin)) {
        origins.push(url.origin);
      }
    } catch {
      // Not a URL: the instance form already says so; there is no origin to show.
    }
  }
  return origins;
}

/** Origins inline in monospace, separated by commas, so the line also reads as text. */
function Origins({ origins }: { origins: string[] }) {
  return origins.map((o, i) => (
    <Fragment key={o}>
      {i > 0 && ', '}
      <Code style={{ overflowWrap: 'anywhere' }}>{o}</Code>
    </Fragment>
  ));
}

/**
 * "Sends requests to: …": shown where a reviewer decides whether to use the type
 * (the wizard's review step, the platform page's connector card). `endpoints` are
 * the instances' endpoints, when known.
 */
export function ConnectorOrigins({ text, endpoints = [] }: { text: string; endpoints?: string[] }) {
  const declared = allowedOriginsOf(text);
  if (declared === null) return null;
  const home = endpointOrigins(endpoints);
  return (
    <Stack gap={2} data-testid="connector-allowed-origins">
      <Text size="sm">
        Sends requests to: {home.length ? <Origins origins={home} /> : "each instance's endpoint"}
        {declared.length === 0 && ' only'}
      </Text>
      {declared.length > 0 && (
        <Text size="sm" data-testid="connector-declared-origins">
          Also sends requests to: <Origins origins={declared} />{' '}
          <Text span size="xs" c="dimmed">
            (declared in allowedOrigins; they receive the instance's credentials)
          </Text>
        </Text>
      )}
    </Stack>
  );
}

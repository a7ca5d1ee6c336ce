import { MantineProvider } from '@mantine/core';
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { parseConnector, serializeConnector } from '../integration/model';
import { allowedOriginsOf, ConnectorOrigins } from './ConnectorOrigins';

const WITH_IDP = `apiVersion: platformbuilder.dev/connector/v1
kind: http
allowedOrigins: [https://login.example.com]
operations:
  check:
    requests: [{method: GET, path: /health}]
`;

describe('allowedOrigins', () => {
  it('the connector model keeps them through an edit', () => {
    const parsed = parseConnector(WITH_IDP);
    expect(parsed.kind).toBe('http');
    if (parsed.kind !== 'http') return;
    expect(parsed.def.allowedOrigins).toEqual(['https://login.example.com']);
    const written = serializeConnector({ ...parsed.def, headers: { Accept: 'application/json' } }, WITH_IDP);
    expect(written).toContain('allowedOrigins');
    expect(written).toContain('https://login.example.com');
    const cleared = serializeConnector({ ...parsed.def, allowedOrigins: [] }, WITH_IDP);
    expect(cleared).not.toContain('allowedOrigins');
  });

  it('a list that is not of strings is a shape error', () => {
    const parsed = parseConnector(WITH_IDP.replace('[https://login.example.com]', '{a: 1}'));
    expect(parsed.kind).toBe('error');
  });

  it('shows the declared origins, or that requests go only to the endpoint', () => {
    expect(allowedOriginsOf('kind: exec\ncommand: [x]')).toBeNull();
    render(
      <MantineProvider>
        <ConnectorOrigins text={WITH_IDP} />
      </MantineProvider>,
    );
    const shown = screen.getByTestId('connector-allowed-origins');
    expect(shown).toHaveTextContent('also, with its credentials, to:');
    expect(shown).toHaveTextContent('https://login.example.com');
  });

  it('says requests go nowhere else when none are declared', () => {
    render(
      <MantineProvider>
        <ConnectorOrigins text={WITH_IDP.replace('allowedOrigins: [https://login.example.com]\n', '')} />
      </MantineProvider>,
    );
    expect(screen.getByTestId('connector-allowed-origins')).toHaveTextContent("only to each instance's endpoint");
  });
});

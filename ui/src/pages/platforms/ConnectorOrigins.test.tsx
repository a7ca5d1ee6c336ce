import { MantineProvider } from '@mantine/core';
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { parseConnector, serializeConnector } from '../integration/model';
import { allowedOriginsOf, ConnectorOrigins, endpointOrigins } from './ConnectorOrigins';

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

  it('shows the declared origins beside the endpoint origin', () => {
    expect(allowedOriginsOf('kind: exec\ncommand: [x]')).toBeNull();
    render(
      <MantineProvider>
        <ConnectorOrigins text={WITH_IDP} endpoints={['https://api.example.com:443/v1/']} />
      </MantineProvider>,
    );
    const shown = screen.getByTestId('connector-allowed-origins');
    expect(shown).toHaveTextContent('Sends requests to: https://api.example.com');
    expect(shown).not.toHaveTextContent('only');
    const declared = screen.getByTestId('connector-declared-origins');
    expect(declared).toHaveTextContent('Also sends requests to: https://login.example.com');
    expect(screen.getByText('https://login.example.com').tagName).toBe('CODE');
  });

  it('says requests go to the endpoint only when none are declared', () => {
    const bare = WITH_IDP.replace('allowedOrigins: [https://login.example.com]\n', '');
    const { rerender } = render(
      <MantineProvider>
        <ConnectorOrigins text={bare} endpoints={['https://api.example.com/v1']} />
      </MantineProvider>,
    );
    expect(screen.getByTestId('connector-allowed-origins')).toHaveTextContent(
      'Sends requests to: https://api.example.com only',
    );
    expect(screen.queryByTestId('connector-declared-origins')).not.toBeInTheDocument();
    rerender(
      <MantineProvider>
        <ConnectorOrigins text={bare} />
      </MantineProvider>,
    );
    expect(screen.getByTestId('connector-allowed-origins')).toHaveTextContent(
      "Sends requests to: each instance's endpoint only",
    );
  });

  it('compares endpoints by origin, as the engine does', () => {
    expect(
      endpointOrigins([
        'https://api.example.com/v1',
        'https://API.example.com:443/v2',
        'http://127.0.0.1:8080/x',
        'not a url',
        'ftp://files.example.com',
      ]),
    ).toEqual(['https://api.example.com', 'http://127.0.0.1:8080']);
  });
});

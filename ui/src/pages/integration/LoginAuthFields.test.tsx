import { describe, expect, it } from 'vitest';
import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { EditorView } from '@codemirror/view';
import YAML from 'yaml';
import { installIntegrationBackend, PRESETS } from '../../test/fakeIntegration';
import { BUILTIN_TYPES, customType } from '../../test/fixtures';
import { renderWithProviders } from '../../test/render';
import { AuthSettings } from './AuthSettings';

const SLOW = { timeout: 15_000 };
const GENERIC = PRESETS[0].definition;
const LOGIN = 'Session login (token from a login request)';

const KEYSTONE = GENERIC.replace(
  /auth:\n {2}type: api_key\n {2}header: X-API-Key\n {2}secret: api_key\n/,
  `auth:
  type: login
  secret: os_password
  request:
    method: POST
    path: /v3/auth/tokens
    body:
      json:
        auth: { identity: { methods: [password], password: { user: { name: "{{ fields.username }}", password: "{{ secrets.os_password }}" } } } }
    expect: [201]
  token:
    header: X-Subject-Token
  expiresAt: /token/expires_at
  send:
    X-Auth-Token: "{{ token }}"
`,
);

function setup(connectors: Record<string, string>) {
  const type = customType();
  const backend = installIntegrationBackend({ types: [...BUILTIN_TYPES, type], integration: { connectors } });
  const user = userEvent.setup();
  renderWithProviders(<AuthSettings type={type} />);
  const saved = () =>
    backend.callsTo('set_platform_type_connector').map((c) => YAML.parse(c.args.definition as string) as { auth: Record<string, unknown> });
  return { user, saved };
}

const save = () => screen.getByRole('button', { name: 'Save authentication' });

describe('session login settings', SLOW, () => {
  it("shows a stored login's fields and saves it back unchanged", async () => {
    const { user, saved } = setup({ KAFKA: KEYSTONE });
    expect(await screen.findByRole('combobox', { name: 'Authentication scheme' })).toHaveValue('login');
    expect(screen.getByRole('combobox', { name: 'Method' })).toHaveValue('POST');
    expect(screen.getByTestId('auth-loginPath')).toHaveValue('/v3/auth/tokens');
    expect(screen.getByRole('textbox', { name: /^Expected statuses/ })).toHaveValue('201');
    expect(screen.getByRole('radio', { name: 'A response header' })).toBeChecked();
    expect(screen.getByRole('textbox', { name: /^Token header/ })).toHaveValue('X-Subject-Token');
    expect(screen.getByRole('textbox', { name: /^Expiry pointer/ })).toHaveValue('/token/expires_at');
    expect(screen.getByTestId('auth-send-key-0')).toHaveValue('X-Auth-Token');
    expect(screen.getByTestId('auth-send-value-0')).toHaveValue('{{ token }}');
    expect(screen.getByRole('textbox', { name: 'Secret name' })).toHaveValue('os_password');
    expect(screen.queryByTestId('auth-login-secret-unused')).not.toBeInTheDocument();
    expect(screen.getByTestId('auth-credential-note')).toHaveTextContent('the password (or key) the login request sends');

    await user.click(save());
    await waitFor(() => expect(saved()).toHaveLength(1));
    expect(saved()[0].auth).toEqual(YAML.parse(KEYSTONE).auth);
  });

  it('edits a login whose token is in the body, with a lifetime and a bearer header', async () => {
    const { user, saved } = setup({ KAFKA: KEYSTONE });
    await user.click(await screen.findByRole('radio', { name: 'The response body' }));
    await user.type(screen.getByRole('textbox', { name: /^Token pointer/ }), '/access_token');
    await user.type(screen.getByRole('textbox', { name: /^Token lifetime/ }), '900');
    await user.clear(screen.getByTestId('auth-send-key-0'));
    await user.type(screen.getByTestId('auth-send-key-0'), 'Authorization');
    await user.clear(screen.getByTestId('auth-send-value-0'));
    await user.type(screen.getByTestId('auth-send-value-0'), 'Bearer {{{{ token }}');
    await user.click(save());

    await waitFor(() => expect(saved()).toHaveLength(1));
    expect(saved()[0].auth).toMatchObject({
      token: { pointer: '/access_token' },
      lifetimeSeconds: 900,
      send: { Authorization: 'Bearer {{ token }}' },
    });
    expect(saved()[0].auth.token).not.toHaveProperty('header');
  });

  it('names each problem under its input and sends nothing', async () => {
    const { user, saved } = setup({ KAFKA: KEYSTONE });
    await user.clear(await screen.findByTestId('auth-loginPath'));
    await user.click(screen.getByRole('radio', { name: 'The response body' }));
    await user.type(screen.getByRole('textbox', { name: /^Token lifetime/ }), '-5');
    await user.clear(screen.getByTestId('auth-send-value-0'));
    await user.type(screen.getByTestId('auth-send-value-0'), 'static');
    await user.click(save());

    expect(screen.getByTestId('auth-loginPath-error')).toHaveTextContent('Enter the login path');
    expect(screen.getByTestId('auth-tokenPointer-error')).toHaveTextContent('Enter the JSON Pointer or JMESPath to the token');
    expect(screen.getByTestId('auth-lifetimeSeconds-error')).toHaveTextContent('Enter a whole number of seconds above 0');
    expect(screen.getByTestId('auth-send-error')).toHaveTextContent(
      'At least one header must carry {{ token }}, e.g. X-Auth-Token: {{ token }}',
    );
    expect(saved()).toHaveLength(0);
  });

  it('marks a JSON body that does not parse', async () => {
    const { user, saved } = setup({ KAFKA: GENERIC });
    await user.selectOptions(await screen.findByRole('combobox', { name: 'Authentication scheme' }), LOGIN);
    const view = EditorView.findFromDOM(screen.getByRole('textbox', { name: 'Login body (JSON template)' }));
    // Set as the editor does on typing (jsdom cannot lay CodeMirror out for typing).
    act(() => view!.dispatch({ changes: { from: 0, to: view!.state.doc.length, insert: '{"user": {{ fields.username }}}' } }));
    await user.click(save());
    expect(screen.getByTestId('auth-loginBody-error')).toHaveTextContent('The login body is not valid JSON');
    expect(saved()).toHaveLength(0);
  });

  it('keeps the login values while another scheme is tried', async () => {
    const { user, saved } = setup({ KAFKA: GENERIC });
    const scheme = await screen.findByRole('combobox', { name: 'Authentication scheme' });
    await user.selectOptions(scheme, LOGIN);
    // The connector's secret is still api_key, which the default body does not read.
    expect(screen.getByTestId('auth-login-secret-unused')).toHaveTextContent('The login request does not use {{ secrets.api_key }}');
    await user.clear(screen.getByTestId('auth-loginPath'));
    await user.type(screen.getByTestId('auth-loginPath'), '/session');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Method' }), 'PUT');
    await user.click(screen.getByRole('radio', { name: 'The response body' }));
    await user.type(screen.getByRole('textbox', { name: /^Token pointer/ }), '/data/token');

    await user.selectOptions(scheme, 'Bearer token');
    expect(screen.queryByTestId('auth-login')).not.toBeInTheDocument();
    await user.selectOptions(scheme, LOGIN);
    expect(screen.getByTestId('auth-loginPath')).toHaveValue('/session');
    expect(screen.getByRole('textbox', { name: /^Token pointer/ })).toHaveValue('/data/token');

    await user.clear(screen.getByRole('textbox', { name: 'Secret name' }));
    await user.type(screen.getByRole('textbox', { name: 'Secret name' }), 'password');
    await user.click(save());
    await waitFor(() => expect(saved()).toHaveLength(1));
    expect(saved()[0].auth).toMatchObject({
      type: 'login',
      secret: 'password',
      request: { method: 'PUT', path: '/session', body: { json: { password: '{{ secrets.password }}' } } },
      token: { pointer: '/data/token' },
      send: { 'X-Auth-Token': '{{ token }}' },
    });
  });
});

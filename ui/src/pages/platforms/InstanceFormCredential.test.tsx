import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { BUILTIN_TYPES, customType, instance, platform } from '../../test/fixtures';
import { installBackend, ipcError } from '../../test/fakeBackend';
import { OPENSTACK_KEYSTONE } from '../../test/fakeIntegration';
import { renderWithProviders } from '../../test/render';
import { PlatformsPage } from '../PlatformsPage';

// The credential in the Add / Edit instance dialog: asked for in the words of the
// connector's auth scheme, used by Test connection, stored in the OS keyring once
// the instance exists, and never part of what is saved in the database.

const TYPES = [...BUILTIN_TYPES, customType()];
const SECRET = 'pw-3f2e1d0c9b';
const CONFIGURED = { configured: true, version: 1, updatedAt: '2025-05-01T10:00:00Z', problem: null };

const connector = (auth: string) =>
  [
    'apiVersion: platformbuilder.dev/connector/v1',
    'kind: http',
    `auth: ${auth}`,
    'operations:',
    '  check: {requests: [{method: GET, path: /}]}',
  ].join('\n');
const BASIC = connector('{type: basic, username: alice, secret: password}');

async function openDetail(options: Parameters<typeof installBackend>[0] = {}) {
  const backend = installBackend({ types: TYPES, platforms: [platform()], ...options });
  const user = userEvent.setup();
  renderWithProviders(<PlatformsPage />);
  await user.click(await screen.findByTestId('platform-row'));
  await screen.findByTestId('platform-detail');
  return { backend, user };
}

async function openAddForm(options: Parameters<typeof installBackend>[0] = {}) {
  const opened = await openDetail(options);
  await opened.user.click(screen.getByTestId('new-instance-button'));
  await screen.findByTestId('instance-name');
  return opened;
}

async function fillInstance(user: ReturnType<typeof userEvent.setup>) {
  await user.type(screen.getByTestId('instance-name'), 'staging-eu');
  await user.click(screen.getByTestId('environment-chip-staging'));
}

describe('the credential in the instance dialog', () => {
  it('takes the password of a Basic-auth connector, tests with it and stores it in the keyring once the instance is added', async () => {
    const { backend, user } = await openAddForm({ overrides: { get_platform_type_connector: () => BASIC } });
    await fillInstance(user);

    const password = await screen.findByLabelText('Password');
    expect(password).toHaveAttribute('type', 'password');
    expect(screen.getByRole('dialog')).toHaveTextContent('The password for user alice.');
    expect(screen.getByRole('dialog')).not.toHaveTextContent(/for example an API token/i);
    await user.type(password, SECRET);

    await user.click(screen.getByTestId('instance-form-test'));
    const result = await screen.findByTestId('instance-form-test-result');
    expect(within(result).getByTestId('instance-form-test-status')).toHaveTextContent('ok');
    expect(backend.state.draftTests).toEqual([expect.objectContaining({ instanceId: null, secret: SECRET })]);
    // Testing stores nothing.
    expect(backend.callsTo('set_instance_credential')).toHaveLength(0);
    expect(backend.state.keyring.size).toBe(0);

    await user.click(screen.getByTestId('instance-save'));
    await waitFor(() => expect(screen.queryByTestId('instance-name')).not.toBeInTheDocument());
    expect(backend.callsTo('create_instance')).toHaveLength(1);
    expect(JSON.stringify(backend.callsTo('create_instance'))).not.toContain(SECRET);
    expect(backend.callsTo('set_instance_credential').map((c) => c.args)).toEqual([{ id: 'i-new-1', secret: SECRET }]);
    expect(backend.state.keyring.get('i-new-1')).toBe(SECRET);
    expect(JSON.stringify(backend.state.instances)).not.toContain(SECRET);
    const row = await screen.findByTestId('instance-row');
    await waitFor(() => expect(within(row).getByTestId('credential-status')).toHaveTextContent('Configured'));
    expect(screen.queryByDisplayValue(SECRET)).not.toBeInTheDocument();
  });

  it.each([
    ['a bearer token', '{type: bearer, secret: token}', 'Token', 'The token, sent as Authorization: Bearer <token>.'],
    ['an API key', '{type: api_key, header: X-API-Key, secret: api_key}', 'API key', 'sent in the X-API-Key header'],
    [
      'OAuth2 client credentials',
      '{type: oauth2_client_credentials, tokenUrl: /oauth/token, clientId: platform-builder, secret: client_secret}',
      'Client secret',
      'The OAuth2 client secret of client platform-builder',
    ],
  ])('asks for %s in its own words', async (_, auth, label, prompt) => {
    await openAddForm({ overrides: { get_platform_type_connector: () => connector(auth) } });
    expect(await screen.findByLabelText(label)).toHaveAttribute('type', 'password');
    expect(screen.getByRole('dialog')).toHaveTextContent(prompt);
  });

  it('asks a session-login connector for the password of its login request', async () => {
    await openAddForm({ overrides: { get_platform_type_connector: () => OPENSTACK_KEYSTONE } });
    expect(await screen.findByLabelText('Password')).toBeInTheDocument();
    expect(screen.getByRole('dialog')).toHaveTextContent('The password used in the login request');
  });

  it('offers no secret input for mutual TLS, and says the client key authenticates', async () => {
    await openAddForm({ overrides: { get_platform_type_connector: () => connector('{type: mutual_tls}') } });
    expect(await screen.findByTestId('instance-credential-not-needed')).toHaveTextContent(
      'No credential: the client certificate and its client key',
    );
    expect(screen.queryByTestId('instance-credential')).not.toBeInTheDocument();
  });

  it('adds an instance without a credential when none is typed', async () => {
    const { backend, user } = await openAddForm();
    await fillInstance(user);
    expect(screen.getByLabelText('Credential')).toHaveValue('');
    await user.click(screen.getByTestId('instance-save'));
    expect(await screen.findByTestId('instance-row')).toHaveAttribute('data-name', 'staging-eu');
    expect(backend.callsTo('set_instance_credential')).toHaveLength(0);
  });

  it('replaces the stored credential of an edited instance only when a new one is typed', async () => {
    const { backend, user } = await openDetail({
      instances: [instance({ credential: CONFIGURED })],
      overrides: { get_platform_type_connector: () => BASIC },
    });
    await user.click(await screen.findByTestId('instance-edit'));
    const password = await screen.findByLabelText('Password');
    expect(password).toHaveValue('');
    expect(screen.getByRole('dialog')).toHaveTextContent('A password is stored; leave this empty to keep it');
    await user.click(screen.getByTestId('instance-save'));
    await waitFor(() => expect(backend.callsTo('update_instance')).toHaveLength(1));
    expect(backend.callsTo('set_instance_credential')).toHaveLength(0);

    await user.click(await screen.findByTestId('instance-edit'));
    await user.type(await screen.findByLabelText('Password'), SECRET);
    await user.click(screen.getByTestId('instance-save'));
    await waitFor(() => expect(backend.callsTo('set_instance_credential')).toHaveLength(1));
    expect(backend.callsTo('set_instance_credential')[0].args).toEqual({ id: 'i-1', secret: SECRET });
    expect(backend.state.instances[0].credential.version).toBe(2);
  });

  it('keeps an added instance when the keyring refuses its credential, and says so', async () => {
    const { backend, user } = await openAddForm({
      overrides: {
        set_instance_credential: () => {
          throw ipcError('keyring_unavailable', 'The OS keyring is locked', [], 'Unlock the keyring and try again.');
        },
      },
    });
    await fillInstance(user);
    await user.type(screen.getByLabelText('Credential'), SECRET);
    await user.click(screen.getByTestId('instance-save'));

    expect(await screen.findByTestId('instance-row')).toHaveAttribute('data-name', 'staging-eu');
    expect(backend.callsTo('create_instance')).toHaveLength(1);
    const errors = await screen.findAllByTestId('error-notification');
    expect(errors.map((e) => e.textContent).join(' ')).toContain('The OS keyring is locked');
    expect(within(screen.getByTestId('instance-row')).getByTestId('credential-status')).toHaveTextContent('Not set');
  });
});

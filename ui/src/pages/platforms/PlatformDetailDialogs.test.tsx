import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { BUILTIN_TYPES, customType, instance, platform } from '../../test/fixtures';
import { installBackend } from '../../test/fakeBackend';
import { renderWithProviders } from '../../test/render';
import { PlatformsPage } from '../PlatformsPage';

// Long values, endpoint checks, dialog behaviour and notifications on the detail page.

const TYPES = [...BUILTIN_TYPES, customType()];

async function openDetail(options: Parameters<typeof installBackend>[0] = {}) {
  const backend = installBackend({ types: TYPES, platforms: [platform()], ...options });
  const user = userEvent.setup();
  renderWithProviders(<PlatformsPage />);
  await user.click(await screen.findByTestId('platform-row'));
  await screen.findByTestId('platform-detail');
  return { backend, user };
}

describe('platform detail with long values', () => {
  it('wraps the title and location and bounds the tag badges instead of overflowing', async () => {
    const name = 'P'.repeat(80);
    const tagValue = 'v'.repeat(255);
    await openDetail({
      platforms: [
        platform({ name, location: 'L'.repeat(80), tags: [{ key: 'owner', value: tagValue }] }),
      ],
      instances: [instance({ name: 'i'.repeat(80), endpoint: `https://${'x'.repeat(200)}.example.com` })],
    });

    const title = screen.getByRole('heading', { level: 2 });
    expect(title).toHaveTextContent(name);
    expect(title).toHaveStyle({ overflowWrap: 'anywhere' });
    expect(screen.getByTestId('platform-detail-location')).toHaveStyle({ overflowWrap: 'anywhere' });
    const badge = screen.getByTestId('tag-badge');
    expect(badge).toHaveAttribute('title', `owner=${tagValue}`);
    expect(badge.getAttribute('style')).toContain('max-width');
    expect(screen.getByTestId('platform-docs-link')).toHaveAttribute('title', 'https://docs.example.com/streaming');

    expect(await screen.findByTestId('instance-table')).toHaveAttribute(
      'style',
      expect.stringContaining('--table-layout: fixed'),
    );
    // Wrapped anywhere rather than cut: the endpoint tells two instances apart.
    expect(screen.getByTestId('instance-endpoint-value')).toHaveStyle({ overflowWrap: 'anywhere', whiteSpace: 'normal' });
  });
});

describe('instance and credential dialogs', () => {
  it('starts the endpoint empty when the platform type has no default', async () => {
    const { user } = await openDetail({ platforms: [platform({ typeId: 'KUBERNETES' })] });

    await user.click(screen.getByTestId('new-instance-button'));
    expect(await screen.findByTestId('instance-endpoint')).toHaveValue('');
    await waitFor(() => expect(screen.getByTestId('instance-name')).toHaveFocus());
  });

  it('warns about plain http, allows saving it, and confirms with a notification', async () => {
    const { backend, user } = await openDetail();

    await user.click(screen.getByTestId('new-instance-button'));
    const endpoint = await screen.findByTestId('instance-endpoint');
    expect(screen.queryByTestId('instance-endpoint-warning')).not.toBeInTheDocument();
    await user.clear(endpoint);
    await user.type(endpoint, 'http://localhost:8080');
    expect(screen.queryByTestId('instance-endpoint-warning')).not.toBeInTheDocument();
    await user.clear(endpoint);
    await user.type(endpoint, 'http://kafka.lab.example.com');
    expect(screen.getByTestId('instance-endpoint-warning')).toHaveTextContent(
      'Plain HTTP: credentials would travel unencrypted. Prefer https://.',
    );
    await user.type(screen.getByTestId('instance-name'), 'lab');
    await user.type(screen.getByTestId('instance-environment'), 'dev');
    await user.click(screen.getByTestId('instance-save'));

    expect(await screen.findByTestId('success-notification')).toHaveTextContent('Instance “lab” added');
    expect(backend.callsTo('create_instance')[0].args).toMatchObject({
      input: { endpoint: 'http://kafka.lab.example.com' },
    });
  });

  it('refuses credentials in the endpoint before calling the backend', async () => {
    const { backend, user } = await openDetail();

    await user.click(screen.getByTestId('new-instance-button'));
    const endpoint = await screen.findByTestId('instance-endpoint');
    await user.clear(endpoint);
    await user.type(endpoint, 'https://admin:hunter2@kafka.example.com');
    expect(screen.getByTestId('instance-endpoint-error')).toHaveTextContent(
      "Do not put credentials in the URL; store them as the instance's credential",
    );
    await user.type(screen.getByTestId('instance-name'), 'prod');
    await user.type(screen.getByTestId('instance-environment'), 'prod');
    await user.click(screen.getByTestId('instance-save'));

    expect(screen.getByTestId('instance-endpoint-error')).toBeInTheDocument();
    expect(backend.callsTo('create_instance')).toHaveLength(0);
  });

  it('asks before Escape throws away an edited instance form', async () => {
    const { user } = await openDetail();

    await user.click(screen.getByTestId('new-instance-button'));
    await user.type(await screen.findByTestId('instance-name'), 'prod-eu');
    fireEvent.click(document.querySelector('.mantine-Modal-overlay')!);
    await user.keyboard('{Escape}');

    expect(await screen.findByTestId('discard-changes')).toBeInTheDocument();
    expect(screen.getByTestId('instance-name')).toHaveValue('prod-eu');
    await user.click(screen.getByTestId('discard-confirm'));
    await waitFor(() => expect(screen.queryByTestId('instance-name')).not.toBeInTheDocument());
  });

  it('focuses the secret; Escape closes the credential dialog and drops the typed secret', async () => {
    const { backend, user } = await openDetail({ instances: [instance()] });

    await user.click(await screen.findByTestId('credential-set'));
    const secret = await screen.findByTestId('credential-secret');
    await waitFor(() => expect(secret).toHaveFocus());
    await user.keyboard('half-typed');
    // A stray click beside the dialog does not close it.
    fireEvent.click(document.querySelector('.mantine-Modal-overlay')!);
    expect(screen.getByTestId('credential-secret')).toHaveValue('half-typed');

    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByTestId('credential-secret')).not.toBeInTheDocument());
    expect(screen.queryByTestId('discard-changes')).not.toBeInTheDocument();

    await user.click(screen.getByTestId('credential-set'));
    expect(await screen.findByTestId('credential-secret')).toHaveValue('');
    expect(backend.callsTo('set_instance_credential')).toHaveLength(0);
  });

  const BASIC = [
    'apiVersion: platformbuilder.dev/connector/v1',
    'kind: http',
    'auth: {type: basic, username: "{{ fields.username }}", secret: password}',
    'operations:',
    '  check: {requests: [{method: GET, path: /}]}',
  ].join('\n');
  const BEARER = BASIC.replace('auth: {type: basic, username: "{{ fields.username }}", secret: password}', 'auth: {type: bearer, secret: token}');
  const EXEC = 'apiVersion: platformbuilder.dev/connector/v1\nkind: exec\ncommand: [./pb-tf]\noperations: [check]\n';
  const NEUTRAL = "The secret this instance's connector sends to the platform (an API key, token or password).";

  it.each([
    ['Basic auth', BASIC, {}, 'Password', 'The password for the user in the custom field “username”.'],
    ['Basic auth with the user filled in', BASIC, { username: 'alice' }, 'Password', 'The password for user alice.'],
    ['a bearer token', BEARER, {}, 'Token', 'The token, sent as Authorization: Bearer <token>.'],
    ['an exec connector', EXEC, {}, 'Credential', NEUTRAL],
    ['no connector', null, {}, 'Credential', NEUTRAL],
  ])("says what the credential is for %s, from the type's connector", async (_, connector, fieldValues, label, prompt) => {
    const { backend, user } = await openDetail({
      instances: [instance({ fieldValues })],
      overrides: { get_platform_type_connector: () => connector },
    });

    await user.click(await screen.findByTestId('credential-set'));
    await waitFor(() => expect(screen.getByTestId('credential-prompt')).toHaveTextContent(prompt));
    expect(screen.getByLabelText(new RegExp(`^${label}`))).toBe(screen.getByTestId('credential-secret'));
    expect(screen.getByRole('dialog')).not.toHaveTextContent(/for example an API token/i);
    expect(backend.callsTo('get_platform_type_connector').map((c) => c.args)).toContainEqual({ identifier: 'KAFKA' });
  });

  it('confirms storing and removing a credential with notifications', async () => {
    const { user } = await openDetail({ instances: [instance()] });

    await user.click(await screen.findByTestId('credential-set'));
    await user.type(await screen.findByTestId('credential-secret'), 'tok');
    await user.click(screen.getByTestId('credential-save'));
    expect(await screen.findByTestId('success-notification')).toHaveTextContent(
      'Credential of “prod-eu” stored in the OS keyring',
    );

    await user.click(await screen.findByTestId('credential-remove'));
    await waitFor(() => expect(screen.getByTestId('confirm-cancel')).toHaveFocus());
    await user.click(screen.getByTestId('confirm-delete'));
    await waitFor(() =>
      expect(screen.getAllByTestId('success-notification').map((n) => n.textContent)).toContainEqual(
        expect.stringContaining('Credential of “prod-eu” removed from the OS keyring'),
      ),
    );
  });
});

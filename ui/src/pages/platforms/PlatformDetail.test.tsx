import { describe, expect, it, vi } from 'vitest';
import { openUrl } from '@tauri-apps/plugin-opener';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { BUILTIN_TYPES, customType, instance, platform } from '../../test/fixtures';
import { installBackend } from '../../test/fakeBackend';
import { execTrustState } from '../../test/fakeExecTrust';
import { renderWithProviders } from '../../test/render';
import { PlatformsPage } from '../PlatformsPage';

vi.mock('@tauri-apps/plugin-opener', () => ({ openUrl: vi.fn(() => Promise.resolve()) }));

const TYPES = [...BUILTIN_TYPES, customType()];

async function openDetail(options: Parameters<typeof installBackend>[0] = {}) {
  const backend = installBackend({ types: TYPES, platforms: [platform()], ...options });
  const user = userEvent.setup();
  const rendered = renderWithProviders(<PlatformsPage />);
  await user.click(await screen.findByTestId('platform-row'));
  // The detail page is loaded on first use: in the file's first test its chunk
  // (with the connector model and YAML parser) is still being imported.
  await screen.findByTestId('platform-detail', {}, { timeout: 10_000 });
  return { backend, user, ...rendered };
}

describe('platform detail', () => {
  it('opens the support and documentation links outside the window, and only web or mail ones', async () => {
    const { user } = await openDetail({ platforms: [platform({ docsUrl: 'file:///etc/passwd' })] });

    await user.click(screen.getByRole('button', { name: 'Open mailto:streaming@example.com' }));
    expect(vi.mocked(openUrl)).toHaveBeenCalledWith('mailto:streaming@example.com');
    expect(screen.getByTestId('platform-docs-link')).toHaveTextContent('file:///etc/passwd');
    expect(screen.queryByTestId('platform-docs-link-open')).not.toBeInTheDocument();
  });

  it('opens from the list, shows the details and goes back', async () => {
    const { user } = await openDetail();

    const detail = screen.getByTestId('platform-detail');
    expect(within(detail).getByRole('heading', { level: 2 })).toHaveTextContent('Event streaming');
    expect(within(detail).getByTestId('platform-detail-description')).toHaveTextContent('Kafka for application teams');
    expect(within(detail).getAllByTestId('platform-type-label')[0]).toHaveTextContent('Kafka as a service');
    expect(within(detail).getByTestId('platform-detail-location')).toHaveTextContent('eu-central');
    expect(within(detail).getByTestId('platform-support-link')).toHaveTextContent('mailto:streaming@example.com');
    expect(within(detail).getByTestId('platform-docs-link')).toHaveTextContent('https://docs.example.com/streaming');
    expect(within(detail).getByTestId('tag-badge')).toHaveTextContent('cost-center=42');
    expect(await screen.findByTestId('instances-empty')).toBeInTheDocument();

    await user.click(screen.getByTestId('back-to-platforms'));
    expect(await screen.findByTestId('platform-row')).toBeInTheDocument();
    expect(screen.queryByTestId('platform-detail')).not.toBeInTheDocument();
  });

  it('shows a draft, its identifier, access information as markdown and the connector', async () => {
    const connector = [
      'apiVersion: platformbuilder.dev/connector/v1',
      'kind: http',
      'auth: {type: bearer, secret: token}',
      'unsupported: {probe_quota: quotas are advisory}',
      'operations:',
      '  check: {requests: [{method: GET, path: /health}]}',
    ].join('\n');
    await openDetail({
      platforms: [
        platform({
          status: 'draft',
          accessInfo: 'Request access in **#platform-help**.\n\n<script>alert(1)</script>',
        }),
      ],
      overrides: { get_platform_type_connector: () => connector },
    });
    const detail = screen.getByTestId('platform-detail');
    expect(within(detail).getByTestId('platform-draft-badge')).toHaveTextContent('Draft');
    expect(within(detail).getByTestId('platform-identifier')).toHaveTextContent('event-streaming');
    const access = within(detail).getByTestId('platform-access-info');
    expect(within(access).getByText('#platform-help').tagName).toBe('STRONG');
    // Raw HTML in the markdown is dropped, not rendered.
    expect(access.querySelector('script')).toBeNull();
    const summary = await screen.findByText('Authentication: Bearer token');
    expect(summary).toBeInTheDocument();
    expect(screen.getByText('Check')).toBeInTheDocument();
    expect(screen.getByText('Create tenant — not defined')).toBeInTheDocument();
    expect(screen.getByText('Probe quota — not supported').closest('[title]')).toHaveAttribute(
      'title',
      'Not supported: quotas are advisory',
    );
  });

  it("shows where the connector sends requests: the instances' origin and the declared allowedOrigins", async () => {
    const connector = [
      'apiVersion: platformbuilder.dev/connector/v1',
      'kind: http',
      'auth: {type: oauth2_client_credentials, tokenUrl: "https://login.example.com/token", clientId: pb, secret: s}',
      'allowedOrigins: ["https://login.example.com"]',
      'operations:',
      '  check: {requests: [{method: GET, path: /health}]}',
    ].join('\n');
    await openDetail({ instances: [instance()], overrides: { get_platform_type_connector: () => connector } });
    const card = screen.getByTestId('integration-summary');
    const origins = await within(card).findByTestId('connector-allowed-origins');
    await waitFor(() => expect(origins).toHaveTextContent('Sends requests to: https://kafka-prod.example.com'));
    expect(within(card).getByTestId('connector-declared-origins')).toHaveTextContent(
      'Also sends requests to: https://login.example.com',
    );
  });

  it('shows the program its exec connector runs and whether this machine trusts it', async () => {
    const { backend } = await openDetail({ overrides: { get_exec_trust: () => execTrustState() } });
    const panel = await screen.findByTestId('exec-trust-panel');
    expect(within(panel).getByTestId('exec-trust-status')).toHaveTextContent('Not trusted on this machine');
    expect(within(panel).getByTestId('exec-trust-open')).toBeInTheDocument();
    expect(backend.callsTo('get_exec_trust')[0].args).toEqual({ identifier: 'KAFKA' });
  });

  it('edits the platform in the same form, prefilled', async () => {
    const { backend, user } = await openDetail();

    await user.click(screen.getByTestId('platform-edit'));
    expect(await screen.findByTestId('platform-name')).toHaveValue('Event streaming');
    expect(screen.getByTestId('platform-type')).toHaveValue('KAFKA');
    // An existing platform has a type; there is no empty choice to fall back to.
    expect(within(screen.getByTestId('platform-type')).queryByRole('option', { name: /Choose a platform type/ })).toBeNull();
    await waitFor(() => expect(screen.getByTestId('platform-name')).toHaveFocus());
    expect(screen.getByTestId('platform-support-url')).toHaveValue('mailto:streaming@example.com');
    expect(screen.getByTestId('tag-key-0')).toHaveValue('cost-center');
    await user.clear(screen.getByTestId('platform-location'));
    await user.type(screen.getByTestId('platform-location'), 'eu-west');
    await user.click(screen.getByTestId('platform-save'));

    await waitFor(() => expect(screen.getByTestId('platform-detail-location')).toHaveTextContent('eu-west'));
    expect(backend.callsTo('update_platform')).toEqual([
      {
        cmd: 'update_platform',
        args: {
          id: 'p-1',
          input: {
            name: 'Event streaming',
            description: 'Kafka for application teams',
            typeId: 'KAFKA',
            location: 'eu-west',
            supportUrl: 'mailto:streaming@example.com',
            docsUrl: 'https://docs.example.com/streaming',
            tags: [{ key: 'cost-center', value: '42' }],
            identifier: 'event-streaming',
            accessInfo: '',
          },
        },
      },
    ]);
  });

  it('deletes the platform after a warning about its instances and credentials', async () => {
    const { backend, user } = await openDetail({ instances: [instance()] });

    await user.click(screen.getByTestId('platform-delete'));
    expect(await screen.findByRole('dialog')).toHaveTextContent(/instances are deleted too.*OS keyring/);
    await user.click(screen.getByTestId('confirm-delete'));

    expect(await screen.findByTestId('platforms-empty')).toBeInTheDocument();
    expect(backend.callsTo('delete_platform')).toEqual([{ cmd: 'delete_platform', args: { id: 'p-1' } }]);
  });
});

describe('instances', () => {
  it('adds an instance using a quick-pick environment', async () => {
    const { backend, user } = await openDetail();

    await user.click(screen.getByTestId('new-instance-button'));
    expect(await screen.findByTestId('instance-environment')).toHaveAttribute('placeholder', 'dev, staging, prod');
    // The type's default endpoint is a real, editable value, not just a grey hint.
    expect(screen.getByTestId('instance-endpoint')).toHaveValue('https://kafka-admin.example.com');
    await user.type(screen.getByTestId('instance-name'), 'staging-eu');
    await user.click(screen.getByText('staging'));
    expect(screen.getByTestId('instance-environment')).toHaveValue('staging');
    await user.clear(screen.getByTestId('instance-endpoint'));
    await user.type(screen.getByTestId('instance-endpoint'), 'https://kafka-staging.example.com');
    await user.click(screen.getByTestId('instance-save'));

    const row = await screen.findByTestId('instance-row');
    expect(row).toHaveAttribute('data-name', 'staging-eu');
    expect(within(row).getByTestId('instance-environment-badge')).toHaveTextContent('staging');
    expect(within(row).getByTestId('instance-endpoint-value')).toHaveTextContent('https://kafka-staging.example.com');
    expect(within(row).getByTestId('credential-status')).toHaveTextContent(/^Not set$/);
    expect(within(row).getByTestId('credential-set')).toHaveTextContent('Set credential');
    expect(within(row).queryByTestId('credential-remove')).not.toBeInTheDocument();
    expect(backend.callsTo('create_instance')[0].args).toEqual({
      platformId: 'p-1',
      input: { name: 'staging-eu', environment: 'staging', endpoint: 'https://kafka-staging.example.com' },
    });
  });

  it('stores a credential write-only: sent once, never cached, input cleared', async () => {
    const secret = 'tok-9f8e7d6c5b4a';
    const { backend, user, queryClient } = await openDetail({ instances: [instance()] });

    const row = await screen.findByTestId('instance-row');
    expect(within(row).getByTestId('credential-status')).toHaveTextContent(/^Not set$/);
    await user.click(within(row).getByTestId('credential-set'));
    expect(await screen.findByRole('dialog')).toHaveTextContent(/only in the OS keyring.*never be shown again/);
    await user.type(screen.getByTestId('credential-secret'), secret);
    await user.click(screen.getByTestId('credential-save'));

    await waitFor(() => expect(within(row).getByTestId('credential-status')).toHaveTextContent(/^Configured$/));
    expect(within(row).getByTestId('credential-version')).toHaveTextContent('v1');
    // Read as written (Mantine badges are upper-cased by CSS unless told otherwise).
    expect(within(row).getByTestId('credential-status')).toHaveStyle({ textTransform: 'none' });
    expect(within(row).getByTestId('credential-set')).toHaveTextContent('Replace');
    expect(within(row).getByTestId('credential-remove')).toBeInTheDocument();
    expect(screen.queryByTestId('credential-secret')).not.toBeInTheDocument();

    // Sent exactly once, to the one command that takes it, and it reached the "keyring".
    const withSecret = backend.calls.filter((c) => JSON.stringify(c.args).includes(secret));
    expect(withSecret).toEqual([{ cmd: 'set_instance_credential', args: { id: 'i-1', secret } }]);
    expect(backend.state.keyring.get('i-1')).toBe(secret);

    // Nothing the UI keeps (query data, mutation state) holds the secret.
    const queries = queryClient.getQueryCache().getAll().map((q) => q.state);
    const mutations = queryClient.getMutationCache().getAll().map((m) => m.state);
    expect(JSON.stringify({ queries, mutations })).not.toContain(secret);
    expect(JSON.stringify(queryClient.getQueryData(['instances', 'p-1']))).toContain('"configured":true');

    // Replacing starts from an empty input.
    await user.click(within(row).getByTestId('credential-set'));
    expect(await screen.findByTestId('credential-secret')).toHaveValue('');
  });

  it('keeps the typed secret and shows the remediation when the keyring is unavailable', async () => {
    const { user } = await openDetail({
      instances: [instance()],
      overrides: {
        set_instance_credential: () => {
          throw {
            code: 'keyring_unavailable',
            message: 'No Secret Service keyring is available',
            details: { fields: [], remediation: 'Start and unlock GNOME Keyring or KWallet.' },
          };
        },
      },
    });

    await user.click(await screen.findByTestId('credential-set'));
    await user.type(await screen.findByTestId('credential-secret'), 'abc');
    await user.click(screen.getByTestId('credential-save'));

    const notification = await screen.findByTestId('error-notification');
    expect(notification).toHaveTextContent('No Secret Service keyring is available');
    expect(notification).toHaveTextContent('Start and unlock GNOME Keyring or KWallet.');
    expect(screen.getByTestId('credential-secret')).toHaveValue('abc');
    expect(screen.getByTestId('credential-status')).toHaveTextContent(/^Not set$/);
  });

  it('requires a secret before sending anything', async () => {
    const { backend, user } = await openDetail({ instances: [instance()] });

    await user.click(await screen.findByTestId('credential-set'));
    await user.click(await screen.findByTestId('credential-save'));

    expect(await screen.findByTestId('credential-secret-error')).toHaveTextContent('Enter the credential to store');
    expect(backend.callsTo('set_instance_credential')).toHaveLength(0);
  });

  it('removes a configured credential after confirmation', async () => {
    const configured = { configured: true, version: 2, updatedAt: '2025-05-01T10:00:00Z', problem: null };
    const { backend, user } = await openDetail({ instances: [instance({ credential: configured })] });

    const row = await screen.findByTestId('instance-row');
    expect(within(row).getByTestId('credential-status')).toHaveTextContent(/^Configured$/);
    expect(within(row).getByTestId('credential-version')).toHaveTextContent('v2');
    await user.click(within(row).getByTestId('credential-remove'));
    await user.click(await screen.findByTestId('confirm-delete'));

    await waitFor(() => expect(within(row).getByTestId('credential-status')).toHaveTextContent(/^Not set$/));
    expect(backend.callsTo('remove_instance_credential')).toEqual([
      { cmd: 'remove_instance_credential', args: { id: 'i-1' } },
    ]);
  });

  it('edits and deletes an instance, warning about the stored credential', async () => {
    const { backend, user } = await openDetail({ instances: [instance()] });

    await user.click(await screen.findByTestId('instance-edit'));
    expect(await screen.findByTestId('instance-name')).toHaveValue('prod-eu');
    await user.clear(screen.getByTestId('instance-endpoint'));
    await user.type(screen.getByTestId('instance-endpoint'), 'https://kafka.example.org');
    await user.click(screen.getByTestId('instance-save'));
    await waitFor(() =>
      expect(screen.getByTestId('instance-endpoint-value')).toHaveTextContent('https://kafka.example.org'),
    );
    expect(backend.callsTo('update_instance')[0].args).toEqual({
      id: 'i-1',
      input: { name: 'prod-eu', environment: 'prod', endpoint: 'https://kafka.example.org' },
    });

    await user.click(screen.getByTestId('instance-delete'));
    expect(await screen.findByRole('dialog')).toHaveTextContent(/credential is deleted from the OS keyring/);
    await user.click(screen.getByTestId('confirm-delete'));

    expect(await screen.findByTestId('instances-empty')).toBeInTheDocument();
    expect(backend.callsTo('delete_instance')).toEqual([{ cmd: 'delete_instance', args: { id: 'i-1' } }]);
  });
});

import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ConnectionTest } from '../../bindings/ConnectionTest';
import { BUILTIN_TYPES, customType, instance, platform } from '../../test/fixtures';
import { installBackend, ipcError } from '../../test/fakeBackend';
import { renderWithProviders } from '../../test/render';
import { connectionTest } from '../../test/validationFixtures';
import { PlatformsPage } from '../PlatformsPage';

// "Test connection" in the instance form: the unsaved values, with the stored secrets.

const TYPES = [...BUILTIN_TYPES, customType()];
const STORED_SECRET = 'tok-stored-5e4d3c';
const CONFIGURED = { configured: true, version: 1, updatedAt: '2025-05-01T10:00:00Z', problem: null };

async function openDetail(options: Parameters<typeof installBackend>[0] = {}) {
  const backend = installBackend({ types: TYPES, platforms: [platform()], ...options });
  const user = userEvent.setup();
  renderWithProviders(<PlatformsPage />);
  await user.click(await screen.findByTestId('platform-row'));
  await screen.findByTestId('platform-detail');
  return { backend, user };
}

async function openEditForm(options: Parameters<typeof installBackend>[0] = {}) {
  const opened = await openDetail({ instances: [instance({ credential: CONFIGURED })], ...options });
  opened.backend.state.keyring.set('i-1', STORED_SECRET);
  await opened.user.click(await screen.findByTestId('instance-edit'));
  await screen.findByTestId('instance-name');
  return opened;
}

function stage(name: string) {
  return screen.getAllByTestId('connection-stage').find((s) => s.textContent?.includes(name.toUpperCase()))!;
}

describe('testing the unsaved values of the instance form', () => {
  it('tests a new instance without saving it, and says the missing credential stops AUTH, not the connector', async () => {
    const { backend, user } = await openDetail();

    await user.click(screen.getByTestId('new-instance-button'));
    await user.type(await screen.findByTestId('instance-name'), 'staging-eu');
    await user.click(screen.getByTestId('environment-chip-staging'));
    await user.clear(screen.getByTestId('instance-endpoint'));
    await user.type(screen.getByTestId('instance-endpoint'), ' https://kafka-staging.example.com ');
    await user.click(screen.getByTestId('instance-form-test'));

    const result = await screen.findByTestId('instance-form-test-result');
    expect(within(result).getByTestId('instance-form-test-status')).toHaveTextContent('failed');
    expect(within(result).getAllByTestId('connection-stage')).toHaveLength(5);
    expect(stage('auth')).toHaveAttribute('data-status', 'failed');
    expect(stage('auth')).toHaveTextContent("the connector needs the secret 'api_key', which this instance does not have");
    expect(stage('auth')).toHaveTextContent(
      'No credential is set for this instance: enter its credential above, then test again.',
    );
    expect(result).not.toHaveTextContent('Fix the connector');
    expect(stage('probe')).toHaveAttribute('data-status', 'skipped');

    expect(backend.state.draftTests).toEqual([
      {
        platformId: 'p-1',
        instanceId: null,
        input: { name: 'staging-eu', environment: 'staging', endpoint: 'https://kafka-staging.example.com' },
        secret: null,
      },
    ]);
    // Nothing saved, nothing in the history, the form still open with its values.
    expect(backend.callsTo('create_instance')).toHaveLength(0);
    expect(backend.state.instances).toHaveLength(0);
    expect(backend.state.testRuns).toHaveLength(0);
    expect(screen.getByTestId('instance-name')).toHaveValue('staging-eu');
    expect(screen.getByTestId('instances-empty')).toBeInTheDocument();

    // Saving afterwards still works as before.
    await user.click(screen.getByTestId('instance-save'));
    expect(await screen.findByTestId('instance-row')).toHaveAttribute('data-name', 'staging-eu');
    expect(backend.callsTo('create_instance')).toHaveLength(1);
  });

  it('tests an edited saved instance with its stored secret: the id and the form values go, nothing is saved', async () => {
    const { backend, user } = await openEditForm();

    await user.clear(screen.getByTestId('instance-endpoint'));
    await user.type(screen.getByTestId('instance-endpoint'), 'https://kafka-new.example.com');
    await user.clear(screen.getByTestId('instance-environment'));
    await user.type(screen.getByTestId('instance-environment'), 'staging');
    await user.click(screen.getByTestId('instance-form-test'));

    const result = await screen.findByTestId('instance-form-test-result');
    expect(within(result).getByTestId('instance-form-test-status')).toHaveTextContent('ok');
    expect(stage('auth')).toHaveAttribute('data-status', 'ok');

    expect(backend.callsTo('test_connection_draft')).toEqual([
      {
        cmd: 'test_connection_draft',
        args: {
          draft: {
            platformId: 'p-1',
            instanceId: 'i-1',
            input: { name: 'prod-eu', environment: 'staging', endpoint: 'https://kafka-new.example.com' },
            secret: null,
          },
        },
      },
    ]);
    // The stored secret stays in the backend; the UI neither sends nor sees it.
    expect(JSON.stringify(backend.calls)).not.toContain(STORED_SECRET);

    expect(backend.callsTo('update_instance')).toHaveLength(0);
    expect(backend.callsTo('test_connection')).toHaveLength(0);
    expect(backend.state.instances[0]).toMatchObject({ endpoint: 'https://kafka-prod.example.com', environment: 'prod' });
    expect(backend.state.testRuns).toHaveLength(0);
    expect(screen.getByTestId('instance-endpoint-value')).toHaveTextContent('https://kafka-prod.example.com');
    expect(screen.getByTestId('instance-endpoint')).toHaveValue('https://kafka-new.example.com');
  });

  it('is not an edit: an untouched form tested closes without asking', async () => {
    const { backend, user } = await openEditForm();

    await user.click(screen.getByTestId('instance-form-test'));
    expect(await screen.findByTestId('instance-form-test-result')).toBeInTheDocument();
    expect(backend.state.draftTests[0]).toMatchObject({
      instanceId: 'i-1',
      input: { name: 'prod-eu', environment: 'prod', endpoint: 'https://kafka-prod.example.com' },
      secret: null,
    });

    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByTestId('instance-name')).not.toBeInTheDocument());
    expect(screen.queryByTestId('discard-changes')).not.toBeInTheDocument();
  });

  it('shows a field error from the backend under the endpoint, like a failed save', async () => {
    const { backend, user } = await openEditForm();

    await user.clear(screen.getByTestId('instance-endpoint'));
    await user.type(screen.getByTestId('instance-endpoint'), 'ftp://kafka.example.com');
    await user.click(screen.getByTestId('instance-form-test'));

    expect(await screen.findByTestId('instance-endpoint-error')).toHaveTextContent(
      'Endpoint URL must be a full URL such as https://api.example.com',
    );
    expect(backend.callsTo('test_connection_draft')).toHaveLength(1);
    expect(screen.queryByTestId('instance-form-test-result')).not.toBeInTheDocument();
    expect(screen.queryByTestId('instance-form-test-error')).not.toBeInTheDocument();
    expect(screen.queryByTestId('other-field-errors')).not.toBeInTheDocument();
    expect(screen.queryByTestId('error-notification')).not.toBeInTheDocument();
  });

  it('checks the form first, as saving does, and sends nothing while it is invalid', async () => {
    const { backend, user } = await openDetail();

    await user.click(screen.getByTestId('new-instance-button'));
    await user.click(await screen.findByTestId('instance-form-test'));

    expect(screen.getByTestId('instance-name-error')).toHaveTextContent('Name is required');
    expect(screen.getByTestId('instance-environment-error')).toHaveTextContent('Environment is required');
    expect(backend.callsTo('test_connection_draft')).toHaveLength(0);
  });

  it('shows any other failure as a readable message with its remediation', async () => {
    const { user } = await openEditForm({
      overrides: {
        test_connection_draft: () => {
          throw ipcError(
            'keyring_unavailable',
            'No Secret Service keyring is available',
            [],
            'Start and unlock GNOME Keyring or KWallet.',
          );
        },
      },
    });

    await user.click(screen.getByTestId('instance-form-test'));

    const error = await screen.findByTestId('instance-form-test-error');
    expect(error).toHaveTextContent('The connection test could not run');
    expect(error).toHaveTextContent('No Secret Service keyring is available');
    expect(error).toHaveTextContent('Start and unlock GNOME Keyring or KWallet.');
    expect(screen.getByTestId('instance-name')).toBeInTheDocument();
  });

  it("shows a failed stage's message and remediation", async () => {
    const { user } = await openEditForm();

    await user.clear(screen.getByTestId('instance-endpoint'));
    await user.type(screen.getByTestId('instance-endpoint'), 'https://kafka.invalid');
    await user.click(screen.getByTestId('instance-form-test'));

    await screen.findByTestId('instance-form-test-result');
    expect(screen.getByTestId('instance-form-test-status')).toHaveTextContent('failed');
    expect(stage('dns')).toHaveAttribute('data-status', 'failed');
    expect(stage('dns')).toHaveTextContent('could not resolve kafka.invalid');
    expect(stage('dns')).toHaveTextContent('Check the host name in the endpoint URL.');
  });

  it('clears a stale result when the form is edited', async () => {
    const { user } = await openEditForm();

    await user.click(screen.getByTestId('instance-form-test'));
    expect(await screen.findByTestId('instance-form-test-result')).toBeInTheDocument();

    await user.type(screen.getByTestId('instance-endpoint'), '/v2');
    expect(screen.queryByTestId('instance-form-test-result')).not.toBeInTheDocument();

    await user.click(screen.getByTestId('instance-form-test'));
    expect(await screen.findByTestId('instance-form-test-result')).toBeInTheDocument();
    await user.click(screen.getByTestId('environment-chip-dev'));
    expect(screen.queryByTestId('instance-form-test-result')).not.toBeInTheDocument();
  });

  it('shows the test as loading, and drops a result that arrives after an edit', async () => {
    let finish: (test: ConnectionTest) => void = () => {};
    const { user } = await openEditForm({
      overrides: { test_connection_draft: () => new Promise<ConnectionTest>((resolve) => (finish = resolve)) },
    });

    await user.click(screen.getByTestId('instance-form-test'));
    await waitFor(() => expect(screen.getByTestId('instance-form-test')).toHaveAttribute('data-loading'));

    await user.type(screen.getByTestId('instance-name'), '-2');
    expect(screen.getByTestId('instance-form-test')).not.toHaveAttribute('data-loading');
    finish(connectionTest());
    // Give the late answer every chance to show up.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(screen.queryByTestId('instance-form-test-result')).not.toBeInTheDocument();
    expect(screen.getByTestId('instance-name')).toHaveValue('prod-eu-2');
  });
});

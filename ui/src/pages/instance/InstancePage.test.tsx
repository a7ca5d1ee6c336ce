import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { MantineProvider } from '@mantine/core';
import type { CustomField } from '../../bindings/CustomField';
import type { StoredTestRun } from '../../bindings/StoredTestRun';
import { ipcError } from '../../test/fakeBackend';
import { installRegistryBackend, type RegistryBackendOptions } from '../../test/fakeRegistry';
import { BUILTIN_TYPES, customType, instance, platform } from '../../test/fixtures';
import { renderWithProviders } from '../../test/render';
import { connectionTest, exchange, stepReport, testRun, testRunRecord } from '../../test/validationFixtures';
import { InstancePage } from './InstancePage';

function field(overrides: Partial<CustomField>): CustomField {
  return {
    key: 'region',
    label: 'Region',
    help: '',
    kind: 'text',
    required: true,
    default: null,
    pattern: null,
    min: null,
    max: null,
    options: [],
    ...overrides,
  };
}

const TYPE = customType({
  customFields: [
    field({}),
    field({ key: 'zones', label: 'Zones', kind: 'list' }),
    field({ key: 'apiToken', label: 'API token', kind: 'secret', required: false }),
  ],
});

const CONFIGURED = instance({
  credential: { configured: true, version: 2, updatedAt: '2025-05-01T08:00:00Z', problem: null },
  tls: {
    caBundlePem: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----',
    clientCertificatePem: null,
    insecureSkipVerify: true,
    clientKeyConfigured: true,
    clientKeyUpdatedAt: '2025-05-01T08:00:00Z',
  },
  fieldValues: { region: 'eu-1', zones: ['a', 'b'] },
  secretFields: ['apiToken'],
  lastTest: { kind: 'connection_test', status: 'ok', startedAt: '2025-06-01T11:00:00Z', summary: 'all stages passed' },
});

function stored(id: string, kind: string, durationMs: number, status = 'ok'): StoredTestRun {
  return {
    record: testRunRecord({ id, kind, status, durationMs, summary: `${kind} ${id}` }),
    report: kind === 'validation' ? testRun() : connectionTest(),
  };
}

// Newest first, as list_test_runs returns them.
const RUNS = [
  stored('run-4', 'connection_test', 340, 'failed'),
  stored('run-3', 'validation', 2300, 'passed'),
  stored('run-2', 'connection_test', 120),
  stored('run-1', 'connection_test', 80),
].map((r) => ({ ...r, record: { ...r.record, instanceId: 'i-1' } }));

// See RegistryPage.test: env="test" lets Mantine popovers open under jsdom.
function render(ui: ReactElement) {
  return renderWithProviders(<MantineProvider env="test">{ui}</MantineProvider>);
}

async function setup(options: RegistryBackendOptions = {}) {
  const backend = installRegistryBackend({
    types: [...BUILTIN_TYPES, TYPE],
    platforms: [platform()],
    instances: [CONFIGURED],
    testRuns: RUNS,
    ...options,
  });
  backend.state.keyring.set('i-1', 'sup3r-s3cret-value');
  const props = { onBack: vi.fn(), onOpenPlatform: vi.fn() };
  const user = userEvent.setup();
  render(<InstancePage instanceId="i-1" platformId="p-1" {...props} />);
  await screen.findByTestId('instance-page');
  return { backend, props, user };
}

describe('instance page', () => {
  it('shows the header and the configuration, secrets only as configured', async () => {
    const { props, user } = await setup();

    expect(screen.getByRole('heading', { level: 2 })).toHaveTextContent('prod-eu');
    expect(screen.getByTestId('instance-environment')).toHaveTextContent('prod');
    expect(screen.getByTestId('instance-status')).toHaveTextContent('OK');
    await user.click(screen.getByRole('button', { name: 'Event streaming' }));
    expect(props.onOpenPlatform).toHaveBeenCalledWith('p-1');

    const config = screen.getByTestId('instance-configuration');
    expect(within(config).getByTestId('instance-endpoint')).toHaveTextContent('https://kafka-prod.example.com');
    expect(within(config).getByTestId('credential-status')).toHaveTextContent('Configured');
    expect(within(config).getByTestId('tls-client-key')).toHaveTextContent('Configured');
    expect(within(config).getByTestId('tls-ca')).toHaveTextContent('Set');
    expect(within(config).getByTestId('tls-client-cert')).toHaveTextContent('Not set');
    expect(within(config).getByTestId('tls-insecure')).toHaveTextContent('Certificate verification is OFF');
    const fields = within(config).getByTestId('instance-fields');
    expect(fields).toHaveTextContent('Region');
    expect(fields).toHaveTextContent('eu-1');
    expect(fields).toHaveTextContent('a, b');
    expect(within(fields).getByTestId('secret-field-apiToken')).toHaveTextContent('Configured');
    // Neither the secret nor the PEM of the CA bundle is printed.
    expect(document.body).not.toHaveTextContent('sup3r-s3cret-value');
    expect(document.body).not.toHaveTextContent('BEGIN CERTIFICATE');
    expect(screen.getByRole('button', { name: 'Back' })).toBeInTheDocument();
  });

  it('lists the history, newest first, and opens a run', async () => {
    const { user } = await setup();

    const rows = await screen.findAllByTestId('history-row');
    expect(rows).toHaveLength(4);
    await user.click(rows[1]);
    expect(await screen.findByTestId('test-run-detail')).toHaveAttribute('data-id', 'run-3');
  });

  it("opens the requests of a stored run's passed steps and of a passed connection test", async () => {
    const sent = exchange({
      method: 'GET',
      url: 'https://kafka-prod.example.com/health',
      status: 200,
      responseBody: 'up',
    });
    const runs: StoredTestRun[] = [
      {
        record: testRunRecord({ id: 'run-c', kind: 'connection_test', status: 'ok', summary: 'all stages passed' }),
        report: connectionTest({ exchanges: [sent] }),
      },
      {
        record: testRunRecord({ id: 'run-v' }),
        report: testRun({ steps: [stepReport({ exchanges: [sent, { ...sent, attempt: 2 }] })] }),
      },
    ];
    const { user } = await setup({ testRuns: runs });

    const rows = await screen.findAllByTestId('history-row');
    await user.click(rows[1]);
    let detail = await screen.findByTestId('test-run-detail');
    const step = within(detail).getByTestId('validation-step');
    expect(step).toHaveAttribute('data-status', 'passed');
    expect(within(step).queryByTestId('exchange')).not.toBeInTheDocument();
    await user.click(within(step).getByRole('button', { name: 'Show requests (2)' }));
    expect(within(step).getAllByTestId('exchange')).toHaveLength(2);

    await user.click(rows[0]);
    await waitFor(() => expect(screen.getByTestId('test-run-detail')).toHaveAttribute('data-id', 'run-c'));
    detail = screen.getByTestId('test-run-detail');
    await user.click(within(detail).getByRole('button', { name: 'Show requests (1)' }));
    expect(within(detail).getByTestId('exchange-response-body')).toHaveTextContent('up');
  });

  it('tests now, shows the stages and refreshes the history', async () => {
    const { backend, user } = await setup();
    await screen.findAllByTestId('history-row');

    await user.click(screen.getByRole('button', { name: 'Test now' }));

    const result = await screen.findByTestId('test-now-result');
    expect(within(result).getByTestId('test-now-status')).toHaveTextContent('OK');
    expect(within(result).getAllByTestId('connection-stage')).toHaveLength(5);
    expect(backend.callsTo('test_connection').map((c) => c.args.id)).toEqual(['i-1']);
    await waitFor(() => expect(screen.getAllByTestId('history-row')).toHaveLength(5));
    // A test is a health check too: the uptime is read again.
    await waitFor(() => expect(backend.callsTo('get_instance_uptime').length).toBeGreaterThan(1));
  });

  it('shows why a test could not run, with its code', async () => {
    const { user } = await setup({
      overrides: { test_connection: () => Promise.reject(ipcError('keyring', 'The OS keyring is locked')) },
    });
    await user.click(screen.getByRole('button', { name: 'Test now' }));
    expect(await screen.findByTestId('test-now-error')).toHaveTextContent('The OS keyring is locked (keyring)');
  });

  it('clones with a name and environment, telling that secrets are not copied', async () => {
    const { backend, user } = await setup();

    await user.click(screen.getByRole('button', { name: 'Clone' }));
    const dialog = await screen.findByRole('dialog', { name: 'Clone instance prod-eu' });
    expect(within(dialog).getByTestId('clone-secrets-note')).toHaveTextContent('Secrets are not copied');
    const name = within(dialog).getByLabelText(/^Name of the copy/);
    expect(name).toHaveValue('prod-eu-copy');
    await user.clear(name);
    await user.type(name, 'prod-us');
    const environment = within(dialog).getByLabelText(/^Environment of the copy/);
    expect(environment).toHaveValue('');
    await user.type(environment, 'Staging');
    await user.click(within(dialog).getByRole('button', { name: 'Clone instance' }));

    expect(await screen.findByTestId('success-notification')).toHaveTextContent('Instance “prod-us” created');
    expect(backend.callsTo('clone_instance')).toEqual([
      { cmd: 'clone_instance', args: { id: 'i-1', name: 'prod-us', environment: 'staging' } },
    ]);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('shows a refused clone name under the Name of the copy input', async () => {
    const { backend, user } = await setup({ instances: [CONFIGURED, instance({ id: 'i-2', name: 'taken' })] });

    await user.click(screen.getByRole('button', { name: 'Clone' }));
    const dialog = await screen.findByRole('dialog');
    const name = within(dialog).getByLabelText(/^Name of the copy/);
    await user.clear(name);
    await user.type(name, 'taken');
    await user.click(within(dialog).getByTestId('clone-environment-chip-staging'));
    await user.click(screen.getByRole('button', { name: 'Clone instance' }));

    expect(await screen.findByTestId('clone-name-error')).toHaveTextContent('An instance named taken already exists');
    expect(backend.callsTo('clone_instance')).toHaveLength(1);
    expect(screen.getByRole('dialog')).toBeInTheDocument();
  });

  it('names the instance, its runs and its keyring entries before deleting', async () => {
    const { backend, props, user } = await setup();

    await user.click(screen.getByRole('button', { name: 'Delete' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByTestId('delete-instance-list')).toHaveTextContent('the instance prod-eu (prod');
    const runs = within(dialog).getByTestId('delete-instance-runs');
    await waitFor(() => expect(runs).toHaveTextContent('4 stored test runs'));
    expect(within(dialog).getByTestId('delete-instance-keyring')).toHaveTextContent(
      'from the OS keyring: the credential, the TLS client key, the secret field “API token”',
    );
    expect(backend.callsTo('list_test_runs')).toContainEqual({
      cmd: 'list_test_runs',
      args: { instanceId: 'i-1', limit: 1000 },
    });
    expect(backend.callsTo('delete_instance')).toHaveLength(0);

    await user.click(within(dialog).getByRole('button', { name: 'Delete instance' }));

    await waitFor(() => expect(props.onBack).toHaveBeenCalled());
    expect(backend.callsTo('delete_instance')).toEqual([{ cmd: 'delete_instance', args: { id: 'i-1' } }]);
    expect(backend.state.instances).toHaveLength(0);
  });

  it('says when nothing is stored in the keyring for the instance', async () => {
    const { user } = await setup({ instances: [instance()], testRuns: [] });
    await user.click(screen.getByRole('button', { name: 'Delete' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByTestId('delete-instance-keyring')).toHaveTextContent('no OS keyring entries');
    const runs = within(dialog).getByTestId('delete-instance-runs');
    await waitFor(() => expect(runs).toHaveTextContent('no stored test runs'));
  });

  it('opens the validation drawer and the edit form', async () => {
    const { user } = await setup();
    await user.click(screen.getByRole('button', { name: 'Validate' }));
    expect(await screen.findByRole('dialog', { name: 'Validate prod-eu' })).toBeInTheDocument();
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());

    await user.click(screen.getByRole('button', { name: 'Edit' }));
    expect(await screen.findByRole('dialog', { name: 'Edit instance prod-eu' })).toBeInTheDocument();
  });

  it('explains when the instance no longer exists', async () => {
    installRegistryBackend({ types: [...BUILTIN_TYPES, TYPE], platforms: [platform()], instances: [] });
    const onBack = vi.fn();
    const user = userEvent.setup();
    render(<InstancePage instanceId="i-1" platformId="p-1" onBack={onBack} onOpenPlatform={vi.fn()} />);
    expect(await screen.findByTestId('instance-missing')).toHaveTextContent('This instance no longer exists');
    await user.click(screen.getByRole('button', { name: 'Back' }));
    expect(onBack).toHaveBeenCalled();
  });
});

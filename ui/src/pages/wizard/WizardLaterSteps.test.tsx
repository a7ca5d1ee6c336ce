import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { open } from '@tauri-apps/plugin-dialog';
import { ipcError } from '../../test/fakeBackend';
import { BUILTIN_TYPES, customType, instance, noTls, platform } from '../../test/fixtures';
import { execTrustState } from '../../test/fakeExecTrust';
import { installWizardBackend, wizardDraft, type WizardBackendOptions } from '../../test/fakeWizard';
import { renderWithProviders } from '../../test/render';
import { connectionTestWithCertificate } from '../../test/validationFixtures';
import { WizardPage } from './WizardPage';

// TLS files in the Connection step, then quotas / roles / naming, the validation
// run and the instances.

vi.mock('../integration/AuthSettings', () => ({ AuthSettings: () => <p>Authentication settings</p> }));
vi.mock('../integration/IntegrationStep', () => ({ IntegrationStep: () => <p>Integration step</p> }));
vi.mock('../fields/CustomFieldsBuilder', () => ({ CustomFieldsBuilder: () => <p>Custom fields builder</p> }));
vi.mock('../fields/InstanceFieldsForm', () => ({ InstanceFieldsForm: () => null, initialFieldValues: () => ({}) }));
vi.mock('@tauri-apps/plugin-dialog', () => ({ open: vi.fn() }));

const TYPES = [...BUILTIN_TYPES, customType()];
const CA = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const title = () => screen.getByTestId('wizard-step-title');
const keyed = () =>
  instance({ tls: { ...noTls(), clientKeyConfigured: true, clientKeyUpdatedAt: '2025-05-01T08:00:00Z' } });

function resumeAt(step: number, options: WizardBackendOptions = {}) {
  const data = {
    typeId: 'KAFKA',
    platformId: 'p-1',
    instanceId: 'i-1',
    details: { name: 'Event streaming', identifier: 'event-streaming', tags: [] },
    connection: { name: 'prod-eu', environment: 'prod', endpoint: 'https://kafka-prod.example.com' },
  };
  const backend = installWizardBackend({
    types: TYPES,
    platforms: [platform({ status: 'draft', tags: [] })],
    instances: [instance()],
    drafts: [wizardDraft({ id: 'd-1', step, data })],
    ...options,
  });
  const user = userEvent.setup();
  renderWithProviders(<WizardPage draftId="d-1" onFinished={vi.fn()} onClose={vi.fn()} />);
  return { backend, user };
}

describe('the later steps of the wizard', () => {
  it('takes the CA bundle and client key from files picked in the native dialog', async () => {
    const { backend, user } = resumeAt(2, { files: { '/certs/ca.pem': CA + CA, '/certs/client.key': 'KEY' } });
    await waitFor(() => expect(title()).toHaveTextContent('Step 3 of 10 — Connection'));

    vi.mocked(open).mockResolvedValueOnce('/certs/ca.pem');
    await user.click(screen.getByRole('button', { name: 'Choose CA bundle file…' }));
    expect(await screen.findByTestId('tls-ca-status')).toHaveTextContent('2 certificates');
    expect(vi.mocked(open).mock.calls[0][0]).toMatchObject({
      multiple: false,
      filters: [{ name: 'Certificates (PEM)', extensions: ['pem', 'crt', 'cer'] }],
    });

    vi.mocked(open).mockResolvedValueOnce('/certs/client.key');
    await user.click(screen.getByTestId('tls-client-key-pick'));
    await waitFor(() => expect(screen.getByTestId('tls-client-key-status')).toHaveTextContent('Configured'));
    expect(backend.callsTo('set_instance_client_key_from_file').map((c) => c.args)).toEqual([
      { id: 'i-1', path: '/certs/client.key' },
    ]);

    await user.click(screen.getByRole('switch', { name: /^Skip TLS certificate verification \(insecure\)/ }));
    expect(screen.getByTestId('tls-insecure-warning')).toHaveTextContent('Certificates are not checked');
    await user.click(screen.getByTestId('wizard-next'));
    await waitFor(() => expect(title()).toHaveTextContent('Step 4 of 10'));
    expect(backend.callsTo('update_instance').at(-1)?.args).toEqual({
      id: 'i-1',
      input: {
        name: 'prod-eu',
        environment: 'prod',
        endpoint: 'https://kafka-prod.example.com',
        tls: { caBundlePem: CA + CA, clientCertificatePem: null, insecureSkipVerify: true },
        fieldValues: {},
      },
    });
    // The key itself never reached the UI or the draft.
    await waitFor(() => expect(backend.callsTo('save_wizard_draft').length).toBeGreaterThan(0));
    expect(JSON.stringify(backend.callsTo('save_wizard_draft'))).not.toContain('KEY');
  });

  it('removes a configured client key from the keyring after a confirmation', async () => {
    const { backend, user } = resumeAt(2, { instances: [keyed()] });
    backend.wizard.clientKeys.set('i-1', 'KEY');
    await waitFor(() => expect(title()).toHaveTextContent('Step 3 of 10 — Connection'));
    expect(await screen.findByTestId('tls-client-key-status')).toHaveTextContent('Configured');

    // Cancelling the question removes nothing.
    await user.click(screen.getByRole('button', { name: 'Remove client key' }));
    let dialog = await screen.findByRole('dialog', { name: 'Remove client key' });
    expect(dialog).toHaveTextContent('Delete the client key of prod-eu from the OS keyring?');
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(backend.callsTo('remove_instance_client_key')).toHaveLength(0);

    await user.click(screen.getByRole('button', { name: 'Remove client key' }));
    dialog = await screen.findByRole('dialog', { name: 'Remove client key' });
    await user.click(within(dialog).getByRole('button', { name: 'Remove client key' }));

    await waitFor(() => expect(screen.getByTestId('tls-client-key-status')).toHaveTextContent('Not set'));
    expect(backend.callsTo('remove_instance_client_key').map((c) => c.args)).toEqual([{ id: 'i-1' }]);
    expect(backend.wizard.clientKeys.has('i-1')).toBe(false);
    expect(await screen.findByTestId('success-notification')).toHaveTextContent(
      'Client key of “prod-eu” deleted from the OS keyring',
    );
    expect(screen.queryByRole('button', { name: 'Remove client key' })).toBeNull();
    expect(screen.getByTestId('tls-client-key-pick')).toHaveTextContent('Choose client key file…');
  });

  it('tells why a client key could not be removed and still shows it as configured', async () => {
    const { backend, user } = resumeAt(2, {
      instances: [keyed()],
      overrides: {
        remove_instance_client_key: () => {
          throw ipcError('keyring', 'The OS keyring is locked', [], 'Unlock the keyring and try again.');
        },
      },
    });
    await waitFor(() => expect(title()).toHaveTextContent('Step 3 of 10 — Connection'));

    await user.click(await screen.findByRole('button', { name: 'Remove client key' }));
    const dialog = await screen.findByRole('dialog', { name: 'Remove client key' });
    await user.click(within(dialog).getByRole('button', { name: 'Remove client key' }));

    const error = await screen.findByTestId('error-notification');
    expect(error).toHaveTextContent('Could not remove the client key');
    expect(error).toHaveTextContent('The OS keyring is locked');
    expect(error).toHaveAttribute('data-code', 'keyring');
    expect(backend.callsTo('remove_instance_client_key')).toHaveLength(1);
    expect(screen.getByTestId('tls-client-key-status')).toHaveTextContent('Configured');
  });

  it('saves quotas, role mappings and naming when the step is left, errors under their inputs', async () => {
    const { backend, user } = resumeAt(5);
    await waitFor(() => expect(title()).toHaveTextContent('Step 6 of 10 — Quotas, roles and naming'));
    expect(await screen.findByTestId('naming-example')).toHaveTextContent('pb-validation-a1b2c3');
    await user.clear(screen.getByTestId('naming-prefix'));
    await user.type(screen.getByTestId('naming-prefix'), 'kafka');
    expect(screen.getByTestId('naming-example')).toHaveTextContent('kafka-validation-a1b2c3');

    await user.click(screen.getByTestId('quota-add'));
    await user.type(screen.getByTestId('quota-key-0'), 'disk space');
    await user.type(screen.getByTestId('quota-label-0'), 'Disk');
    await user.click(screen.getByTestId('role-add'));
    await user.type(screen.getByTestId('role-platform-0'), 'viewer');
    await user.click(screen.getByTestId('wizard-next'));
    expect(await screen.findByTestId('quota-key-0-error')).toHaveTextContent("The key uses letters, digits");
    expect(title()).toHaveTextContent('Step 6 of 10');

    await user.clear(screen.getByTestId('quota-key-0'));
    await user.type(screen.getByTestId('quota-key-0'), 'disk');
    await user.click(screen.getByTestId('wizard-next'));
    await waitFor(() => expect(title()).toHaveTextContent('Step 7 of 10 — Landing zones'));
    expect(backend.state.validationSettings.get('p-1')).toEqual({
      naming: { template: '{prefix}-{purpose}-{suffix}', pattern: '^[a-z][a-z0-9-]{2,62}$', prefix: 'kafka' },
      roleMappings: [{ projectRole: 'reader', platformRole: 'viewer' }],
      quotas: [{ key: 'disk', label: 'Disk', unit: '', min: 0, max: 100, default: 10 }],
      // The wizard keeps what the platform's settings say about strictness.
      strictness: 'strict',
      knownDeviations: [],
    });
  });

  it('runs the validation suite with a live timeline; a failed step shows its requests', async () => {
    const { backend, user } = resumeAt(7, { run: { failAt: 'create tenant' } });
    await waitFor(() => expect(title()).toHaveTextContent('Step 8 of 10 — Validate'));
    await user.click(await screen.findByTestId('validation-run'));

    expect(await screen.findByTestId('validation-status')).toHaveTextContent('Validation failed');
    const failed = screen.getAllByTestId('validation-step').find((s) => s.getAttribute('data-status') === 'failed')!;
    expect(failed).toHaveAttribute('data-name', 'create tenant');
    await user.click(within(failed).getByTestId('step-exchanges-toggle'));
    expect(within(failed).getByTestId('exchange-response-body')).toHaveTextContent('quota service unavailable');
    expect(backend.callsTo('run_validation')[0].args).toMatchObject({ id: 'i-1' });
    // The outcome goes with the draft, for the review.
    await waitFor(() => {
      const draft = backend.callsTo('save_wizard_draft').at(-1)?.args.draft as { data: { validation: unknown } };
      // Naming the instance, so the review and a revisit know what ran where.
      expect(draft.data.validation).toMatchObject({ status: 'failed', instanceId: 'i-1' });
    });
    expect(screen.getByTestId('wizard-next')).toBeEnabled();
  });

  it('clones an instance without its secrets and tests each instance', async () => {
    const expiring = connectionTestWithCertificate();
    const { backend, user } = resumeAt(8, { overrides: { test_connection: () => expiring } });
    await waitFor(() => expect(title()).toHaveTextContent('Step 9 of 10 — Instances'));

    await user.click(await screen.findByRole('button', { name: 'Clone instance prod-eu' }));
    const dialog = await screen.findByRole('dialog', { name: 'Clone instance prod-eu' });
    expect(within(dialog).getByTestId('clone-secrets-note')).toHaveTextContent('Secrets are not');
    await user.clear(within(dialog).getByLabelText(/Name of the copy/));
    await user.type(within(dialog).getByLabelText(/Name of the copy/), 'staging-eu');
    await user.click(within(dialog).getByTestId('clone-environment-chip-staging'));
    await user.click(within(dialog).getByTestId('clone-save'));

    await waitFor(() => expect(screen.getAllByTestId('wizard-instance')).toHaveLength(2));
    expect(backend.callsTo('clone_instance').map((c) => c.args)).toEqual([
      { id: 'i-1', name: 'staging-eu', environment: 'staging' },
    ]);

    await user.click(screen.getByRole('button', { name: 'Test instance prod-eu' }));
    const card = screen.getAllByTestId('wizard-instance').find((c) => c.getAttribute('data-name') === 'prod-eu')!;
    expect(await within(card).findByTestId('certificate-expiring')).toHaveTextContent('expires in 10 days');
    expect(backend.callsTo('test_connection').map((c) => c.args.id)).toEqual(['i-1']);

    await user.click(screen.getByTestId('wizard-next'));
    await waitFor(() => expect(title()).toHaveTextContent('Step 10 of 10 — Review'));
    await waitFor(() => {
      const warnings = screen.getAllByTestId('review-warning').map((w) => w.getAttribute('data-warning'));
      expect(warnings).toContain('expiring-i-1');
      expect(warnings).toContain('untested-i-clone-2');
    });
  });

  it('shows in the review where the connector sends requests, allowedOrigins included', async () => {
    resumeAt(9, {
      connectors: {
        KAFKA: 'kind: http\nallowedOrigins: [https://login.example.com, "https://idp.example.com:8443"]\noperations: {}\n',
      },
    });
    await waitFor(() => expect(title()).toHaveTextContent('Step 10 of 10 — Review'));
    const section = screen.getByTestId('review-step-5');
    const origins = await within(section).findByTestId('connector-allowed-origins');
    expect(origins).toHaveTextContent('Sends requests to: https://kafka-prod.example.com');
    const declared = within(section).getByTestId('connector-declared-origins');
    expect(within(declared).getByText('https://login.example.com').tagName).toBe('CODE');
    expect(within(declared).getByText('https://idp.example.com:8443').tagName).toBe('CODE');
  });

  it('shows in the review whether this machine trusts the program the connector runs', async () => {
    const { backend } = resumeAt(9, {
      connectors: { KAFKA: 'kind: exec\n' },
      overrides: { get_exec_trust: () => execTrustState() },
    });
    await waitFor(() => expect(title()).toHaveTextContent('Step 10 of 10 — Review'));
    const section = screen.getByTestId('review-step-5');
    const panel = await within(section).findByTestId('exec-trust-panel');
    expect(within(panel).getByTestId('exec-trust-status')).toHaveTextContent('Not trusted on this machine');
    expect(backend.callsTo('get_exec_trust')[0].args).toEqual({ identifier: 'KAFKA' });
  });

  it('shows no trust panel in the review for a type the backend does not know', async () => {
    const { backend } = resumeAt(9, {
      connectors: { KAFKA: 'kind: exec\n' },
      overrides: {
        get_exec_trust: () => {
          throw ipcError('not_found', 'Platform type KAFKA does not exist');
        },
      },
    });
    await waitFor(() => expect(title()).toHaveTextContent('Step 10 of 10 — Review'));
    await waitFor(() => expect(backend.callsTo('get_exec_trust')).toHaveLength(1));
    expect(screen.getByTestId('review-step-5')).toHaveTextContent('Connector: defined');
    expect(screen.queryByTestId('exec-trust-panel')).not.toBeInTheDocument();
    expect(screen.queryByTestId('query-error')).not.toBeInTheDocument();
  });
});

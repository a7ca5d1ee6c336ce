import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { open } from '@tauri-apps/plugin-dialog';
import YAML from 'yaml';
import type { ConnectionTest } from '../../bindings/ConnectionTest';
import { missingSecretStage } from '../../test/fakeDraftTest';
import { BUILTIN_TYPES, customType, platform } from '../../test/fixtures';
import { installWizardBackend, wizardDraft, type WizardBackendOptions } from '../../test/fakeWizard';
import { renderWithProviders } from '../../test/render';
import { connectionTest } from '../../test/validationFixtures';
import { WizardPage } from './WizardPage';

// The Connection step in the order the administrator fills it in — endpoint,
// authentication, credential, TLS — and its one action, which saves the
// authentication and the instance, stores the credential, then tests.

vi.mock('../integration/IntegrationStep', () => ({ IntegrationStep: () => <p>Integration step</p> }));
vi.mock('../fields/CustomFieldsBuilder', () => ({ CustomFieldsBuilder: () => <p>Custom fields builder</p> }));
vi.mock('../fields/InstanceFieldsForm', () => ({ InstanceFieldsForm: () => null, initialFieldValues: () => ({}) }));
vi.mock('@tauri-apps/plugin-dialog', () => ({ open: vi.fn() }));

// Whole forms render slowly under jsdom, the more so when test files run in parallel.
const SLOW = { timeout: 20_000 };
const TYPES = [...BUILTIN_TYPES, customType()];
const SECRET = 'tok-5a4b3c2d1e';
const BASIC = [
  'apiVersion: platformbuilder.dev/connector/v1',
  'kind: http',
  'auth: {type: basic, username: alice, secret: password}',
  'operations:',
  '  check: {requests: [{method: GET, path: /}]}',
].join('\n');
const STEP_COMMANDS = ['set_platform_type_connector', 'create_instance', 'set_instance_credential', 'test_connection'];

/** The Connection step of a draft whose platform is saved and whose instance is not yet. */
async function openConnection(options: WizardBackendOptions = {}) {
  const data = {
    typeId: 'KAFKA',
    platformId: 'p-1',
    details: { name: 'Event streaming', identifier: 'event-streaming', tags: [] },
    connection: { name: 'dev-eu', environment: 'dev', endpoint: 'https://kafka-dev.example.com' },
    reached: 2,
  };
  const backend = installWizardBackend({
    types: TYPES,
    platforms: [platform({ status: 'draft', tags: [] })],
    instances: [],
    drafts: [wizardDraft({ id: 'd-1', step: 2, data })],
    connectors: { KAFKA: BASIC },
    ...options,
  });
  const user = userEvent.setup();
  renderWithProviders(<WizardPage draftId="d-1" onFinished={vi.fn()} onClose={vi.fn()} />);
  await screen.findByRole('combobox', { name: 'Authentication scheme' }, { timeout: 5000 });
  return { backend, user };
}

const stepCommands = (backend: ReturnType<typeof installWizardBackend>) =>
  backend.calls.map((c) => c.cmd).filter((cmd) => STEP_COMMANDS.includes(cmd));

describe('the Connection step', SLOW, () => {
  it('reads in order and has one action: no separate saves for the authentication or the credential', async () => {
    await openConnection();

    expect(screen.getAllByRole('heading', { level: 4 }).map((h) => h.textContent)).toEqual([
      'Instance',
      'Authentication',
      'Credential',
      'TLS',
    ]);
    expect(screen.getAllByRole('button', { name: /save/i }).map((b) => b.textContent)).toEqual([
      'Save and test connection',
    ]);
    expect(screen.queryByRole('button', { name: /Set credential/ })).not.toBeInTheDocument();
    expect(screen.queryByText(/Saves the instance first/)).not.toBeInTheDocument();
  });

  it("asks for the credential in the words of the scheme chosen, even before it is saved", async () => {
    const { user } = await openConnection();

    expect(screen.getByLabelText('Password')).toHaveAttribute('type', 'password');
    expect(screen.getByText(/The password for user alice\./)).toBeInTheDocument();
    expect(screen.queryByText(/for example an API token/i)).not.toBeInTheDocument();

    await user.selectOptions(screen.getByRole('combobox', { name: 'Authentication scheme' }), 'Bearer token');
    expect(screen.getByLabelText('Token')).toHaveAttribute('type', 'password');
    expect(screen.queryByLabelText('Password')).not.toBeInTheDocument();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Authentication scheme' }), 'mutual_tls');
    expect(screen.getByTestId('wizard-credential-not-needed')).toHaveTextContent('client key');
  });

  it('saves the authentication and the instance, stores the credential, then tests, in that order', async () => {
    const { backend, user } = await openConnection();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Authentication scheme' }), 'Bearer token');
    await user.type(screen.getByLabelText('Token'), SECRET);

    await user.click(screen.getByRole('button', { name: 'Save and test connection' }));
    expect(await screen.findByTestId('connection-result')).toBeInTheDocument();
    expect(stepCommands(backend)).toEqual(STEP_COMMANDS);
    const connector = YAML.parse(backend.callsTo('set_platform_type_connector')[0].args.definition as string);
    expect(connector.auth).toEqual({ type: 'bearer', secret: 'password' });
    expect(backend.callsTo('set_instance_credential')[0].args).toEqual({ id: 'i-new-1', secret: SECRET });
    expect(backend.callsTo('test_connection')[0].args).toMatchObject({ id: 'i-new-1' });
    // The secret went to the keyring only: not with the instance, not into a draft, not left on screen.
    expect(backend.state.keyring.get('i-new-1')).toBe(SECRET);
    expect(JSON.stringify(backend.callsTo('create_instance'))).not.toContain(SECRET);
    await waitFor(() => expect(backend.callsTo('save_wizard_draft').length).toBeGreaterThan(0));
    expect(JSON.stringify(backend.callsTo('save_wizard_draft'))).not.toContain(SECRET);
    expect(screen.getByLabelText('Token')).toHaveValue('');
    expect(screen.getByTestId('credential-status')).toHaveTextContent('Configured');
  });

  it('leaves the authentication alone when it was not changed', async () => {
    const { backend, user } = await openConnection();
    await user.type(screen.getByLabelText('Password'), SECRET);
    await user.click(screen.getByRole('button', { name: 'Save and test connection' }));
    expect(await screen.findByTestId('connection-result')).toBeInTheDocument();
    expect(stepCommands(backend)).toEqual(['create_instance', 'set_instance_credential', 'test_connection']);
  });

  it('saves nothing while the authentication has a mistake, which shows under its input', async () => {
    const { backend, user } = await openConnection();
    await user.clear(screen.getByRole('textbox', { name: /^User name/ }));
    await user.type(screen.getByLabelText('Password'), SECRET);

    await user.click(screen.getByRole('button', { name: 'Save and test connection' }));
    expect(await screen.findByTestId('auth-username-error')).toHaveTextContent('Enter the user name');
    expect(stepCommands(backend)).toEqual([]);
    expect(screen.getByLabelText('Password')).toHaveValue(SECRET);
  });

  it('says a test failed for want of a credential, not because of the connector', async () => {
    const missing: ConnectionTest = {
      ...connectionTest(),
      status: 'failed',
      stages: connectionTest().stages.map((s) => (s.name === 'auth' ? missingSecretStage('password') : s)),
    };
    const { user } = await openConnection({ overrides: { test_connection: () => missing } });

    await user.click(screen.getByRole('button', { name: 'Save and test connection' }));
    const result = await screen.findByTestId('connection-result');
    expect(result).toHaveTextContent('No credential is set for this instance: enter its password above, then test again.');
    expect(result).not.toHaveTextContent('Fix the connector');
  });

  it('stores a typed credential on Next too', async () => {
    const { backend, user } = await openConnection();
    await user.type(screen.getByLabelText('Password'), SECRET);
    await user.click(screen.getByTestId('wizard-next'));

    await waitFor(() => expect(screen.getByTestId('wizard-step-title')).toHaveTextContent('Step 4 of 10'));
    expect(stepCommands(backend)).toEqual(['create_instance', 'set_instance_credential']);
  });

  it('stores a client key chosen before the instance existed once the instance is saved', async () => {
    const { backend, user } = await openConnection({ files: { '/certs/client.key': 'KEY' } });
    vi.mocked(open).mockResolvedValueOnce('/certs/client.key');
    await user.click(screen.getByTestId('tls-client-key-pick'));
    expect(await screen.findByTestId('tls-client-key-status')).toHaveTextContent('client.key chosen');
    expect(backend.callsTo('set_instance_client_key_from_file')).toHaveLength(0);

    await user.click(screen.getByRole('button', { name: 'Save and test connection' }));
    expect(await screen.findByTestId('connection-result')).toBeInTheDocument();
    expect(backend.callsTo('set_instance_client_key_from_file').map((c) => c.args)).toEqual([
      { id: 'i-new-1', path: '/certs/client.key' },
    ]);
    await waitFor(() => expect(screen.getByTestId('tls-client-key-status')).toHaveTextContent('Configured'));
  });
});

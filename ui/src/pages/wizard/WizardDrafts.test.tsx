import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { BUILTIN_TYPES, customType, instance, platform } from '../../test/fixtures';
import { installWizardBackend, PRESETS, SANDBOX, wizardDraft, type WizardBackendOptions } from '../../test/fakeWizard';
import { renderWithProviders } from '../../test/render';
import { WizardDrafts } from './WizardDrafts';
import { WizardPage } from './WizardPage';

// Drafts (listed, resumed, discarded), the sandbox, and Finish.

vi.mock('../integration/AuthSettings', () => ({ AuthSettings: () => <p>Authentication settings</p> }));
vi.mock('../integration/IntegrationStep', () => ({ IntegrationStep: () => <p>Integration step</p> }));
vi.mock('../fields/CustomFieldsBuilder', () => ({ CustomFieldsBuilder: () => <p>Custom fields builder</p> }));
vi.mock('../fields/InstanceFieldsForm', () => ({ InstanceFieldsForm: () => null, initialFieldValues: () => ({}) }));
vi.mock('@tauri-apps/plugin-dialog', () => ({ open: vi.fn() }));

const TYPES = [...BUILTIN_TYPES, customType()];
const title = () => screen.getByTestId('wizard-step-title');

/** A draft the wizard saved at `step`, with the platform and instance it made. */
function savedWizard(step: number, options: WizardBackendOptions = {}) {
  const data = {
    typeMode: 'catalogue',
    typeId: 'KAFKA',
    platformId: 'p-1',
    instanceId: 'i-1',
    details: { name: 'Event streaming', identifier: 'event-streaming', identifierEdited: false, tags: [] },
    connection: { name: 'prod-eu', environment: 'prod', endpoint: 'https://kafka-prod.example.com' },
    validation: null,
    tests: {},
  };
  return installWizardBackend({
    types: TYPES,
    platforms: [platform({ status: 'draft', tags: [] })],
    instances: [instance()],
    drafts: [wizardDraft({ id: 'd-1', step, data })],
    ...options,
  });
}

describe('wizard drafts', () => {
  it('lists drafts with their step, resumes one and starts new wizards', async () => {
    installWizardBackend({
      drafts: [
        wizardDraft({ id: 'd-1', title: 'Event streaming', step: 2 }),
        wizardDraft({ id: 'd-2', title: 'Untitled platform', step: 0 }),
      ],
    });
    const onOpen = vi.fn();
    const user = userEvent.setup();
    renderWithProviders(<WizardDrafts onOpen={onOpen} />);

    const rows = await screen.findAllByTestId('wizard-draft');
    expect(rows.map((r) => within(r).getByTestId('wizard-draft-step').textContent)).toEqual([
      'Step 1 of 10 — Platform type',
      'Step 3 of 10 — Connection',
    ]);
    await user.click(screen.getByRole('button', { name: 'Resume Event streaming' }));
    expect(onOpen).toHaveBeenLastCalledWith('d-1');
    await user.click(screen.getByRole('button', { name: 'Establish a custom platform' }));
    expect(onOpen).toHaveBeenLastCalledWith(null);
    await user.click(screen.getByRole('button', { name: 'Try with a sandbox platform' }));
    expect(onOpen).toHaveBeenLastCalledWith(null, true);
  });

  it('discards a draft after saying what goes with it', async () => {
    const backend = savedWizard(2);
    const user = userEvent.setup();
    renderWithProviders(<WizardDrafts onOpen={vi.fn()} />);

    await user.click(await screen.findByRole('button', { name: 'Discard Event streaming' }));
    const dialog = await screen.findByRole('dialog', { name: 'Discard this draft?' });
    expect(dialog).toHaveTextContent("the draft platform it created, that platform's instances and their stored secrets");
    await user.click(within(dialog).getByTestId('confirm-delete'));

    expect(await screen.findByTestId('wizard-drafts-empty')).toBeInTheDocument();
    expect(backend.callsTo('discard_wizard_draft').map((c) => c.args)).toEqual([{ id: 'd-1' }]);
    expect(backend.state.platforms).toEqual([]);
    expect(backend.state.instances).toEqual([]);
  });

  it('resumes a draft on the step it was saved at, with its values', async () => {
    const backend = savedWizard(2);
    const user = userEvent.setup();
    renderWithProviders(<WizardPage draftId="d-1" onFinished={vi.fn()} onClose={vi.fn()} />);

    await waitFor(() => expect(title()).toHaveTextContent('Step 3 of 10 — Connection'));
    expect(backend.callsTo('get_wizard_draft').map((c) => c.args)).toEqual([{ id: 'd-1' }]);
    expect(screen.getByTestId('instance-name')).toHaveValue('prod-eu');
    expect(screen.getByTestId('instance-endpoint')).toHaveValue('https://kafka-prod.example.com');
    // Nothing is saved just by opening it.
    expect(backend.callsTo('save_wizard_draft')).toHaveLength(0);
    // Earlier steps are done: clickable in the stepper, with their values.
    await user.click(screen.getByTestId('wizard-step-2'));
    expect(title()).toHaveTextContent('Step 2 of 10 — Details');
    expect(screen.getByTestId('platform-name')).toHaveValue('Event streaming');
    // A step change is saved at once, into the same draft.
    await waitFor(() =>
      expect(backend.callsTo('save_wizard_draft').map((c) => c.args.draft)).toEqual([
        expect.objectContaining({ id: 'd-1', step: 1, title: 'Event streaming' }),
      ]),
    );
  });
});

describe('the sandbox platform', () => {
  it('starts the sandbox and pre-fills every step, its key going straight to the keyring', async () => {
    const backend = installWizardBackend({ types: [...TYPES, customType({ identifier: 'SANDBOX' })] });
    const user = userEvent.setup();
    renderWithProviders(<WizardPage draftId={null} sandbox onFinished={vi.fn()} onClose={vi.fn()} />);

    expect(await screen.findByTestId('wizard-sandbox-badge')).toBeInTheDocument();
    expect(backend.callsTo('start_sandbox')).toHaveLength(1);
    // SANDBOX is taken, so the next free identifier is offered.
    expect(screen.getByTestId('wizard-type-identifier')).toHaveValue('SANDBOX-2');
    await user.click(screen.getByTestId('wizard-type-create'));
    await screen.findByText('Custom type SANDBOX-2 created');
    expect(backend.callsTo('create_platform_type')[0].args.input).toMatchObject({
      identifier: 'SANDBOX-2',
      icon: 'api',
      defaultEndpoint: SANDBOX.endpoint,
    });
    await waitFor(() =>
      expect(backend.callsTo('set_platform_type_connector').map((c) => c.args)).toEqual([
        { identifier: 'SANDBOX-2', definition: PRESETS[0].definition },
      ]),
    );

    await user.click(screen.getByTestId('wizard-next'));
    expect(await screen.findByTestId('platform-name')).toHaveValue('Sandbox platform');
    expect(screen.getByTestId('platform-location')).toHaveValue('local');
    await user.click(screen.getByTestId('wizard-next'));

    await waitFor(() => expect(title()).toHaveTextContent('Step 3 of 10 — Connection'));
    expect(screen.getByTestId('instance-endpoint')).toHaveValue(SANDBOX.endpoint);
    expect(screen.getByTestId('instance-name')).toHaveValue('sandbox-dev');
    await user.click(screen.getByTestId('wizard-connection-test'));

    expect(await screen.findByTestId('connection-result')).toBeInTheDocument();
    expect(backend.callsTo('create_instance')[0].args).toMatchObject({
      input: { endpoint: SANDBOX.endpoint, environment: 'dev', name: 'sandbox-dev' },
    });
    const created = backend.state.instances[0];
    expect(backend.callsTo('use_sandbox_credential').map((c) => c.args)).toEqual([{ id: created.id }]);
    expect(backend.callsTo('test_connection').map((c) => c.args.id)).toEqual([created.id]);
    expect(await screen.findByText('Configured')).toBeInTheDocument();
  });
});

describe('finishing the wizard', () => {
  it('points out what deserves attention, then makes the platform active and removes the draft', async () => {
    const insecure = instance({ tls: { ...instance().tls, insecureSkipVerify: true } });
    const backend = savedWizard(9, { instances: [insecure] });
    const onFinished = vi.fn();
    const user = userEvent.setup();
    renderWithProviders(<WizardPage draftId="d-1" onFinished={onFinished} onClose={vi.fn()} />);

    await waitFor(() => expect(title()).toHaveTextContent('Step 10 of 10 — Review'));
    const warnings = () => screen.getAllByTestId('review-warning').map((w) => w.getAttribute('data-warning'));
    const expected = ['no-connector', 'no-validation', 'untested-i-1', 'no-credential-i-1', 'insecure-i-1'];
    await waitFor(() => expect(warnings()).toEqual(expected));
    expect(screen.getByTestId('review-step-2')).toHaveTextContent('event-streaming');

    await user.click(screen.getByTestId('wizard-finish'));
    await waitFor(() => expect(onFinished).toHaveBeenCalledWith('p-1'));
    expect(backend.callsTo('update_platform').map((c) => c.args)).toEqual([
      {
        id: 'p-1',
        input: expect.objectContaining({ name: 'Event streaming', identifier: 'event-streaming', status: 'active' }),
      },
    ]);
    expect(backend.state.platforms[0].status).toBe('active');
    expect(backend.callsTo('discard_wizard_draft').map((c) => c.args)).toEqual([{ id: 'd-1' }]);
    expect(backend.wizard.drafts).toEqual([]);
  });
});

import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import { BUILTIN_TYPES, customType, platform } from '../../test/fixtures';
import { ipcError } from '../../test/fakeBackend';
import { installWizardBackend, secretPath, type WizardBackendOptions } from '../../test/fakeWizard';
import { renderWithProviders } from '../../test/render';
import { WizardPage } from './WizardPage';

// Steps 1 to 3 of the wizard and its automatic draft: each works on real records
// through the same commands the rest of the app uses.

vi.mock('../integration/AuthSettings', () => ({ AuthSettings: () => <p>Authentication settings</p> }));
vi.mock('../integration/IntegrationStep', () => ({ IntegrationStep: () => <p>Integration step</p> }));
vi.mock('../fields/CustomFieldsBuilder', () => ({ CustomFieldsBuilder: () => <p>Custom fields builder</p> }));
vi.mock('../fields/InstanceFieldsForm', () => ({ InstanceFieldsForm: () => null, initialFieldValues: () => ({}) }));
vi.mock('@tauri-apps/plugin-dialog', () => ({ open: vi.fn() }));

const TYPES = [...BUILTIN_TYPES, customType()];
type ConnectionDraft = { connection: { name: string } };
const SECRET = 'tok-9b8a7c6d5e';

function renderWizard(options: WizardBackendOptions = {}) {
  const backend = installWizardBackend({ types: TYPES, ...options });
  const user = userEvent.setup();
  renderWithProviders(<WizardPage draftId={null} onFinished={vi.fn()} onClose={vi.fn()} />);
  return { backend, user };
}

const title = () => screen.getByTestId('wizard-step-title');

async function toDetails(user: UserEvent) {
  await user.selectOptions(await screen.findByTestId('wizard-type-select'), 'KAFKA');
  await user.click(screen.getByTestId('wizard-next'));
  return screen.findByTestId('platform-name');
}

async function toConnection(user: UserEvent, name = 'Event Streaming EU') {
  await user.type(await toDetails(user), name);
  await user.click(screen.getByTestId('wizard-next'));
  await waitFor(() => expect(title()).toHaveTextContent('Step 3 of 10 — Connection'));
}

describe('the platform wizard, steps 1 to 3', () => {
  it('keeps Next disabled, with the reason, until the step has a platform type', async () => {
    const { user } = renderWizard();
    const next = await screen.findByTestId('wizard-next');
    expect(title()).toHaveTextContent('Step 1 of 10 — Platform type');
    expect(screen.getByTestId('wizard-step-explanation')).toHaveTextContent('The platform type is the category');
    expect(next).toBeDisabled();
    expect(screen.getByTestId('wizard-next-reason')).toHaveTextContent(
      'Choose a platform type from the catalogue, or create a custom type.',
    );
    expect(screen.getByTestId('wizard-back')).toBeDisabled();

    await user.selectOptions(await screen.findByLabelText(/^Platform type/), 'KAFKA');
    expect(next).toBeEnabled();
    expect(screen.queryByTestId('wizard-next-reason')).not.toBeInTheDocument();
    expect(screen.getByTestId('wizard-type-chosen')).toHaveTextContent('Kafka as a service (KAFKA)');
  });

  it('creates a custom type inline and selects it', async () => {
    const { backend, user } = renderWizard();
    await user.click(await screen.findByLabelText('Create a custom type'));
    await user.type(screen.getByTestId('wizard-type-identifier'), 'k8s-paas');
    await user.type(screen.getByTestId('wizard-type-display-name'), 'Kubernetes PaaS');
    expect(screen.getByTestId('wizard-next')).toBeDisabled();
    await user.click(screen.getByTestId('wizard-type-create'));

    expect(await screen.findByText('Custom type K8S-PAAS created')).toBeInTheDocument();
    expect(backend.callsTo('create_platform_type').map((c) => c.args.input)).toEqual([
      { identifier: 'K8S-PAAS', displayName: 'Kubernetes PaaS', description: '', icon: 'box', defaultEndpoint: null },
    ]);
    expect(screen.getByTestId('wizard-next')).toBeEnabled();
    // Remembered in the draft, so discarding it can remove the type again.
    await waitFor(() => {
      const saved = backend.callsTo('save_wizard_draft').at(-1)?.args.draft as { data: Record<string, unknown> };
      expect(saved.data).toMatchObject({ createdTypeId: 'K8S-PAAS', typeId: 'K8S-PAAS' });
    });
  });

  it('shows a custom type the backend refuses with the reason under the input', async () => {
    const { backend, user } = renderWizard();
    await user.click(await screen.findByLabelText('Create a custom type'));
    await user.type(screen.getByTestId('wizard-type-identifier'), 'KAFKA');
    await user.type(screen.getByTestId('wizard-type-display-name'), 'Another Kafka');
    await user.click(screen.getByTestId('wizard-type-create'));
    expect(await screen.findByTestId('wizard-type-identifier-error')).toHaveTextContent(
      'A platform type with identifier KAFKA already exists',
    );
    expect(backend.callsTo('create_platform_type')).toHaveLength(1);
    expect(screen.getByTestId('wizard-next')).toBeDisabled();
  });

  it('derives the identifier from the name until it is edited, and checks it', async () => {
    const { user } = renderWizard();
    const name = await toDetails(user);
    expect(title()).toHaveTextContent('Step 2 of 10 — Details');
    await user.type(name, 'Event Streaming (EU)');
    const identifier = screen.getByTestId('platform-identifier');
    expect(identifier).toHaveValue('event-streaming-eu');

    await user.clear(identifier);
    await user.type(identifier, 'Streaming-');
    expect(identifier).toHaveValue('streaming-');
    expect(screen.getByTestId('wizard-next')).toBeDisabled();
    expect(screen.getByTestId('wizard-next-reason')).toHaveTextContent('Check the identifier');
    // Edited: the name no longer changes it, until it is derived again on request.
    await user.type(name, ' 2');
    expect(identifier).toHaveValue('streaming-');
    await user.click(screen.getByTestId('platform-identifier-derive'));
    expect(identifier).toHaveValue('event-streaming-eu-2');
    expect(screen.getByTestId('wizard-next')).toBeEnabled();
  });

  it('previews the access information as markdown, without rendering raw HTML', async () => {
    const { backend, user } = renderWizard();
    await user.type(await toDetails(user), 'Event streaming');
    await user.type(
      screen.getByLabelText(/^Access information/),
      '## Getting access{enter}{enter}Ask **#streaming**. <img src=x onerror="alert(1)">',
    );
    await user.click(screen.getByRole('tab', { name: 'Preview' }));
    const preview = await screen.findByTestId('access-info-preview');
    expect(within(preview).getByRole('heading', { name: 'Getting access' })).toBeInTheDocument();
    expect(within(preview).getByText('#streaming').tagName).toBe('STRONG');
    expect(preview.querySelector('img')).toBeNull();
    await user.click(screen.getByRole('tab', { name: 'Write' }));
    await user.click(screen.getByTestId('wizard-next'));
    await waitFor(() => expect(title()).toHaveTextContent('Step 3 of 10'));
    expect(backend.callsTo('create_platform')[0].args.input).toMatchObject({
      accessInfo: '## Getting access\n\nAsk **#streaming**. <img src=x onerror="alert(1)">',
    });
  });

  it('shows the field errors of the backend under the inputs and stays on the step', async () => {
    const { backend, user } = renderWizard({
      overrides: {
        create_platform: () => {
          throw ipcError('validation', 'Some fields are invalid', [
            ['identifier', 'Another platform already uses this identifier'],
            ['tags.0.value', 'cost-center must match [0-9]+'],
          ]);
        },
      },
    });
    await user.type(await toDetails(user), 'Event streaming');
    await user.click(screen.getByTestId('tag-add'));
    await user.type(screen.getByTestId('tag-key-0'), 'cost-center');
    await user.type(screen.getByTestId('tag-value-0'), 'finance');
    await user.click(screen.getByTestId('wizard-next'));

    expect(await screen.findByTestId('platform-identifier-error')).toHaveTextContent(
      'Another platform already uses this identifier',
    );
    expect(screen.getByTestId('tag-value-0-error')).toHaveTextContent('cost-center must match [0-9]+');
    expect(title()).toHaveTextContent('Step 2 of 10 — Details');
    expect(backend.callsTo('create_platform')).toHaveLength(1);
  });

  it('lists mandatory tags from the start and offers only the allowed values', async () => {
    const { backend, user } = renderWizard({
      tagDefinitions: [
        { key: 'cost-center', description: 'Who pays', mandatory: true, allowedValues: ['42', '43'], pattern: null },
      ],
    });
    await user.type(await toDetails(user), 'Event streaming');
    expect(screen.getByTestId('tag-key-0')).toHaveValue('cost-center');
    expect(screen.getByTestId('tag-remove-0')).toBeDisabled();
    expect(screen.getByTestId('wizard-next-reason')).toHaveTextContent(
      'Enter a value for the mandatory tag cost-center',
    );
    // jsdom never ends the dropdown's opening transition, so its options count as hidden.
    const select = screen.getByLabelText('Tag 1 value', { selector: 'input' });
    await user.click(select);
    const listbox = document.getElementById(select.getAttribute('aria-controls') ?? '')!;
    expect(within(listbox).getAllByRole('option', { hidden: true }).map((o) => o.textContent)).toEqual(['42', '43']);
    await user.click(within(listbox).getByRole('option', { name: '43', hidden: true }));
    await user.click(screen.getByTestId('wizard-next'));

    await waitFor(() => expect(title()).toHaveTextContent('Step 3 of 10'));
    const input = backend.callsTo('create_platform')[0].args.input;
    expect(input).toMatchObject({ tags: [{ key: 'cost-center', value: '43' }] });
  });

  it('leaving the details creates a draft platform, and Back keeps what was typed', async () => {
    const { backend, user } = renderWizard({ platforms: [] });
    await toConnection(user);
    expect(backend.callsTo('create_platform').map((c) => c.args.input)).toEqual([
      expect.objectContaining({
        name: 'Event Streaming EU',
        identifier: 'event-streaming-eu',
        typeId: 'KAFKA',
        status: 'draft',
      }),
    ]);
    expect(backend.state.platforms[0].status).toBe('draft');
    // The type's default endpoint is where a new instance starts.
    expect(screen.getByTestId('instance-endpoint')).toHaveValue('https://kafka-admin.example.com');
    await user.type(screen.getByTestId('instance-name'), 'dev-eu');

    await user.click(screen.getByTestId('wizard-back'));
    expect(title()).toHaveTextContent('Step 2 of 10 — Details');
    expect(screen.getByTestId('platform-name')).toHaveValue('Event Streaming EU');
    await user.type(screen.getByTestId('platform-description'), 'Kafka for teams');
    await user.click(screen.getByTestId('wizard-next'));

    await waitFor(() => expect(title()).toHaveTextContent('Step 3 of 10'));
    expect(screen.getByTestId('instance-name')).toHaveValue('dev-eu');
    // The same platform is updated, not a second one created; it stays a draft.
    expect(backend.callsTo('create_platform')).toHaveLength(1);
    const updates = backend.callsTo('update_platform');
    expect(updates).toHaveLength(1);
    expect(updates[0].args).toMatchObject({ id: 'p-new-1', input: { description: 'Kafka for teams' } });
    expect(updates[0].args.input).not.toHaveProperty('status');
  });

  it('saves the draft as the administrator goes, never with a secret in it', async () => {
    const { backend, user } = renderWizard({ platforms: [platform({ id: 'p-other', name: 'Other' })] });
    await toConnection(user);
    await user.type(screen.getByTestId('instance-name'), 'dev-eu');
    // Typed before the instance exists; the one action saves the instance, then
    // stores the credential for it, then tests.
    await user.type(screen.getByTestId('wizard-credential'), SECRET);
    await user.click(screen.getByTestId('wizard-connection-test'));
    expect(await screen.findByTestId('connection-result')).toBeInTheDocument();
    expect(screen.getByTestId('credential-status')).toHaveTextContent('Configured');
    expect(backend.callsTo('set_instance_credential')[0].args).toEqual({ id: 'i-new-1', secret: SECRET });
    expect(screen.queryByDisplayValue(SECRET)).not.toBeInTheDocument();

    await user.type(screen.getByTestId('instance-name'), '-2');
    await waitFor(
      () => {
        const last = backend.callsTo('save_wizard_draft').at(-1)?.args.draft as { data: ConnectionDraft };
        expect(last.data.connection.name).toBe('dev-eu-2');
      },
      { timeout: 2000 },
    );
    const saves = backend.callsTo('save_wizard_draft').map((c) => c.args.draft as Record<string, unknown>);
    expect(saves.at(-1)).toMatchObject({
      id: 'd-new-1',
      title: 'Event Streaming EU',
      step: 2,
      data: { platformId: 'p-new-2', instanceId: 'i-new-1', typeId: 'KAFKA' },
    });
    // One draft, updated: the first save's id is used by every later one.
    expect(saves.slice(1).every((s) => s.id === 'd-new-1')).toBe(true);
    const secretLooking = /secret|password|passwd|token|credential|privatekey|clientkey|apikey|bearer/;
    for (const draft of saves) {
      expect(JSON.stringify(draft)).not.toContain(SECRET);
      expect(secretPath(draft.data)).toBeNull();
      const keys = JSON.stringify(draft.data).match(/"([^"]+)":/g) ?? [];
      expect(keys.filter((k) => secretLooking.test(k.toLowerCase().replace(/[_-]/g, '')))).toEqual([]);
    }
    expect(within(screen.getByTestId('wizard')).getByTestId('wizard-save-status')).toHaveTextContent('Draft saved');
  });
});

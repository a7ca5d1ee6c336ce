import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { EditorView } from '@codemirror/view';
import YAML from 'yaml';
import { installIntegrationBackend, PRESETS } from '../../test/fakeIntegration';
import { BUILTIN_TYPES, customType } from '../../test/fixtures';
import { renderWithProviders } from '../../test/render';
import { IntegrationStep } from './IntegrationStep';
import { withAuthAndTimeouts } from './model';

// Whole forms render slowly under jsdom, the more so when test files run in parallel.
const SLOW = { timeout: 20_000 };

const GENERIC = PRESETS[0].definition;
const SCIM = PRESETS[1].definition;
const preset = (id: string) => PRESETS.find((p) => p.id === id)!;

function setup(stored = GENERIC) {
  const backend = installIntegrationBackend({ types: [...BUILTIN_TYPES, customType()], integration: { connectors: { KAFKA: stored } } });
  const user = userEvent.setup();
  renderWithProviders(<IntegrationStep type={customType()} instance={null} />);
  const saved = () => backend.callsTo('set_platform_type_connector').map((c) => c.args.definition as string);
  return { user, saved };
}

async function openPicker(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByRole('button', { name: 'Start from a preset' }));
  const dialog = await screen.findByRole('dialog', { name: 'Start from a preset' });
  await within(dialog).findByRole('radio', { name: 'Generic REST' });
  return dialog;
}

const pathInput = () => within(screen.getByTestId('request-0')).getByLabelText(/^Path/, { selector: 'input' });
const yamlText = () => EditorView.findFromDOM(screen.getByRole('textbox', { name: 'Connector definition (YAML)' }))!.state.doc.toString();

describe('the preset picker in the Integration step', SLOW, () => {
  it('lists the shipped presets with what each is for, covers and was checked against', async () => {
    const { user } = setup();
    const dialog = await openPicker(user);
    const names = within(dialog).getAllByRole('radio').map((r) => r.getAttribute('aria-label'));
    expect(names).toEqual([...PRESETS.map((p) => p.name), 'Start from scratch']);

    const scim = within(dialog).getByTestId('preset-scim2');
    expect(within(dialog).getByRole('radio', { name: 'SCIM 2.0' })).toHaveAccessibleDescription(preset('scim2').description);
    expect(scim).toHaveTextContent('Bearer token');
    expect(within(scim).getByTestId('preset-scim2-proof')).toHaveTextContent(
      "Checked live against a real service provider, django-scim2 0.23 (PyPI, started by pb-real-platforms), and against the sample platform's SCIM endpoints.",
    );
    expect(within(dialog).getByTestId('preset-generic-rest-proof')).toHaveTextContent('It matches the sample platform');
    expect(within(dialog).getByTestId('preset-kubernetes-proof')).toHaveTextContent('Its notes name no platform it was checked against.');
    expect(within(dialog).getByTestId('preset-postgresql')).toHaveTextContent('Runs a program (exec)');

    // The chosen preset's own notes: what it maps.
    await user.click(within(dialog).getByRole('radio', { name: 'SCIM 2.0' }));
    expect(within(dialog).getByTestId('preset-notes')).toHaveTextContent('tenant = a Group (displayName = the tenant\'s name)');
  });

  it('says what loading would replace, loads only on Replace, and saves nothing until Save connector', async () => {
    const { user, saved } = setup();
    const dialog = await openPicker(user);
    const load = within(dialog).getByRole('button', { name: 'Load into the editor' });
    expect(load).toBeDisabled();

    await user.click(within(dialog).getByRole('radio', { name: 'SCIM 2.0' }));
    const warning = within(dialog).getByTestId('preset-replace-warning');
    expect(warning).toHaveTextContent('This replaces the connector in the editor');
    expect(within(warning).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'the operations',
      'the authentication (API key, replaced by Bearer token)',
      'the headers, timeouts, retries or allowed origins',
    ]);
    await user.click(within(dialog).getByRole('button', { name: 'Replace the connector in the editor' }));

    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(screen.getByTestId('preset-loaded')).toHaveTextContent('The SCIM 2.0 preset is in the editor (not saved yet)');
    expect(screen.getByTestId('connector-dirty')).toHaveTextContent('Unsaved changes');
    expect(screen.getByTestId('operation-add_user')).toHaveAttribute('data-defined', 'true');
    expect(screen.getByTestId('operation-set_quota')).toHaveAttribute('data-defined', 'false');
    expect(pathInput()).toHaveValue('/scim/v2/ServiceProviderConfig');
    expect(saved()).toHaveLength(0);

    await user.click(screen.getByRole('button', { name: 'Save connector' }));
    // As shipped, comments included.
    await waitFor(() => expect(saved()).toEqual([SCIM]));
    await waitFor(() => expect(screen.queryByTestId('preset-loaded')).not.toBeInTheDocument());
  });

  it('keeps unsaved form edits when the administrator cancels', async () => {
    const { user } = setup();
    await screen.findByTestId('request-0');
    const path = pathInput();
    await user.clear(path);
    await user.paste('/healthz');
    const dialog = await openPicker(user);
    await user.click(within(dialog).getByRole('radio', { name: 'Generic REST' }));
    // The edit is what differs from the shipped preset.
    expect(within(within(dialog).getByTestId('preset-replace-warning')).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'the operations',
    ]);
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));

    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(pathInput()).toHaveValue('/healthz');
    expect(screen.queryByTestId('preset-loaded')).not.toBeInTheDocument();
  });

  it('does not offer to replace a connector with the same preset, and asks when form edits cannot be compared', async () => {
    const { user } = setup();
    let dialog = await openPicker(user);
    await user.click(within(dialog).getByRole('radio', { name: 'Generic REST' }));
    expect(within(dialog).getByTestId('preset-same')).toHaveTextContent('The editor already holds exactly this preset.');
    expect(within(dialog).getByRole('button', { name: 'Load into the editor' })).toBeDisabled();
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));

    const statuses = within(screen.getByTestId('request-0')).getByRole('textbox', { name: /^Success statuses/ });
    await user.type(statuses, '20x');
    dialog = await openPicker(user);
    await user.click(within(dialog).getByRole('radio', { name: 'Generic REST' }));
    expect(within(dialog).getByTestId('preset-differences')).toHaveTextContent('your edits in the form (some still need fixing)');
  });

  it('can keep the authentication and timeouts set in the Connection step', async () => {
    const stored = withAuthAndTimeouts(GENERIC, { type: 'bearer', secret: 'platform_token' }, { connectMs: 1000, totalMs: 9000 });
    const { user, saved } = setup(stored);
    const dialog = await openPicker(user);
    await user.click(within(dialog).getByRole('radio', { name: 'SCIM 2.0' }));
    const keep = within(dialog).getByRole('checkbox', { name: /Keep this connector's authentication and timeouts/ });
    expect(keep).not.toBeChecked();
    await user.click(keep);
    // Kept, the authentication is no longer among what is replaced.
    expect(within(dialog).getByTestId('preset-differences')).not.toHaveTextContent('authentication');
    await user.click(within(dialog).getByRole('button', { name: 'Replace the connector in the editor' }));
    await user.click(screen.getByRole('button', { name: 'Save connector' }));

    await waitFor(() => expect(saved()).toHaveLength(1));
    const sent = YAML.parse(saved()[0]);
    expect(sent.auth).toEqual({ type: 'bearer', secret: 'platform_token' });
    expect(sent.timeouts).toEqual({ connectMs: 1000, totalMs: 9000 });
    expect(sent.operations).toEqual(YAML.parse(SCIM).operations);
    expect(saved()[0]).toContain('# SCIM 2.0 preset');
  });

  it('loads a preset that runs a program into the YAML view', async () => {
    const { user } = setup();
    const dialog = await openPicker(user);
    await user.click(within(dialog).getByRole('radio', { name: 'PostgreSQL database service' }));
    expect(within(dialog).getByTestId('preset-differences')).toHaveTextContent('the whole definition');
    expect(within(dialog).queryByRole('checkbox')).not.toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Replace the connector in the editor' }));

    expect(screen.getByRole('tab', { name: 'YAML' })).toHaveAttribute('aria-selected', 'true');
    expect(yamlText()).toBe(preset('postgresql').definition);
    expect(screen.getByTestId('view-error')).toHaveTextContent('This is an exec connector');
  });
});

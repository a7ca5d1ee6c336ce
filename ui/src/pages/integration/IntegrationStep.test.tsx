import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { EditorView } from '@codemirror/view';
import YAML from 'yaml';
import { installIntegrationBackend, OPENSTACK_KEYSTONE, PRESETS } from '../../test/fakeIntegration';
import { BUILTIN_TYPES, customType } from '../../test/fixtures';
import { renderWithProviders } from '../../test/render';
import { IntegrationStep } from './IntegrationStep';

// Whole forms render slowly under jsdom, the more so when test files run in parallel.
const SLOW = { timeout: 15_000 };

const GENERIC = PRESETS[0].definition;

function setup(connectors: Record<string, string> = {}, type = customType()) {
  const backend = installIntegrationBackend({ types: [...BUILTIN_TYPES, type], integration: { connectors } });
  const user = userEvent.setup();
  renderWithProviders(<IntegrationStep type={type} instance={null} />);
  const saved = () => backend.callsTo('set_platform_type_connector').map((c) => c.args);
  return { backend, user, saved };
}

/** Replaces a CodeMirror editor's text, as typing all of it would. */
function setEditorText(name: string | RegExp, text: string) {
  const view = EditorView.findFromDOM(screen.getByRole('textbox', { name }));
  if (!view) throw new Error('no editor view');
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
}

function editorText(name: string | RegExp): string {
  return EditorView.findFromDOM(screen.getByRole('textbox', { name }))!.state.doc.toString();
}

async function replace(user: ReturnType<typeof userEvent.setup>, input: HTMLElement, text: string) {
  await user.clear(input);
  // Pasted rather than typed: quicker, and "{" needs no escaping.
  await user.paste(text);
}

describe('choosing where to start', SLOW, () => {
  it('saves the chosen preset exactly as shipped, then shows its operations', async () => {
    const { user, saved } = setup();
    const scim = await screen.findByRole('radio', { name: 'SCIM 2.0' });
    expect(screen.getByRole('button', { name: 'Use this connector' })).toBeDisabled();

    await user.click(scim);
    expect(scim).toHaveAttribute('aria-checked', 'true');
    await user.click(screen.getByRole('button', { name: 'Use this connector' }));

    await waitFor(() => expect(saved()).toEqual([{ identifier: 'KAFKA', definition: PRESETS[1].definition }]));
    expect(await screen.findByTestId('connector-editor')).toBeInTheDocument();
    expect(screen.getByTestId('operation-add_user')).toHaveAttribute('data-defined', 'true');
    expect(screen.getByTestId('operation-set_quota')).toHaveAttribute('data-defined', 'false');
    expect(within(screen.getByTestId('operation-set_quota')).getByText('Not defined')).toBeInTheDocument();
  });

  it('starts from scratch with only a check operation (GET /)', async () => {
    const { user, saved } = setup();
    await user.click(await screen.findByRole('radio', { name: 'Start from scratch' }));
    await user.click(screen.getByRole('button', { name: 'Use this connector' }));

    await waitFor(() => expect(saved()).toHaveLength(1));
    const def = YAML.parse(saved()[0].definition as string);
    expect(def.kind).toBe('http');
    expect(def.operations).toEqual({ check: { requests: [{ name: 'health', method: 'GET', path: '/' }] } });
    expect(await screen.findByTestId('operation-editor')).toHaveAttribute('data-operation', 'check');
  });
});

describe('editing operations', SLOW, () => {
  it('lists the eleven operations with plain names and whether each is defined', async () => {
    setup({ KAFKA: GENERIC });
    const list = await screen.findByRole('navigation', { name: 'Operations' });
    expect(within(list).getAllByRole('button')).toHaveLength(11);
    expect(within(list).getByRole('button', { name: /Create a tenant/ })).toHaveTextContent('Defined');
    expect(within(list).getByRole('button', { name: /Check health and identity/ })).toHaveAttribute('aria-current', 'true');
  });

  it('reads a connector with unsupported operations and shows why each is left out', async () => {
    const { user, saved } = setup({ KAFKA: OPENSTACK_KEYSTONE });
    const probe = await screen.findByTestId('operation-probe_quota');
    expect(probe).toHaveAttribute('data-unsupported', 'true');
    expect(probe).toHaveTextContent('Not supported');
    expect(screen.getByTestId('operation-set_quota')).toHaveTextContent('Not defined');

    await user.click(probe);
    expect(screen.getByTestId('operation-undefined')).toHaveTextContent(
      'Not supported: Keystone stores limits; the services (Nova, Cinder) enforce them',
    );
    // Defining it takes it off the unsupported list, as Rust requires.
    await user.click(screen.getByTestId('operation-define'));
    expect(probe).toHaveTextContent('Defined');
    await user.click(screen.getByRole('button', { name: 'Save connector' }));
    await waitFor(() => expect(saved()).toHaveLength(1));
    const sent = YAML.parse(saved()[0].definition as string);
    expect(sent.operations.probe_quota.requests).toHaveLength(1);
    expect(sent).not.toHaveProperty('unsupported');
  });

  it("sends YAML that parses back to the edited definition", async () => {
    const { user, saved } = setup({ KAFKA: GENERIC });
    await user.click(await screen.findByRole('button', { name: /Read a tenant/ }));
    const request = screen.getByTestId('request-0');

    await user.selectOptions(within(request).getByRole('combobox', { name: /^Method/ }), 'POST');
    await replace(user, within(request).getByLabelText(/^Path/, { selector: 'input' }), '/v2/tenants/{{ tenant.name | path }}');
    await replace(user, within(request).getByRole('textbox', { name: /^Success statuses/ }), '200, 203');
    await replace(user, within(request).getByRole('textbox', { name: /^Not-found status/ }), '410');
    expect(screen.getByTestId('connector-dirty')).toHaveTextContent('Unsaved changes');

    await user.click(screen.getByRole('button', { name: 'Save connector' }));
    await waitFor(() => expect(saved()).toHaveLength(1));

    const sent = YAML.parse(saved()[0].definition as string);
    const original = YAML.parse(GENERIC);
    expect(sent.operations.get_tenant.requests[0]).toEqual({
      ...original.operations.get_tenant.requests[0],
      method: 'POST',
      path: '/v2/tenants/{{ tenant.name | path }}',
      expect: [200, 203],
      notFound: 410,
    });
    expect({ ...sent, operations: { ...sent.operations, get_tenant: null } }).toEqual({
      ...original,
      operations: { ...original.operations, get_tenant: null },
    });
    await waitFor(() => expect(screen.queryByTestId('connector-dirty')).not.toBeInTheDocument());
  });

  it('adds and removes requests and operations', async () => {
    const { user, saved } = setup({ KAFKA: GENERIC });
    await user.click(await screen.findByRole('button', { name: /Set a quota/ }));
    await user.click(screen.getByRole('button', { name: 'Add request' }));
    await replace(user, within(screen.getByTestId('request-1')).getByLabelText(/^Path/, { selector: 'input' }), '/api/audit');
    await user.click(screen.getByRole('button', { name: /Read a tenant/ }));
    await user.click(screen.getByRole('button', { name: 'Remove operation' }));
    expect(screen.getByTestId('operation-undefined')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Save connector' }));

    await waitFor(() => expect(saved()).toHaveLength(1));
    const sent = YAML.parse(saved()[0].definition as string);
    expect(sent.operations.get_tenant).toBeUndefined();
    expect(sent.operations.set_quota.requests.map((r: { path: string }) => r.path)).toEqual([
      '/api/tenants/{{ outputs.tenant_id | path }}/quotas/{{ quota.key | path }}',
      '/api/audit',
    ]);
  });

  it('marks a body that is not JSON and sends nothing', async () => {
    const { user, saved } = setup({ KAFKA: GENERIC });
    await user.click(await screen.findByRole('button', { name: /Create a tenant/ }));
    setEditorText('Body (JSON template)', '{"name": "{{ tenant.name }}",');
    await user.click(screen.getByRole('button', { name: 'Save connector' }));

    expect(await screen.findByTestId('request-0-body-error')).toHaveTextContent('The body is not valid JSON');
    expect(screen.getByTestId('connector-save-error')).toHaveTextContent('Some values need fixing first');
    expect(saved()).toHaveLength(0);
  });

  it("shows the backend's `connector` error next to Save and keeps the edits", async () => {
    const { user, saved } = setup({ KAFKA: GENERIC });
    await user.click(await screen.findByTestId('view-yaml'));
    setEditorText('Connector definition (YAML)', GENERIC.replace('apiVersion: platformbuilder.dev/connector/v1', 'apiVersion: v0'));
    await user.click(screen.getByRole('button', { name: 'Save connector' }));

    expect(await screen.findByTestId('connector-save-error')).toHaveTextContent("apiVersion 'v0' is not supported");
    expect(editorText('Connector definition (YAML)')).toContain('apiVersion: v0');
    expect(screen.getByTestId('connector-dirty')).toBeInTheDocument();
    expect(saved()).toHaveLength(1);
    expect(screen.queryByTestId('error-notification')).not.toBeInTheDocument();
  });
});

describe('template variables', SLOW, () => {
  it("offers the type's custom fields in the path after {{", async () => {
    const region = { key: 'region', label: 'Region', help: '', kind: 'text' as const, required: true, default: null, pattern: null, min: null, max: null, options: [] };
    const { user } = setup({ KAFKA: GENERIC }, customType({ customFields: [region] }));
    const path = within(await screen.findByTestId('request-0')).getByLabelText(/^Path/, { selector: 'input' });
    await user.clear(path);
    await user.paste('/regions/{{ fie');

    // jsdom never ends the dropdown's opening transition, so its options count as hidden.
    await user.click(await screen.findByRole('option', { name: /fields\.region/, hidden: true }));
    expect(path).toHaveValue('/regions/{{ fields.region }}');
  });
});

describe('the YAML view', SLOW, () => {
  it('shows form edits as YAML and reads YAML edits back into the form', async () => {
    const { user } = setup({ KAFKA: GENERIC });
    await user.click(await screen.findByRole('button', { name: /Check health/ }));
    await replace(user, within(screen.getByTestId('request-0')).getByLabelText(/^Path/, { selector: 'input' }), '/healthz');

    await user.click(screen.getByTestId('view-yaml'));
    const text = editorText('Connector definition (YAML)');
    expect(YAML.parse(text).operations.check.requests[0].path).toBe('/healthz');
    // The comments at the top of the preset are still there.
    expect(text).toContain('# Generic REST preset');

    setEditorText('Connector definition (YAML)', text.replace('path: /healthz', 'path: /livez'));
    await user.click(screen.getByTestId('view-form'));
    expect(within(screen.getByTestId('request-0')).getByLabelText(/^Path/, { selector: 'input' })).toHaveValue('/livez');
  });

  it('keeps the YAML and says why when it cannot be read', async () => {
    const { user } = setup({ KAFKA: GENERIC });
    await user.click(await screen.findByTestId('view-yaml'));
    setEditorText('Connector definition (YAML)', 'apiVersion: x\nkind: http\noperations:\n  check: [');
    await user.click(screen.getByTestId('view-form'));

    expect(await screen.findByTestId('view-error')).toHaveTextContent('Not valid YAML');
    expect(screen.getByRole('tab', { name: 'YAML' })).toHaveAttribute('aria-selected', 'true');
    expect(editorText('Connector definition (YAML)')).toContain('check: [');
  });
});

describe('built-in types', SLOW, () => {
  it('shows the shipped connector read-only', async () => {
    const builtin = BUILTIN_TYPES.find((t) => t.identifier === 'GENERIC-REST')!;
    setup({}, builtin);
    expect(await screen.findByText('Built-in types keep their shipped connector')).toBeInTheDocument();
    const editor = screen.getByRole('textbox', { name: 'Connector definition (read-only)' });
    expect(editor).toHaveAttribute('aria-readonly', 'true');
    expect(editor).toHaveAttribute('contenteditable', 'false');
    expect(editorText('Connector definition (read-only)')).toBe(GENERIC);
    expect(screen.queryByRole('button', { name: 'Save connector' })).not.toBeInTheDocument();
  });
});

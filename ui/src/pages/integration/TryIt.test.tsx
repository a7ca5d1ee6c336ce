import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Instance } from '../../bindings/Instance';
import { ipcError } from '../../test/fakeBackend';
import { installIntegrationBackend, operationReport, PRESETS, type IntegrationOptions } from '../../test/fakeIntegration';
import { BUILTIN_TYPES, customType, instance as instanceFixture, platform } from '../../test/fixtures';
import { renderWithProviders } from '../../test/render';
import { IntegrationStep } from './IntegrationStep';

// Whole forms render slowly under jsdom, the more so when test files run in parallel.
const SLOW = { timeout: 15_000 };

const GENERIC = PRESETS[0].definition;

async function setup(options: { instance?: Instance | null; integration?: IntegrationOptions; operation?: RegExp } = {}) {
  const inst = options.instance === undefined ? instanceFixture() : options.instance;
  const backend = installIntegrationBackend({
    types: [...BUILTIN_TYPES, customType()],
    platforms: [platform()],
    instances: inst ? [inst] : [],
    integration: { connectors: { KAFKA: GENERIC }, ...options.integration },
  });
  const user = userEvent.setup();
  renderWithProviders(<IntegrationStep type={customType()} instance={inst} />);
  await user.click(await screen.findByRole('button', { name: options.operation ?? /Create a tenant/ }));
  return { backend, user, panel: screen.getByTestId('try-it') };
}

describe('Try it', SLOW, () => {
  it('previews the rendered request with the values asked for', async () => {
    const { backend, user, panel } = await setup();
    const name = within(panel).getByRole('textbox', { name: 'Tenant name' });
    // The generated name is a suggestion: typing replaces it instead of being appended to it.
    expect(name).toHaveValue('');
    expect(name.getAttribute('placeholder')).toMatch(/^pb-try-[a-z0-9]{6}$/);
    // create_tenant reads only the tenant: no user or quota questions.
    expect(within(panel).queryByRole('textbox', { name: 'User name' })).not.toBeInTheDocument();

    await user.type(name, 'team-a');
    expect(name).toHaveValue('team-a');
    await user.click(within(panel).getByRole('button', { name: 'Preview request' }));

    await waitFor(() => expect(backend.callsTo('dry_run_operation')).toHaveLength(1));
    expect(backend.callsTo('dry_run_operation')[0].args).toEqual({
      id: 'i-1',
      operation: 'create_tenant',
      values: {
        tenant: {
          name: 'team-a',
          identifier: 'team-a',
          description: 'Created by Try it in Platform Builder; safe to delete',
          tags: {},
        },
      },
    });
    const rendered = await within(panel).findByTestId('rendered-request');
    expect(within(rendered).getByTestId('inspector-url')).toHaveTextContent('https://kafka-prod.example.com/api/tenants');
    expect(within(rendered).getByRole('row', { name: 'X-API-Key *****' })).toBeInTheDocument();
    expect(within(rendered).getByTestId('rendered-body')).toHaveTextContent('"password": "*****"');
    expect(backend.callsTo('run_operation')).toHaveLength(0);
  });

  it('warns before a change to the real platform, then shows the exchange in the inspector', async () => {
    const { backend, user, panel } = await setup();
    const name = within(panel).getByRole('textbox', { name: 'Tenant name' });
    const suggestion = name.getAttribute('placeholder')!;
    expect(name).toHaveAccessibleDescription(`Left empty, “${suggestion}” is used`);
    await user.click(within(panel).getByRole('button', { name: 'Send' }));

    const dialog = await screen.findByRole('dialog', { name: 'Send create_tenant to prod-eu?' });
    expect(within(dialog).getByTestId('try-confirm-warning')).toHaveTextContent('changes the real platform');
    expect(backend.callsTo('run_operation')).toHaveLength(0);
    await user.click(within(dialog).getByRole('button', { name: 'Send to prod-eu' }));

    await waitFor(() => expect(backend.callsTo('run_operation')).toHaveLength(1));
    const { args } = backend.callsTo('run_operation')[0];
    // Left empty, the field sends the suggestion it showed.
    expect(args).toMatchObject({
      id: 'i-1',
      operation: 'create_tenant',
      values: { tenant: { name: suggestion, identifier: suggestion, description: 'Created by Try it in Platform Builder; safe to delete' } },
    });

    const inspector = await within(panel).findByTestId('operation-inspector');
    expect(within(inspector).getByTestId('inspector-outcome')).toHaveTextContent('Succeeded');
    expect(within(inspector).getByTestId('exchange-status')).toHaveTextContent('201');
    expect(within(inspector).getByTestId('exchange-duration')).toHaveTextContent('47 ms');
    const requestHeaders = within(inspector).getByTestId('request-headers');
    expect(within(requestHeaders).getByRole('row', { name: 'X-API-Key *****' })).toBeInTheDocument();
    expect(within(inspector).getByTestId('request-body')).toHaveTextContent('"password": "*****"');
    expect(within(inspector).getByTestId('response-headers')).toHaveTextContent('application/json');
    // JSON answers are indented for reading.
    expect(within(inspector).getByTestId('response-body').textContent).toBe('{\n  "id": "t-42",\n  "name": "pb-try-abc123"\n}');
    expect(within(inspector).getByTestId('inspector-outputs')).toHaveTextContent('"tenant_id": "t-42"');
  });

  it('sends a read at once, asks for outputs of other operations, and shows the error', async () => {
    const failed = operationReport({
      operation: 'get_tenant',
      ok: false,
      outputs: {},
      error: { code: 'unauthorized', class: 'authentication', message: 'the platform refused the credential (401)', remediation: "Check the instance's credential." },
    });
    const { backend, user, panel } = await setup({ operation: /Read a tenant/, integration: { run: () => failed } });
    await user.type(within(panel).getByRole('textbox', { name: 'outputs.tenant_id' }), 't-42');
    await user.click(within(panel).getByRole('button', { name: 'Send' }));

    await waitFor(() => expect(backend.callsTo('run_operation')).toHaveLength(1));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(backend.callsTo('run_operation')[0].args.values).toEqual({ outputs: { tenant_id: 't-42' } });
    const error = await within(panel).findByTestId('inspector-error');
    expect(error).toHaveTextContent('the platform refused the credential (401)');
    expect(error).toHaveTextContent('unauthorized');
    expect(error).toHaveTextContent("Check the instance's credential.");
    expect(within(panel).getByTestId('inspector-outcome')).toHaveTextContent('Failed');
  });

  it('shows a refused preview with its message and code', async () => {
    const { user, panel } = await setup({
      integration: {
        dryRun: () => {
          throw ipcError('template_error', 'create_tenant: template error in requests[0].body.json: undefined value');
        },
      },
    });
    await user.click(within(panel).getByRole('button', { name: 'Preview request' }));
    const failure = await within(panel).findByTestId('try-it-failure');
    expect(failure).toHaveTextContent('create_tenant: template error in requests[0].body.json');
    expect(failure).toHaveTextContent('template_error');
  });

  it('says why it cannot run without an instance', async () => {
    const { panel } = await setup({ instance: null });
    expect(within(panel).getByTestId('try-it-blocked')).toHaveTextContent('needs a saved instance');
    expect(within(panel).queryByRole('button', { name: 'Send' })).not.toBeInTheDocument();
  });

  it('waits for the connector to be saved', async () => {
    const { user } = await setup();
    await user.type(screen.getByLabelText(/^Path/, { selector: 'input' }), 'x');
    expect(screen.getByTestId('try-it-blocked')).toHaveTextContent('Save the connector first');
  });
});

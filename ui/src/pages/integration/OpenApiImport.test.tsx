import { beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { open } from '@tauri-apps/plugin-dialog';
import YAML from 'yaml';
import { installIntegrationBackend } from '../../test/fakeIntegration';
import { BUILTIN_TYPES, customType } from '../../test/fixtures';
import { renderWithProviders } from '../../test/render';
import { IntegrationStep } from './IntegrationStep';

// Whole forms render slowly under jsdom, the more so when test files run in parallel.
const SLOW = { timeout: 15_000 };

vi.mock('@tauri-apps/plugin-dialog', () => ({ open: vi.fn() }));

const DOC = `openapi: 3.0.3
info: {title: Tenancy API, version: "2.1"}
servers: [{url: "https://api.example.com/v2"}]
paths:
  /health:
    get: {summary: Liveness}
  /tenants:
    post:
      summary: Create a tenant
      requestBody:
        content:
          application/json:
            example: {name: demo, plan: small}
  /tenants/{id}:
    get: {summary: Read a tenant}
    delete: {summary: Delete a tenant}
  /tenants/{tenantId}/members/{userId}:
    put: {summary: Add a member}
  /reports:
    get: {summary: Usage report}
`;

const SCRATCH = `apiVersion: platformbuilder.dev/connector/v1
kind: http
operations:
  check:
    requests:
      - method: GET
        path: /
`;

function setup(files: Record<string, string> = {}) {
  const backend = installIntegrationBackend({
    types: [...BUILTIN_TYPES, customType()],
    integration: { connectors: { KAFKA: SCRATCH }, files },
  });
  const user = userEvent.setup();
  renderWithProviders(<IntegrationStep type={customType()} instance={null} />);
  return { backend, user };
}

async function openImport(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByRole('button', { name: 'Import from OpenAPI' }));
  return screen.findByRole('dialog', { name: 'Import operations from OpenAPI' });
}

beforeEach(() => {
  vi.mocked(open).mockReset();
});

describe('import from OpenAPI', SLOW, () => {
  it('maps pasted endpoints to operations, converting paths, and saves only on Save', async () => {
    const { backend, user } = setup();
    const dialog = await openImport(user);
    await user.click(within(dialog).getByRole('textbox', { name: 'Paste the document' }));
    await user.paste(DOC);
    await user.click(within(dialog).getByRole('button', { name: 'Read pasted document' }));

    await waitFor(() => expect(backend.callsTo('import_openapi')).toHaveLength(1));
    expect(backend.callsTo('import_openapi')[0].args).toEqual({ source: { text: DOC } });
    const rows = await within(dialog).findAllByTestId('openapi-endpoint');
    expect(rows).toHaveLength(6);
    expect(within(dialog).getByTestId('openapi-server')).toHaveTextContent('https://api.example.com/v2');
    // Suggested operations are pre-selected and ticked; the report has none.
    expect(within(dialog).getByRole('combobox', { name: 'Operation for GET /tenants/{id}' })).toHaveValue('get_tenant');
    expect(within(dialog).getByRole('checkbox', { name: 'Import GET /reports' })).not.toBeChecked();
    expect(within(dialog).getByTestId('openapi-replaces')).toHaveTextContent('replaces the current definition of check');

    await user.click(within(dialog).getByRole('checkbox', { name: 'Import DELETE /tenants/{id}' }));
    await user.click(within(dialog).getByRole('button', { name: 'Import 4 endpoints' }));

    const summary = await screen.findByTestId('openapi-summary');
    expect(summary).toHaveTextContent('create_tenant: POST /tenants');
    expect(within(summary).getByTestId('openapi-review')).toHaveTextContent('add_user: {{ tenantId }}');
    expect(backend.callsTo('set_platform_type_connector')).toHaveLength(0);

    await user.click(screen.getByRole('button', { name: 'Save connector' }));
    await waitFor(() => expect(backend.callsTo('set_platform_type_connector')).toHaveLength(1));
    const ops = YAML.parse(backend.callsTo('set_platform_type_connector')[0].args.definition as string).operations;
    expect(Object.keys(ops).sort()).toEqual(['add_user', 'check', 'create_tenant', 'get_tenant']);
    expect(ops.check.requests).toEqual([{ name: 'Liveness', method: 'GET', path: '/health' }]);
    expect(ops.create_tenant.requests[0]).toEqual({
      name: 'Create a tenant',
      method: 'POST',
      path: '/tenants',
      body: { json: { name: 'demo', plan: 'small' } },
    });
    expect(ops.get_tenant.requests[0]).toMatchObject({ path: '/tenants/{{ tenant.name | path }}', notFound: 404 });
    expect(ops.add_user.requests[0]).toMatchObject({ method: 'PUT', path: '/tenants/{{ tenantId }}/members/{{ user.name | path }}' });
  });

  it('reads the file picked in the native dialog', async () => {
    vi.mocked(open).mockResolvedValue('/home/admin/api/openapi.yaml');
    const { backend, user } = setup({ '/home/admin/api/openapi.yaml': DOC });
    const dialog = await openImport(user);
    await user.click(within(dialog).getByRole('button', { name: 'Choose file…' }));

    await waitFor(() => expect(backend.callsTo('import_openapi')).toHaveLength(1));
    expect(vi.mocked(open)).toHaveBeenCalledWith(
      expect.objectContaining({ multiple: false, filters: [{ name: 'OpenAPI document', extensions: ['yaml', 'yml', 'json'] }] }),
    );
    expect(backend.callsTo('import_openapi')[0].args).toEqual({ source: { path: '/home/admin/api/openapi.yaml' } });
    expect(await within(dialog).findByTestId('openapi-title')).toHaveTextContent('Tenancy API');
  });

  it('does nothing when the file dialog is cancelled', async () => {
    vi.mocked(open).mockResolvedValue(null);
    const { backend, user } = setup();
    const dialog = await openImport(user);
    await user.click(within(dialog).getByRole('button', { name: 'Choose file…' }));
    await waitFor(() => expect(vi.mocked(open)).toHaveBeenCalled());
    expect(backend.callsTo('import_openapi')).toHaveLength(0);
  });

  it('shows why a URL or pasted text could not be read under its input', async () => {
    const { user } = setup({ 'https://api.example.com/swagger.json': '{"swagger": "2.0"}' });
    const dialog = await openImport(user);
    await user.type(within(dialog).getByRole('textbox', { name: 'Document URL' }), 'https://api.example.com/swagger.json');
    await user.click(within(dialog).getByRole('button', { name: 'Fetch' }));
    expect(await within(dialog).findByTestId('openapi-url-error')).toHaveTextContent('Not an OpenAPI 3 document');

    await user.click(within(dialog).getByRole('textbox', { name: 'Paste the document' }));
    await user.paste('openapi: 2.0');
    await user.click(within(dialog).getByRole('button', { name: 'Read pasted document' }));
    expect(await within(dialog).findByTestId('openapi-text-error')).toHaveTextContent('Not an OpenAPI 3 document');
  });
});

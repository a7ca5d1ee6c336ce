import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import YAML from 'yaml';
import type { PlatformType } from '../../bindings/PlatformType';
import { installIntegrationBackend, OPENSTACK_KEYSTONE, PRESETS } from '../../test/fakeIntegration';
import { BUILTIN_TYPES, customType } from '../../test/fixtures';
import { renderWithProviders } from '../../test/render';
import { AuthSettings } from './AuthSettings';

// Whole forms render slowly under jsdom, the more so when test files run in parallel.
const SLOW = { timeout: 15_000 };

const GENERIC = PRESETS[0].definition;

function setup(connectors: Record<string, string>, type: PlatformType = customType()) {
  const backend = installIntegrationBackend({ types: [...BUILTIN_TYPES, type], integration: { connectors } });
  const user = userEvent.setup();
  const onSaved = vi.fn();
  renderWithProviders(<AuthSettings type={type} onSaved={onSaved} />);
  const saved = () => backend.callsTo('set_platform_type_connector').map((c) => YAML.parse(c.args.definition as string));
  return { backend, user, onSaved, saved };
}

describe('authentication settings', SLOW, () => {
  it("saves the chosen scheme, keeping the connector's secret name and everything else", async () => {
    const { user, onSaved, saved, backend } = setup({ KAFKA: GENERIC });
    const scheme = await screen.findByRole('combobox', { name: 'Authentication scheme' });
    expect(scheme).toHaveValue('api_key');
    expect(await screen.findByTestId('auth-preset-operations')).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Header name' })).toHaveValue('X-API-Key');

    await user.selectOptions(scheme, 'Bearer token');
    expect(screen.getByTestId('auth-credential-note')).toHaveTextContent("The instance's credential is the token");
    expect(screen.getByRole('textbox', { name: 'Secret name' })).toHaveValue('api_key');
    await user.click(screen.getByRole('button', { name: 'Save authentication' }));

    await waitFor(() => expect(saved()).toHaveLength(1));
    const sent = saved()[0];
    expect(sent.auth).toEqual({ type: 'bearer', secret: 'api_key' });
    expect(sent.operations).toEqual(YAML.parse(GENERIC).operations);
    expect(backend.callsTo('set_platform_type_connector')[0].args.definition).toContain('# Generic REST preset');
    await waitFor(() => expect(onSaved).toHaveBeenCalledTimes(1));
  });

  it('reads a connector that lists unsupported operations, and keeps the list on save', async () => {
    const { user, saved } = setup({ KAFKA: OPENSTACK_KEYSTONE });
    const scheme = await screen.findByRole('combobox', { name: 'Authentication scheme' });
    expect(scheme).toHaveValue('login');
    expect(screen.queryByTestId('auth-not-http')).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Save authentication' }));
    await waitFor(() => expect(saved()).toHaveLength(1));
    expect(saved()[0].unsupported).toEqual(YAML.parse(OPENSTACK_KEYSTONE).unsupported);
  });

  it('creates the connector from the Generic REST preset when the type has none, saying so', async () => {
    const { user, saved, backend } = setup({});
    const creates = await screen.findByTestId('auth-creates');
    expect(creates).toHaveTextContent('This type has no connector yet');
    expect(creates).toHaveTextContent('Authentication is part of the connector');
    expect(creates).toHaveTextContent('defined in step 5, Integration');
    expect(screen.getByTestId('auth-save-starts')).toHaveTextContent(
      "It starts from the Generic REST preset; adapt its operations in step 5 before relying on the connection test's probe",
    );
    expect(screen.queryByTestId('auth-preset-operations')).not.toBeInTheDocument();

    await user.selectOptions(screen.getByRole('combobox', { name: 'Authentication scheme' }), 'OAuth2 client credentials');
    await user.type(screen.getByRole('textbox', { name: /^Client id/ }), 'platform-builder');
    await user.type(screen.getByRole('textbox', { name: /^Scope/ }), 'tenants:write');
    const connect = screen.getByRole('textbox', { name: /^Connect timeout/ });
    await user.clear(connect);
    await user.type(connect, '2000');
    await user.click(screen.getByRole('button', { name: 'Start the connector with this authentication' }));

    await waitFor(() => expect(saved()).toHaveLength(1));
    expect(backend.callsTo('set_platform_type_connector')[0].args.identifier).toBe('KAFKA');
    // Saved: the operations are still the preset's until step 5 changes them.
    expect(await screen.findByTestId('auth-preset-operations')).toHaveTextContent(
      "The connector's operations are still the Generic REST preset's (its health check calls /api/health) until you edit them in step 5",
    );
    expect(screen.queryByTestId('auth-creates')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Save authentication' })).toBeInTheDocument();
    const sent = saved()[0];
    expect(sent.auth).toEqual({
      type: 'oauth2_client_credentials',
      tokenUrl: '/oauth/token',
      clientId: 'platform-builder',
      secret: 'client_secret',
      scope: 'tenants:write',
    });
    expect(sent.timeouts).toEqual({ connectMs: 2000, totalMs: 15000 });
    expect(sent.operations).toEqual(YAML.parse(GENERIC).operations);
  });

  it('marks missing values under their inputs and sends nothing', async () => {
    const { user, saved } = setup({ KAFKA: GENERIC });
    await user.selectOptions(await screen.findByRole('combobox', { name: 'Authentication scheme' }), 'Basic');
    await user.type(screen.getByRole('textbox', { name: 'Secret name' }), '{{}bad name');
    await user.click(screen.getByRole('button', { name: 'Save authentication' }));

    expect(screen.getByTestId('auth-username-error')).toHaveTextContent('Enter the user name');
    expect(screen.getByTestId('auth-secret-error')).toHaveTextContent('Use letters, digits and _');
    expect(saved()).toHaveLength(0);
  });

  it("shows the backend's refusal next to Save", async () => {
    const { user } = setup({ KAFKA: GENERIC.replace('apiVersion: platformbuilder.dev/connector/v1', 'apiVersion: v0') });
    await user.click(await screen.findByRole('button', { name: 'Save authentication' }));
    expect(await screen.findByTestId('auth-save-error')).toHaveTextContent("apiVersion 'v0' is not supported");
  });

  it('is read-only for a built-in type', async () => {
    setup({}, BUILTIN_TYPES.find((t) => t.identifier === 'GENERIC-REST'));
    expect(await screen.findByTestId('auth-builtin')).toHaveTextContent('Built-in types keep their shipped connector');
    expect(screen.getByRole('combobox', { name: 'Authentication scheme' })).toBeDisabled();
    expect(screen.queryByRole('button', { name: 'Save authentication' })).not.toBeInTheDocument();
  });

  it('says why a built-in type without a connector has none', async () => {
    setup({}, BUILTIN_TYPES.find((t) => t.identifier === 'OPENSTACK'));
    const alert = await screen.findByTestId('auth-builtin');
    expect(alert).toHaveTextContent('No connector ships for this built-in type yet');
    expect(alert).toHaveTextContent('none has been for this type yet');
    expect(alert).toHaveTextContent('A custom type can define its own connector');
  });

  it('notes no preset operations once the connector has its own', async () => {
    const { backend } = setup({ KAFKA: GENERIC.replace('path: /api/health', 'path: /healthz') });
    await screen.findByRole('combobox', { name: 'Authentication scheme' });
    await waitFor(() => expect(backend.callsTo('list_connector_presets')).toHaveLength(1));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(screen.queryByTestId('auth-preset-operations')).not.toBeInTheDocument();
  });

  it('explains that mutual TLS needs no secret', async () => {
    const { user } = setup({ KAFKA: GENERIC });
    await user.selectOptions(await screen.findByRole('combobox', { name: 'Authentication scheme' }), 'Mutual TLS (client certificate)');
    expect(screen.queryByRole('textbox', { name: 'Secret name' })).not.toBeInTheDocument();
    expect(screen.getByTestId('auth-credential-note')).toHaveTextContent("client certificate authenticates");
  });
});

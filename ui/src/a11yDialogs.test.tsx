import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { MantineProvider } from '@mantine/core';
import type { StoredTestRun } from './bindings/StoredTestRun';
import { PlatformsPage } from './pages/PlatformsPage';
import { InstancePage } from './pages/instance/InstancePage';
import { IntegrationStep } from './pages/integration/IntegrationStep';
import { ExecTrustPanel } from './pages/types/ExecTrustPanel';
import { seriousViolations } from './test/axe';
import { installBackend } from './test/fakeBackend';
import { installExecTrustBackend } from './test/fakeExecTrust';
import { installIntegrationBackend, PRESETS } from './test/fakeIntegration';
import { installRegistryBackend } from './test/fakeRegistry';
import { BUILTIN_TYPES, customType, instance, platform } from './test/fixtures';
import { renderWithProviders } from './test/render';
import { connectionTest, exchange, stepReport, testRun, testRunRecord } from './test/validationFixtures';

// The dialogs and panels opened from the main pages (a11y.test.tsx) and the
// Integration step (a11yWizard.test.tsx), in the state an administrator reads
// them: results shown, lists filled. None may have a serious or critical
// axe-core violation.

vi.mock('@tauri-apps/plugin-dialog', () => ({ open: vi.fn(), save: vi.fn() }));
vi.mock('@tauri-apps/plugin-opener', () => ({ openUrl: vi.fn(() => Promise.resolve()) }));

const SLOW = { timeout: 10_000 };
const TYPES = [...BUILTIN_TYPES, customType()];

async function expectAccessible() {
  expect(await seriousViolations()).toBe('');
}

// As in RegistryPage.test: env="test" lets Mantine popovers and comboboxes work under jsdom.
function render(ui: ReactElement) {
  return renderWithProviders(<MantineProvider env="test">{ui}</MantineProvider>);
}

afterEach(() => vi.restoreAllMocks());

describe('accessibility of the platform dialogs', () => {
  const PLATFORMS = [platform(), platform({ id: 'p-2', name: 'Databases', typeId: 'AWS' })];
  const INSTANCES = [
    instance(),
    instance({ id: 'i-2', name: 'dev-eu', environment: 'dev' }),
    instance({ id: 'i-3', platformId: 'p-2', name: 'pg-prod' }),
  ];

  it('testing all instances, with the results', async () => {
    installBackend({
      types: TYPES,
      platforms: PLATFORMS,
      instances: INSTANCES,
      bulk: { outcomes: { 'i-2': { status: 'failed', summary: 'dns: no such host', durationMs: 1520 } } },
    });
    const user = userEvent.setup();
    render(<PlatformsPage />);
    await user.click(await screen.findByTestId('test-all'));
    expect(await screen.findByTestId('bulk-counts')).toHaveTextContent('2 ok, 0 warnings, 1 failed');
    await expectAccessible();
  });

  it('setting the credential of an instance', async () => {
    installBackend({ types: TYPES, platforms: PLATFORMS, instances: INSTANCES });
    const user = userEvent.setup();
    render(<PlatformsPage />);
    await user.click((await screen.findAllByTestId('platform-row'))[0]);
    await user.click((await screen.findAllByTestId('credential-set', {}, SLOW))[0]);
    await screen.findByTestId('credential-secret');
    await expectAccessible();
  });

  it('confirming the deletion of a platform', async () => {
    installBackend({ types: TYPES, platforms: PLATFORMS, instances: INSTANCES });
    const user = userEvent.setup();
    render(<PlatformsPage />);
    await user.click((await screen.findAllByTestId('platform-row'))[0]);
    await user.click(await screen.findByTestId('platform-delete', {}, SLOW));
    await screen.findByTestId('confirm-delete');
    await expectAccessible();
  });

  it("trusting an exec connector's program", async () => {
    installExecTrustBackend();
    const user = userEvent.setup();
    render(<ExecTrustPanel identifier="KAFKA" />);
    await user.click(await screen.findByTestId('exec-trust-open'));
    await screen.findByRole('dialog', { name: 'Trust this program on this machine?' });
    await expectAccessible();
  });
});

describe('accessibility of a stored test run', () => {
  it('a validation run opened from the history, with its requests', async () => {
    const sent = exchange({ method: 'GET', url: 'https://kafka-prod.example.com/health', status: 200, responseBody: 'up' });
    const runs: StoredTestRun[] = [
      {
        record: testRunRecord({ id: 'run-c', instanceId: 'i-1', kind: 'connection_test', status: 'ok', summary: 'all stages passed' }),
        report: connectionTest({ exchanges: [sent] }),
      },
      {
        record: testRunRecord({ id: 'run-v', instanceId: 'i-1' }),
        report: testRun({ steps: [stepReport({ exchanges: [sent, { ...sent, attempt: 2 }] })] }),
      },
    ];
    installRegistryBackend({ types: TYPES, platforms: [platform()], instances: [instance()], testRuns: runs });
    const user = userEvent.setup();
    render(<InstancePage instanceId="i-1" platformId="p-1" onBack={vi.fn()} onOpenPlatform={vi.fn()} />);
    const rows = await screen.findAllByTestId('history-row', {}, SLOW);
    await user.click(rows[1]);
    const step = within(await screen.findByTestId('test-run-detail')).getByTestId('validation-step');
    await user.click(within(step).getByRole('button', { name: 'Show requests (2)' }));
    expect(within(step).getAllByTestId('exchange')).toHaveLength(2);
    await expectAccessible();
  });
});

describe('accessibility of the connector tools', () => {
  const OPENAPI = `openapi: 3.0.3
info: {title: Tenancy API, version: "2.1"}
servers: [{url: "https://api.example.com/v2"}]
paths:
  /health:
    get: {summary: Liveness}
  /tenants:
    post: {summary: Create a tenant}
  /tenants/{id}:
    delete: {summary: Delete a tenant}
`;

  function setup() {
    const backend = installIntegrationBackend({
      types: TYPES,
      platforms: [platform()],
      instances: [instance()],
      integration: { connectors: { KAFKA: PRESETS[0].definition } },
    });
    const user = userEvent.setup();
    render(<IntegrationStep type={customType()} instance={instance()} />);
    return { backend, user };
  }

  it('choosing a preset', async () => {
    const { user } = setup();
    await user.click(await screen.findByRole('button', { name: 'Start from a preset' }, SLOW));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('radio', { name: 'SCIM 2.0' }));
    await expectAccessible();
  });

  it('importing endpoints from an OpenAPI document', async () => {
    const { user } = setup();
    await user.click(await screen.findByRole('button', { name: 'Import from OpenAPI' }, SLOW));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('textbox', { name: 'Paste the document' }));
    await user.paste(OPENAPI);
    await user.click(within(dialog).getByRole('button', { name: 'Read pasted document' }));
    expect(await within(dialog).findAllByTestId('openapi-endpoint')).toHaveLength(3);
    await expectAccessible();
  });

  it('trying an operation, with the exchange in the inspector', async () => {
    const { backend, user } = setup();
    await user.click(await screen.findByRole('button', { name: /Create a tenant/ }, SLOW));
    const panel = screen.getByTestId('try-it');
    await user.click(within(panel).getByRole('button', { name: 'Send' }));
    const dialog = await screen.findByRole('dialog', { name: 'Send create_tenant to prod-eu?' });
    await expectAccessible();
    await user.click(within(dialog).getByRole('button', { name: 'Send to prod-eu' }));
    await waitFor(() => expect(backend.callsTo('run_operation')).toHaveLength(1));
    await within(panel).findByTestId('operation-inspector');
    await expectAccessible();
  });
});

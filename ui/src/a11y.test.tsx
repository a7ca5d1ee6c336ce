import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { MantineProvider } from '@mantine/core';
import type { StoredTestRun } from './bindings/StoredTestRun';
import { App } from './App';
import { PlatformsPage } from './pages/PlatformsPage';
import { PlatformTypesPage } from './pages/PlatformTypesPage';
import { SettingsPage } from './pages/SettingsPage';
import { InstancePage } from './pages/instance/InstancePage';
import { RegistryPage } from './pages/registry/RegistryPage';
import { resetRegistryStore } from './pages/registry/registryStore';
import { WizardDrafts } from './pages/wizard/WizardDrafts';
import { seriousViolations } from './test/axe';
import { installBackend, ipcError } from './test/fakeBackend';
import { installDefinitionsBackend } from './test/fakeDefinitions';
import { field, typeWithFields } from './test/fakeFields';
import { installRegistryBackend } from './test/fakeRegistry';
import { installWizardBackend, wizardDraft } from './test/fakeWizard';
import { BUILTIN_TYPES, instance, platform } from './test/fixtures';
import { renderWithProviders } from './test/render';
import { connectionTest, testRun, testRunRecord } from './test/validationFixtures';

// Every main page, rendered with realistic data from the fake backends, must have
// no serious or critical axe-core violation. Wizard steps: a11yWizard.test.tsx.

vi.mock('@tauri-apps/plugin-dialog', () => ({ open: vi.fn(), save: vi.fn() }));
vi.mock('@tauri-apps/plugin-opener', () => ({ openUrl: vi.fn(() => Promise.resolve()) }));

// Lazily loaded pages and whole forms are slow under jsdom on a busy machine.
const SLOW = { timeout: 10_000 };

const TYPE = typeWithFields([
  field('region', 'text', { label: 'Region', required: true }),
  field('apiToken', 'secret', { label: 'API token' }),
]);
const TYPES = [...BUILTIN_TYPES, TYPE];

const PLATFORMS = [
  platform({ instanceCount: 2 }),
  platform({ id: 'p-2', identifier: 'databases', name: 'Databases', typeId: 'AWS', location: '', tags: [] }),
];

const CONFIGURED = instance({
  credential: { configured: true, version: 2, updatedAt: '2025-05-01T08:00:00Z', problem: null },
  fieldValues: { region: 'eu-1' },
  secretFields: ['apiToken'],
  lastTest: { kind: 'connection_test', status: 'ok', startedAt: '2025-06-01T11:00:00Z', summary: 'all stages passed' },
});
const INSTANCES = [
  CONFIGURED,
  instance({
    id: 'i-2',
    name: 'dev-eu',
    environment: 'dev',
    endpoint: 'https://kafka-dev.example.com',
    lastTest: { kind: 'validation', status: 'failed', startedAt: '2025-06-01T10:00:00Z', summary: '8 of 10 steps passed' },
  }),
];

function stored(id: string, kind: string, status: string): StoredTestRun {
  return {
    record: testRunRecord({ id, kind, status, instanceId: 'i-1', summary: `${kind} ${id}` }),
    report: kind === 'validation' ? testRun() : connectionTest(),
  };
}
const RUNS = [stored('run-3', 'validation', 'passed'), stored('run-2', 'connection_test', 'failed'), stored('run-1', 'connection_test', 'ok')];

async function expectAccessible() {
  expect(await seriousViolations()).toBe('');
}

// As in RegistryPage.test: env="test" lets Mantine popovers and comboboxes work under jsdom.
function render(ui: ReactElement) {
  return renderWithProviders(<MantineProvider env="test">{ui}</MantineProvider>);
}

afterEach(() => vi.restoreAllMocks());

describe('accessibility of the main pages', () => {
  it('first run: the app shell and the empty platforms page', async () => {
    installBackend({ types: TYPES });
    render(<App />);
    await screen.findByTestId('platforms-empty');
    await expectAccessible();
  });

  it('the platforms list', async () => {
    installBackend({ types: TYPES, platforms: PLATFORMS, instances: INSTANCES });
    render(<PlatformsPage />);
    await screen.findAllByTestId('platform-row');
    await expectAccessible();
  });

  it('the new platform form', async () => {
    installBackend({ types: TYPES, platforms: PLATFORMS });
    const user = userEvent.setup();
    render(<PlatformsPage />);
    await user.click(await screen.findByTestId('new-platform-button'));
    await screen.findByTestId('platform-type');
    await expectAccessible();
  });

  it('the platform types catalogue', async () => {
    installBackend({ types: TYPES, platforms: PLATFORMS });
    render(<PlatformTypesPage />);
    await screen.findAllByTestId('type-card');
    await expectAccessible();
  });

  it('the new platform type form', async () => {
    installBackend({ types: TYPES });
    const user = userEvent.setup();
    render(<PlatformTypesPage />);
    await user.click(await screen.findByTestId('new-type-button'));
    await screen.findByTestId('type-identifier');
    await expectAccessible();
  });

  it('a refusal shown as a notification', async () => {
    installBackend({
      types: TYPES,
      overrides: {
        delete_platform_type: () => {
          throw ipcError('in_use', 'KAFKA is used by 1 platform(s); delete or move them first');
        },
      },
    });
    const user = userEvent.setup();
    render(<PlatformTypesPage />);
    await user.click(await screen.findByTestId('type-delete'));
    await user.click(screen.getByTestId('confirm-delete'));
    expect(await screen.findByTestId('error-notification')).toHaveTextContent('KAFKA is used by 1 platform(s)');
    await expectAccessible();
  });

  it("a platform's detail page with its instances and connector", async () => {
    const connector = [
      'apiVersion: platformbuilder.dev/connector/v1',
      'kind: http',
      'auth: {type: bearer, secret: token}',
      'operations:',
      '  check: {requests: [{method: GET, path: /health}]}',
    ].join('\n');
    installBackend({
      types: TYPES,
      platforms: [platform({ accessInfo: 'Request access in **#platform-help**.' })],
      instances: INSTANCES,
      overrides: { get_platform_type_connector: () => connector },
    });
    const user = userEvent.setup();
    render(<PlatformsPage />);
    await user.click(await screen.findByTestId('platform-row'));
    await screen.findByTestId('platform-detail', {}, SLOW);
    expect(await screen.findAllByTestId('instance-row')).toHaveLength(2);
    await screen.findByText('Authentication: Bearer token');
    await expectAccessible();
  });

  it('the add instance dialog', async () => {
    installBackend({ types: TYPES, platforms: [platform()], instances: INSTANCES });
    const user = userEvent.setup();
    render(<PlatformsPage />);
    await user.click(await screen.findByTestId('platform-row'));
    await user.click(await screen.findByTestId('new-instance-button', {}, SLOW));
    await screen.findByRole('dialog');
    await expectAccessible();
  });

  it("the platform's documentation preview", async () => {
    installDefinitionsBackend({ types: TYPES, platforms: [platform()], instances: INSTANCES });
    const user = userEvent.setup();
    render(<PlatformsPage />);
    await user.click(await screen.findByTestId('platform-row'));
    await user.click(await screen.findByRole('button', { name: 'Documentation' }, SLOW));
    const dialog = await screen.findByRole('dialog', { name: 'Documentation: Event streaming' });
    await within(dialog).findByTestId('platform-docs-preview');
    await expectAccessible();
  });

  it('the validation drawer with a finished run and its history', async () => {
    installBackend({ types: TYPES, platforms: [platform()], instances: [CONFIGURED] });
    const user = userEvent.setup();
    render(<PlatformsPage />);
    await user.click(await screen.findByTestId('platform-row'));
    await user.click((await screen.findAllByTestId('instance-validate', {}, SLOW))[0]);
    await user.click(await screen.findByTestId('validation-run'));
    expect(await screen.findByTestId('validation-status')).toHaveTextContent('Validation passed');
    await screen.findByTestId('history-row');
    await expectAccessible();
  });

  it('an instance page with its test history', async () => {
    installRegistryBackend({ types: TYPES, platforms: [platform()], instances: [CONFIGURED], testRuns: RUNS });
    render(<InstancePage instanceId="i-1" platformId="p-1" onBack={vi.fn()} onOpenPlatform={vi.fn()} />);
    await screen.findByTestId('instance-page', {}, SLOW);
    expect(await screen.findAllByTestId('history-row')).toHaveLength(3);
    await expectAccessible();
  });

  it('the drafts of the establish wizard', async () => {
    installWizardBackend({ types: TYPES, drafts: [wizardDraft({ id: 'd-1', step: 3, data: { typeId: 'KAFKA' } })] });
    render(<WizardDrafts onOpen={vi.fn()} />);
    await screen.findByText('Event streaming');
    await expectAccessible();
  });

  it('settings, with tag definitions and a provisioning folder', async () => {
    installDefinitionsBackend({
      folders: { '/etc/platform-builder/definitions': { changes: [], pruned: [], problems: [] } },
      setting: { folder: '/etc/platform-builder/definitions', prune: false },
      overrides: {
        list_tag_definitions: () => [
          { key: 'cost-center', description: 'Who pays', mandatory: true, allowedValues: [], pattern: '[0-9]+' },
          { key: 'team', description: '', mandatory: false, allowedValues: ['core', 'payments'], pattern: null },
        ],
      },
    });
    render(<SettingsPage />);
    await screen.findByTestId('settings-data-dir', {}, SLOW);
    await screen.findByText('cost-center');
    await expectAccessible();
  });
});

describe('accessibility of the registry', () => {
  // jsdom lays nothing out: the virtualized table needs a viewport (see RegistryPage.test).
  beforeEach(() => {
    resetRegistryStore();
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockImplementation(function (this: HTMLElement) {
      return this.dataset.testid === 'registry-scroll' ? 600 : 0;
    });
    vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(1400);
  });

  it('the registry with rows', async () => {
    installRegistryBackend({ types: TYPES, platforms: PLATFORMS, instances: INSTANCES });
    render(<RegistryPage onOpenInstance={vi.fn()} onOpenPlatform={vi.fn()} onNewPlatform={vi.fn()} />);
    expect(await screen.findAllByTestId('registry-row', {}, SLOW)).toHaveLength(3);
    await expectAccessible();
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from './App';
import { notifySuccess } from './notify';
import { appStatus } from './test/fixtures';
import { installBackend, ipcError } from './test/fakeBackend';
import { installRegistryBackend } from './test/fakeRegistry';
import { installWizardBackend } from './test/fakeWizard';
import { instance, platform } from './test/fixtures';
import { renderWithProviders } from './test/render';

afterEach(() => vi.restoreAllMocks());

const LAZY = { timeout: 10_000 };

describe('App', () => {
  it('shows the header and the three nav links', async () => {
    installBackend();
    renderWithProviders(<App />);

    expect(screen.getByText('Platform Builder')).toBeInTheDocument();
    expect(screen.getByTestId('nav-platforms')).toHaveTextContent('Platforms');
    expect(screen.getByTestId('nav-types')).toHaveTextContent('Platform types');
    expect(screen.getByTestId('nav-settings')).toHaveTextContent('Settings');
    expect(screen.getByRole('heading', { level: 2, name: 'Platforms' })).toBeInTheDocument();
    expect(await screen.findByTestId('platforms-empty')).toBeInTheDocument();
    expect(screen.queryByTestId('startup-error')).not.toBeInTheDocument();
  });

  it('navigates to the settings page', async () => {
    installBackend();
    const user = userEvent.setup();
    renderWithProviders(<App />);

    expect(screen.queryByRole('heading', { level: 2, name: 'Settings' })).not.toBeInTheDocument();
    await user.click(screen.getByTestId('nav-settings'));

    // The page is loaded when first opened.
    expect(await screen.findByRole('heading', { level: 2, name: 'Settings' })).toBeInTheDocument();
    expect(screen.queryByRole('heading', { level: 2, name: 'Platforms' })).not.toBeInTheDocument();
    expect(screen.getByTestId('nav-settings')).toHaveAttribute('data-active', 'true');
  });

  it('opens an instance from the registry and its platform from the instance page', async () => {
    installRegistryBackend({ platforms: [platform()], instances: [instance()] });
    // jsdom lays nothing out; the virtualized table needs a viewport height.
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(600);
    const user = userEvent.setup();
    renderWithProviders(<App />);

    await user.click(screen.getByTestId('nav-registry'));
    expect(await screen.findByRole('heading', { level: 2, name: 'Registry' })).toBeInTheDocument();
    await user.click(await screen.findByRole('cell', { name: /^prod-eu/ }));
    expect(await screen.findByRole('heading', { level: 2, name: 'prod-eu' })).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: /Event streaming/ }));
    expect(await screen.findByTestId('platform-detail')).toBeInTheDocument();
    expect(screen.getByTestId('nav-platforms')).toHaveAttribute('data-active', 'true');
  });

  it('switches between the light and the dark theme', async () => {
    installBackend();
    const user = userEvent.setup();
    renderWithProviders(<App />);
    await user.click(screen.getByRole('button', { name: 'Switch to the dark theme' }));
    expect(document.documentElement).toHaveAttribute('data-mantine-color-scheme', 'dark');
    await user.click(screen.getByRole('button', { name: 'Switch to the light theme' }));
    expect(document.documentElement).toHaveAttribute('data-mantine-color-scheme', 'light');
  });

  it('opens the wizard itself from the first screen, not a page with the same button again', async () => {
    installWizardBackend();
    const user = userEvent.setup();
    renderWithProviders(<App />);

    await user.click(await screen.findByRole('button', { name: 'Establish a custom platform' }));
    // The wizard is loaded when first opened, which takes a while on a busy machine.
    expect(await screen.findByTestId('wizard-step-title', {}, LAZY)).toHaveTextContent('Step 1 of 10 — Platform type');
    expect(screen.getByTestId('nav-establish')).toHaveAttribute('data-active', 'true');
    expect(screen.queryByTestId('wizard-start')).not.toBeInTheDocument();
    expect(screen.queryByTestId('wizard-sandbox-badge')).not.toBeInTheDocument();
  });

  it('starts the sandbox wizard from the first screen', async () => {
    const backend = installWizardBackend();
    const user = userEvent.setup();
    renderWithProviders(<App />);

    await user.click(await screen.findByRole('button', { name: 'Try with a sandbox platform' }));
    expect(await screen.findByTestId('wizard-sandbox-badge', {}, LAZY)).toBeInTheDocument();
    expect(backend.callsTo('start_sandbox')).toHaveLength(1);
  });

  it('still offers the drafts, the wizard and the sandbox from the Establish entry of the navbar', async () => {
    installWizardBackend();
    const user = userEvent.setup();
    renderWithProviders(<App />);

    await user.click(screen.getByTestId('nav-establish'));
    expect(await screen.findByTestId('wizard-drafts', {}, LAZY)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /Try with a sandbox platform/ })).toBeInTheDocument();
    await user.click(screen.getByTestId('wizard-start'));
    expect(await screen.findByTestId('wizard-step-title', {}, LAZY)).toHaveTextContent('Step 1 of 10');
  });

  it('shows a startup error on every page instead of crashing', async () => {
    const startupError = ipcError(
      'schema_too_new',
      'The database has schema version 7, but this Platform Builder supports up to 1. Install a newer version.',
    );
    installBackend({
      status: appStatus({ schemaVersion: null, startupError }),
      overrides: {
        list_platforms: () => {
          throw startupError;
        },
        list_platform_types: () => {
          throw startupError;
        },
      },
    });
    const user = userEvent.setup();
    renderWithProviders(<App />);

    const alert = await screen.findByTestId('startup-error');
    expect(alert).toHaveTextContent('schema version 7');
    expect(alert).toHaveAttribute('data-code', 'schema_too_new');

    for (const page of ['nav-types', 'nav-settings'] as const) {
      await user.click(screen.getByTestId(page));
      expect(screen.getByTestId('startup-error')).toHaveTextContent('schema version 7');
    }
    expect(screen.getByTestId('settings-keyring-status')).toBeInTheDocument();
  });

  it('reports once that the first screen has its data', async () => {
    const backend = installBackend();
    const user = userEvent.setup();
    renderWithProviders(<App />);

    await screen.findByTestId('platforms-empty');
    await waitFor(() => expect(backend.callsTo('ui_ready')).toHaveLength(1));
    const order = backend.calls.map((c) => c.cmd);
    expect(order.indexOf('ui_ready')).toBeGreaterThan(order.indexOf('list_platforms'));

    await user.click(screen.getByTestId('nav-types'));
    await user.click(screen.getByTestId('nav-platforms'));
    await screen.findByTestId('platforms-empty');
    expect(backend.callsTo('ui_ready')).toHaveLength(1);
  });

  it('stays quiet when the backend does not know ui_ready', async () => {
    const backend = installBackend({
      overrides: {
        ui_ready: () => {
          throw 'command ui_ready not found';
        },
      },
    });
    renderWithProviders(<App />);

    await waitFor(() => expect(backend.callsTo('ui_ready')).toHaveLength(1));
    expect(await screen.findByTestId('platforms-empty')).toBeInTheDocument();
    expect(screen.queryByTestId('error-notification')).not.toBeInTheDocument();
  });

  it('leads from the first-run steps to the Platform types page', async () => {
    installBackend();
    const user = userEvent.setup();
    renderWithProviders(<App />);

    await user.click(await screen.findByRole('button', { name: 'Platform types page' }));

    expect(screen.getByRole('heading', { level: 2, name: 'Platform types' })).toBeInTheDocument();
    expect(screen.getByTestId('nav-types')).toHaveAttribute('data-active', 'true');
  });

  it('shows confirmations bottom-left, away from the action buttons, and lets them go by themselves', async () => {
    installBackend();
    renderWithProviders(<App />);
    await screen.findByTestId('platforms-empty');

    act(() => notifySuccess('Platform type KAFKA created'));

    const toast = await screen.findByTestId('success-notification');
    expect(toast.closest('[data-position]')).toHaveAttribute('data-position', 'bottom-left');
    await waitFor(() => expect(screen.queryByTestId('success-notification')).not.toBeInTheDocument(), {
      timeout: 4500,
    });
  });
});

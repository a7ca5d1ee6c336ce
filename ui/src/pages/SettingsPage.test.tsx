import { describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { appStatus } from '../test/fixtures';
import { installBackend } from '../test/fakeBackend';
import { renderWithProviders } from '../test/render';
import { SettingsPage } from './SettingsPage';

const UNAVAILABLE = {
  available: false,
  backend: 'Secret Service (D-Bus)',
  message: 'No Secret Service provider answered on the session bus.',
  remediation: 'Start and unlock a Secret Service keyring (GNOME Keyring or KWallet) in your desktop session.',
};

describe('SettingsPage', () => {
  it('shows where the data lives and the schema version', async () => {
    installBackend({ status: appStatus({ schemaVersion: 2, supportedSchemaVersion: 3, lastBackup: '/data/backup-1.sqlite3' }) });
    renderWithProviders(<SettingsPage />);

    expect(await screen.findByTestId('settings-data-dir')).toHaveTextContent('/home/admin/.local/share/platform-builder');
    expect(screen.getByTestId('settings-database-path')).toHaveTextContent(
      '/home/admin/.local/share/platform-builder/registry.sqlite3',
    );
    expect(screen.getByTestId('settings-log-dir')).toHaveTextContent('/home/admin/.local/state/platform-builder/logs');
    expect(screen.getByTestId('settings-schema-version')).toHaveTextContent('2 of 3 supported');
    expect(screen.getByTestId('settings-app-version')).toHaveTextContent('0.1.0');
    expect(screen.getByTestId('settings-last-backup')).toHaveTextContent('/data/backup-1.sqlite3');
  });

  it('shows an available keyring without remediation', async () => {
    installBackend();
    renderWithProviders(<SettingsPage />);

    expect(await screen.findByTestId('settings-keyring-status')).toHaveTextContent(/^Available$/);
    expect(screen.getByTestId('settings-keyring-status')).toHaveStyle({ textTransform: 'none' });
    expect(screen.getByTestId('settings-keyring-backend')).toHaveTextContent('Secret Service (D-Bus)');
    expect(screen.getByTestId('settings-keyring-message')).toHaveTextContent('A probe secret was written');
    expect(screen.queryByTestId('settings-keyring-remediation')).not.toBeInTheDocument();
  });

  it('shows an unavailable keyring with its remediation, and checks again on request', async () => {
    const backend = installBackend({ status: appStatus({ keyring: UNAVAILABLE }) });
    const user = userEvent.setup();
    renderWithProviders(<SettingsPage />);

    expect(await screen.findByTestId('settings-keyring-status')).toHaveTextContent(/^Unavailable$/);
    expect(screen.getByTestId('settings-keyring-message')).toHaveTextContent(UNAVAILABLE.message);
    expect(screen.getByTestId('settings-keyring-remediation')).toHaveTextContent(UNAVAILABLE.remediation);

    // The administrator fixes the keyring, then asks again.
    backend.state.status = appStatus();
    await user.click(screen.getByRole('button', { name: /check again/i }));

    await waitFor(() => expect(screen.getByTestId('settings-keyring-status')).toHaveTextContent(/^Available$/));
    expect(screen.queryByTestId('settings-keyring-remediation')).not.toBeInTheDocument();
    expect(backend.callsTo('app_status')).toHaveLength(2);
  });

  it('says the database is not open when there is no schema version', async () => {
    installBackend({ status: appStatus({ schemaVersion: null, supportedSchemaVersion: 3 }) });
    renderWithProviders(<SettingsPage />);

    expect(await screen.findByTestId('settings-schema-version')).toHaveTextContent('not open (3 supported)');
  });
});

import { beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { open } from '@tauri-apps/plugin-dialog';
import type { FakeReport } from '../../test/fakeDefinitions';
import { EMPTY_REPORT, installDefinitionsBackend, type DefinitionsBackendOptions } from '../../test/fakeDefinitions';
import { renderWithProviders } from '../../test/render';
import { SettingsPage } from '../SettingsPage';

vi.mock('@tauri-apps/plugin-dialog', () => ({ open: vi.fn(), save: vi.fn() }));

const APPLIED: FakeReport = {
  changes: [
    { document: 'PlatformType EVENTS', action: 'create', detail: '' },
    { document: 'Platform event-streaming-eu', action: 'create', detail: '' },
    { document: 'Instance event-streaming-eu/prod', action: 'update', detail: '' },
    { document: 'Instance event-streaming-eu/dev', action: 'unchanged', detail: '' },
    { document: 'Platform billing', action: 'skipped_older', detail: 'version 2 in the file' },
  ],
  pruned: ['Platform legacy-mq'],
  problems: [],
};

const BROKEN: FakeReport = {
  ...EMPTY_REPORT,
  problems: [
    { file: 'platforms/billing.yaml', line: 9, path: 'spec.credential', message: 'a literal secret is not allowed here' },
    { file: 'types/events.yaml', line: null, path: '', message: 'the file is not valid YAML' },
  ],
};

async function openCard(options: DefinitionsBackendOptions = {}) {
  const backend = installDefinitionsBackend(options);
  const user = userEvent.setup();
  renderWithProviders(<SettingsPage />);
  const card = await screen.findByTestId('settings-provisioning');
  return { backend, user, card };
}

describe('provisioning folder settings', () => {
  beforeEach(() => {
    vi.mocked(open).mockReset();
  });

  it('saves a chosen folder with pruning and shows what applying it did', async () => {
    const { backend, user, card } = await openCard({ folders: { '/srv/definitions': APPLIED } });
    expect(within(card).getByTestId('provisioning-in-force')).toHaveTextContent('No provisioning folder is set');
    expect(within(card).getByRole('button', { name: 'Apply now' })).toBeDisabled();

    vi.mocked(open).mockResolvedValueOnce('/srv/definitions');
    await user.click(within(card).getByRole('button', { name: 'Choose…' }));
    expect(open).toHaveBeenCalledWith(expect.objectContaining({ directory: true }));
    const folder = within(card).getByLabelText('Folder');
    await waitFor(() => expect(folder).toHaveValue('/srv/definitions'));
    await user.click(within(card).getByRole('switch', { name: /Delete what the folder no longer defines/ }));
    await user.click(within(card).getByRole('button', { name: 'Save and apply' }));

    expect(await screen.findByTestId('success-notification')).toHaveTextContent(
      'Provisioning folder applied: 2 created, 1 changed, 1 deleted',
    );
    expect(backend.callsTo('set_provisioning_settings').map((c) => c.args)).toEqual([
      { setting: { folder: '/srv/definitions', prune: true } },
    ]);
    expect(within(card).getByTestId('provisioning-in-force')).toHaveTextContent(
      'Folder in force: /srv/definitions (chosen here), deleting what it no longer defines: on',
    );
    const report = within(card).getByTestId('provisioning-report');
    expect(within(report).getByTestId('provisioning-count-create')).toHaveTextContent('2 created');
    expect(within(report).getByTestId('provisioning-count-update')).toHaveTextContent('1 changed');
    expect(within(report).getByTestId('provisioning-count-unchanged')).toHaveTextContent('1 unchanged');
    expect(within(report).getByTestId('provisioning-count-skipped_older')).toHaveTextContent('1 skipped');
    expect(within(report).getByRole('list', { name: 'Deleted records' })).toHaveTextContent('Platform legacy-mq');
    expect(within(report).getByRole('list', { name: 'Changes' })).toHaveTextContent(
      'Platform billing: skipped: a newer version is stored (version 2 in the file)',
    );
    expect(within(report).queryByTestId('provisioning-problems')).not.toBeInTheDocument();
    // The form starts again from what was saved.
    expect(folder).toHaveValue('/srv/definitions');
  });

  it('lists each problem as file:line path — message, in red', async () => {
    const { backend, user, card } = await openCard({
      folders: { '/srv/definitions': BROKEN },
      setting: { folder: '/srv/definitions', prune: false },
    });
    // Applied at start already: the card shows that report.
    const problems = within(card).getByTestId('provisioning-problems');
    expect(problems).toHaveTextContent('2 problems in the definitions');
    const list = within(problems).getByRole('list', { name: 'Problems' });
    const items = within(list).getAllByRole('listitem');
    expect(items.map((i) => i.textContent)).toEqual([
      'platforms/billing.yaml:9 spec.credential — a literal secret is not allowed here',
      'types/events.yaml — the file is not valid YAML',
    ]);
    expect(problems).toHaveAttribute('role', 'alert');
    expect(list.style.color).toBe('var(--mantine-color-red-text)');

    await user.click(within(card).getByRole('button', { name: 'Apply now' }));
    await waitFor(() => expect(backend.callsTo('run_provisioning')).toHaveLength(1));
    expect(backend.defs.applied).toBe(2);
    // No "applied" toast for a folder with problems: the card says what is wrong.
    expect(screen.queryByTestId('success-notification')).not.toBeInTheDocument();
  });

  it('puts a folder error under the Folder input', async () => {
    const { backend, user, card } = await openCard();

    await user.type(within(card).getByLabelText('Folder'), 'definitions');
    await user.click(within(card).getByRole('button', { name: 'Save and apply' }));

    expect(await within(card).findByTestId('provisioning-folder-error')).toHaveTextContent(
      'Enter an absolute path, e.g. /etc/platform-builder/definitions',
    );
    expect(within(card).getByLabelText('Folder')).toHaveAccessibleDescription(
      expect.stringContaining('Enter an absolute path'),
    );
    expect(screen.queryByTestId('error-notification')).not.toBeInTheDocument();
    expect(backend.defs.setting).toEqual({ folder: '', prune: false });

    await user.clear(within(card).getByLabelText('Folder'));
    await user.type(within(card).getByLabelText('Folder'), '/nowhere');
    await user.click(within(card).getByRole('button', { name: 'Save and apply' }));
    expect(await within(card).findByTestId('provisioning-folder-error')).toHaveTextContent(
      'This folder does not exist or cannot be read',
    );
  });

  it.each([
    ['flag', 'the --provisioning-dir option'],
    ['environment', 'the PB_PROVISIONING_DIR environment variable'],
  ] as const)('says when the start command sets the folder (%s)', async (source, how) => {
    const { card } = await openCard({
      folders: { '/opt/pb/definitions': EMPTY_REPORT },
      startCommand: { folder: '/opt/pb/definitions', prune: true, source },
    });

    expect(within(card).getByTestId('provisioning-in-force')).toHaveTextContent(
      `Folder in force: /opt/pb/definitions (set by ${how})`,
    );
    const note = within(card).getByTestId('provisioning-overridden');
    expect(note).toHaveTextContent("set by the app's start command");
    expect(note).toHaveTextContent('only take effect when the app is started without it');
    // The start command's folder is not what Settings holds, so it is not put in the form.
    expect(within(card).getByLabelText('Folder')).toHaveValue('');
    expect(within(card).getByRole('button', { name: 'Apply now' })).toBeEnabled();
  });

  it('clears the folder when saved empty', async () => {
    const { backend, user, card } = await openCard({
      folders: { '/srv/definitions': EMPTY_REPORT },
      setting: { folder: '/srv/definitions', prune: false },
    });
    expect(within(card).getByLabelText('Folder')).toHaveValue('/srv/definitions');

    await user.clear(within(card).getByLabelText('Folder'));
    await user.click(within(card).getByRole('button', { name: 'Save and apply' }));

    expect(await screen.findByTestId('success-notification')).toHaveTextContent('Provisioning folder cleared');
    expect(backend.callsTo('set_provisioning_settings').map((c) => c.args)).toEqual([
      { setting: { folder: '', prune: false } },
    ]);
    expect(within(card).getByTestId('provisioning-in-force')).toHaveTextContent('No provisioning folder is set');
    expect(within(card).queryByTestId('provisioning-report')).not.toBeInTheDocument();
  });
});

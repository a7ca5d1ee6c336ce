import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { BUILTIN_TYPES, customType, instance, platform } from '../../test/fixtures';
import { installBackend } from '../../test/fakeBackend';
import { renderWithProviders } from '../../test/render';
import { PlatformsPage } from '../PlatformsPage';
import { PlatformTypesPage } from '../PlatformTypesPage';

vi.mock('@tauri-apps/plugin-dialog', () => ({ open: vi.fn(), save: vi.fn() }));

const FOLDER = '/srv/definitions';
const REASON = `Defined in ${FOLDER}; change the definition file and apply it again.`;

async function openDetail(options: Parameters<typeof installBackend>[0]) {
  const backend = installBackend({ types: [...BUILTIN_TYPES, customType()], ...options });
  const user = userEvent.setup();
  renderWithProviders(<PlatformsPage />);
  await user.click(await screen.findByTestId('platform-row'));
  const detail = await screen.findByTestId('platform-detail');
  return { backend, user, detail };
}

describe('records managed by a provisioning folder', () => {
  it('shows a managed platform read-only, with the reason on its disabled buttons', async () => {
    const { backend, detail } = await openDetail({ platforms: [platform({ managedBy: FOLDER })] });

    const badge = within(detail).getByTestId('managed-badge');
    expect(badge).toHaveTextContent('Managed by file');
    expect(badge).toHaveAccessibleName(`Managed by file. ${REASON}`);

    // The page has more Edit buttons (validation settings); these are the platform's.
    const edit = within(detail).getByTestId('platform-edit');
    const remove = within(detail).getByTestId('platform-delete');
    expect(edit).toHaveAccessibleName('Edit');
    expect(remove).toHaveAccessibleName('Delete');
    for (const button of [edit, remove]) {
      expect(button).toBeDisabled();
      expect(button).toHaveAccessibleDescription(REASON);
    }
    const validationEdit = await screen.findByTestId('validation-settings-edit');
    expect(validationEdit).toBeDisabled();
    expect(validationEdit).toHaveAccessibleDescription(REASON);
    // Documentation is read-only, so it stays available.
    expect(within(detail).getByRole('button', { name: 'Documentation' })).toBeEnabled();
    expect(backend.callsTo('update_platform')).toEqual([]);
  });

  it('shows the reason in a tooltip when the badge gets keyboard focus', async () => {
    const { user, detail } = await openDetail({ platforms: [platform({ managedBy: FOLDER })] });
    const badge = within(detail).getByTestId('managed-badge');
    for (let n = 0; n < 20 && document.activeElement !== badge; n++) await user.tab();
    expect(badge).toHaveFocus();
    expect(await screen.findByRole('tooltip')).toHaveTextContent(REASON);
  });

  it('leaves a platform made in the app editable', async () => {
    const { detail } = await openDetail({ platforms: [platform()] });
    expect(within(detail).queryByTestId('managed-badge')).not.toBeInTheDocument();
    expect(within(detail).getByTestId('platform-edit')).toBeEnabled();
    expect(within(detail).getByTestId('platform-delete')).toBeEnabled();
    expect(await screen.findByTestId('validation-settings-edit')).toBeEnabled();
  });

  it('disables editing a managed instance but keeps its credential settable', async () => {
    const { user } = await openDetail({
      platforms: [platform({ instanceCount: 2 })],
      instances: [
        instance({ managedBy: FOLDER }),
        instance({ id: 'i-2', name: 'dev-eu', environment: 'dev' }),
      ],
    });

    const managed = await waitFor(() => {
      const row = screen.getAllByTestId('instance-row').find((r) => r.dataset.name === 'prod-eu');
      expect(row).toBeDefined();
      return row!;
    });
    expect(within(managed).getByTestId('instance-managed-badge')).toHaveTextContent('Managed by file');
    for (const name of ['Edit instance prod-eu', 'Delete instance prod-eu']) {
      const button = within(managed).getByRole('button', { name });
      expect(button).toBeDisabled();
      expect(button).toHaveAccessibleDescription(REASON);
    }
    expect(within(managed).getByRole('button', { name: 'Validate instance prod-eu' })).toBeEnabled();
    const setCredential = within(managed).getByRole('button', { name: 'Set credential' });
    expect(setCredential).toBeEnabled();
    await user.click(setCredential);
    expect(await screen.findByRole('dialog')).toBeInTheDocument();

    const own = screen.getAllByTestId('instance-row').find((r) => r.dataset.name === 'dev-eu')!;
    expect(within(own).queryByTestId('instance-managed-badge')).not.toBeInTheDocument();
    expect(within(own).getByRole('button', { name: 'Edit instance dev-eu' })).toBeEnabled();
    expect(within(own).getByRole('button', { name: 'Delete instance dev-eu' })).toBeEnabled();
  });

  it('shows a managed platform type read-only', async () => {
    installBackend({
      types: [...BUILTIN_TYPES, customType({ managedBy: FOLDER }), customType({ identifier: 'MQ', displayName: 'MQ' })],
    });
    renderWithProviders(<PlatformTypesPage />);

    const cards = await screen.findAllByTestId('type-card');
    const managed = cards.find((c) => c.dataset.identifier === 'KAFKA')!;
    expect(within(managed).getByTestId('type-managed-badge')).toHaveTextContent('Managed by file');
    for (const name of ['Edit', 'Delete']) {
      const button = within(managed).getByRole('button', { name });
      expect(button).toBeDisabled();
      expect(button).toHaveAccessibleDescription(REASON);
    }
    const own = cards.find((c) => c.dataset.identifier === 'MQ')!;
    expect(within(own).queryByTestId('type-managed-badge')).not.toBeInTheDocument();
    expect(within(own).getByRole('button', { name: 'Edit' })).toBeEnabled();
  });
});

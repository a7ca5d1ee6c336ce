import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ipcError } from '../../test/fakeBackend';
import { installRegistryBackend, type RegistryBackendOptions } from '../../test/fakeRegistry';
import { instance, platform } from '../../test/fixtures';
import { renderWithProviders } from '../../test/render';
import { CloneInstanceModal } from './CloneInstanceModal';

// The one clone dialog, shared by the instance page and the wizard's Instances step.

function setup(options: RegistryBackendOptions = {}) {
  const backend = installRegistryBackend({ platforms: [platform()], instances: [instance()], ...options });
  const onClose = vi.fn();
  const user = userEvent.setup();
  const { queryClient } = renderWithProviders(<CloneInstanceModal source={instance()} onClose={onClose} />);
  const invalidate = vi.spyOn(queryClient, 'invalidateQueries');
  const dialog = () => screen.getByRole('dialog', { name: 'Clone instance prod-eu' });
  return { backend, onClose, user, invalidate, dialog };
}

describe('clone instance dialog', () => {
  it('copies under a new name and a chosen environment, then refreshes every list that shows instances', async () => {
    const { backend, onClose, user, invalidate, dialog } = setup();

    expect(within(dialog()).getByTestId('clone-secrets-note')).toHaveTextContent('Secrets are not copied');
    expect(within(dialog()).getByLabelText(/^Name of the copy/)).toHaveValue('prod-eu-copy');
    await user.click(within(dialog()).getByTestId('clone-environment-chip-staging'));
    expect(within(dialog()).getByLabelText(/^Environment of the copy/)).toHaveValue('staging');
    await user.click(within(dialog()).getByRole('button', { name: 'Clone instance' }));

    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(backend.callsTo('clone_instance').map((c) => c.args)).toEqual([
      { id: 'i-1', name: 'prod-eu-copy', environment: 'staging' },
    ]);
    expect(await screen.findByTestId('success-notification')).toHaveTextContent(
      'Instance “prod-eu-copy” created as a copy of “prod-eu”. Set its secrets before testing it.',
    );
    const refreshed = invalidate.mock.calls.map(([filters]) => filters?.queryKey);
    expect(refreshed).toEqual(expect.arrayContaining([['instances', 'p-1'], ['platforms'], ['registry']]));
  });

  it('asks for the environment before calling the backend', async () => {
    const { backend, onClose, user, dialog } = setup();

    await user.click(within(dialog()).getByRole('button', { name: 'Clone instance' }));

    expect(await within(dialog()).findByTestId('clone-environment-error')).toBeInTheDocument();
    expect(backend.callsTo('clone_instance')).toHaveLength(0);
    expect(onClose).not.toHaveBeenCalled();
  });

  it('shows a refused environment under its input and keeps the dialog open', async () => {
    const { onClose, user, dialog } = setup({
      overrides: {
        clone_instance: () => {
          throw ipcError('validation', 'Some fields are invalid', [['environment', 'Use at most 20 characters']]);
        },
      },
    });

    await user.type(within(dialog()).getByLabelText(/^Environment of the copy/), 'qa');
    await user.click(within(dialog()).getByRole('button', { name: 'Clone instance' }));

    expect(await screen.findByTestId('clone-environment-error')).toHaveTextContent('Use at most 20 characters');
    expect(screen.queryByTestId('error-notification')).not.toBeInTheDocument();
    expect(onClose).not.toHaveBeenCalled();
  });

  it('notifies a failure that belongs to no field, with its message', async () => {
    const { onClose, user, dialog } = setup({
      overrides: {
        clone_instance: () => {
          throw ipcError('storage', 'The database is locked by another process');
        },
      },
    });

    await user.click(within(dialog()).getByTestId('clone-environment-chip-dev'));
    await user.click(within(dialog()).getByRole('button', { name: 'Clone instance' }));

    const error = await screen.findByTestId('error-notification');
    expect(error).toHaveTextContent('Could not clone the instance');
    expect(error).toHaveTextContent('The database is locked by another process');
    expect(error).toHaveAttribute('data-code', 'storage');
    expect(dialog()).toBeInTheDocument();
    expect(onClose).not.toHaveBeenCalled();
  });
});

import { describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { installBackend } from '../../test/fakeBackend';
import { renderWithProviders } from '../../test/render';
import { SettingsPage } from '../SettingsPage';

async function openRetention(options: Parameters<typeof installBackend>[0] = {}) {
  const backend = installBackend(options);
  const user = userEvent.setup();
  renderWithProviders(<SettingsPage />);
  await screen.findByTestId('retention-keep');
  return { backend, user };
}

async function replace(user: ReturnType<typeof userEvent.setup>, testId: string, text: string) {
  await user.clear(screen.getByTestId(testId));
  if (text) await user.type(screen.getByTestId(testId), text);
}

describe('history retention', () => {
  it('shows the stored retention and saves a new one', async () => {
    const { backend, user } = await openRetention({ retention: { keep: 20, maxAgeDays: 30 } });

    expect(screen.getByTestId('retention-keep')).toHaveValue('20');
    expect(screen.getByTestId('retention-max-age')).toHaveValue('30');
    expect(screen.getByTestId('retention-reset')).toBeDisabled();

    await replace(user, 'retention-keep', '100');
    await replace(user, 'retention-max-age', '365');
    await user.click(screen.getByTestId('retention-save'));

    expect(await screen.findByTestId('success-notification')).toHaveTextContent('History retention saved');
    expect(backend.callsTo('set_history_retention')).toEqual([
      { cmd: 'set_history_retention', args: { retention: { keep: 100, maxAgeDays: 365 } } },
    ]);
    expect(backend.state.retention).toEqual({ keep: 100, maxAgeDays: 365 });
    // Saved values are the new starting point.
    await waitFor(() => expect(screen.getByTestId('retention-reset')).toBeDisabled());
  });

  it("puts the backend's range errors under their fields", async () => {
    const { backend, user } = await openRetention();

    await replace(user, 'retention-keep', '0');
    await replace(user, 'retention-max-age', '5000');
    await user.click(screen.getByTestId('retention-save'));

    const keepError = await screen.findByTestId('retention-keep-error');
    expect(keepError).toHaveTextContent('Keep between 1 and 10000 runs per instance');
    expect(screen.getByTestId('retention-max-age-error')).toHaveTextContent('Keep runs between 1 and 3650 days');
    expect(screen.queryByTestId('error-notification')).not.toBeInTheDocument();
    expect(backend.state.retention).toEqual({ keep: 50, maxAgeDays: 90 });
  });

  it('asks for a number before sending anything', async () => {
    const { backend, user } = await openRetention();

    await replace(user, 'retention-keep', '');
    await user.click(screen.getByTestId('retention-save'));

    expect(await screen.findByTestId('retention-keep-error')).toHaveTextContent('Enter a whole number');
    expect(backend.callsTo('set_history_retention')).toHaveLength(0);
  });
});

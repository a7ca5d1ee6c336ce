import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ChangeRetention } from '../../bindings/ChangeRetention';
import { installBackend, ipcError } from '../../test/fakeBackend';
import { renderWithProviders } from '../../test/render';
import { ChangeRetentionCard } from './ChangeRetentionCard';

function install() {
  const state: { retention: ChangeRetention } = { retention: { keep: 100000, maxAgeDays: 365 } };
  const backend = installBackend({
    overrides: {
      get_change_retention: () => state.retention,
      set_change_retention: ({ retention }: Record<string, unknown>) => {
        const r = retention as ChangeRetention;
        if (r.maxAgeDays < 30) {
          throw ipcError('validation', 'maxAgeDays: Keep changes between 30 and 3650 days', [
            ['maxAgeDays', 'Keep changes between 30 and 3650 days'],
          ]);
        }
        state.retention = r;
        return r;
      },
    },
  });
  return { backend, state };
}

async function replace(user: ReturnType<typeof userEvent.setup>, testId: string, text: string) {
  await user.clear(screen.getByTestId(testId));
  await user.type(screen.getByTestId(testId), text);
}

describe('change history retention', () => {
  it('saves a new retention and shows range errors under their field', async () => {
    const { state } = install();
    const user = userEvent.setup();
    renderWithProviders(<ChangeRetentionCard />);
    expect(await screen.findByTestId('change-retention-keep')).toHaveValue('100000');

    await replace(user, 'change-retention-max-age', '7');
    await user.click(screen.getByTestId('change-retention-save'));
    expect(await screen.findByTestId('change-retention-max-age-error')).toHaveTextContent(
      'Keep changes between 30 and 3650 days',
    );
    expect(state.retention.maxAgeDays).toBe(365);

    await replace(user, 'change-retention-max-age', '730');
    await user.click(screen.getByTestId('change-retention-save'));
    expect(await screen.findByTestId('success-notification')).toHaveTextContent('Change history retention saved');
    expect(state.retention).toEqual({ keep: 100000, maxAgeDays: 730 });
  });
});

import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { LastTest } from '../../bindings/LastTest';
import { BUILTIN_TYPES, customType, instance, platform } from '../../test/fixtures';
import { installBackend } from '../../test/fakeBackend';
import { renderWithProviders } from '../../test/render';
import { PlatformsPage } from '../PlatformsPage';

const TYPES = [...BUILTIN_TYPES, customType()];

function lastTest(overrides: Partial<LastTest> = {}): LastTest {
  return {
    kind: 'connection_test',
    status: 'ok',
    startedAt: '2025-05-30T08:15:00Z',
    summary: 'all stages passed',
    ...overrides,
  };
}

async function openPlatform(options: Parameters<typeof installBackend>[0] = {}) {
  const backend = installBackend({ types: TYPES, platforms: [platform()], ...options });
  const user = userEvent.setup();
  renderWithProviders(<PlatformsPage />);
  await user.click(await screen.findByTestId('platform-row'));
  await screen.findAllByTestId('instance-row');
  return { backend, user };
}

const statusOf = (name: string) => {
  const row = screen.getAllByTestId('instance-row').find((r) => r.getAttribute('data-name') === name)!;
  return within(row).getByTestId('instance-status');
};

// Mantine puts the colour into the badge's CSS variables; the colour is what matters here.
const colorOf = (badge: HTMLElement) => /--mantine-color-([a-z]+)-/.exec(badge.getAttribute('style') ?? '')?.[1];

describe('instance status', () => {
  it.each([
    ['connection_test', 'ok', 'OK', 'green'],
    ['connection_test', 'warning', 'Warning', 'yellow'],
    ['connection_test', 'failed', 'Failed', 'red'],
    ['validation', 'passed', 'Passed', 'green'],
    ['validation', 'cancelled', 'Cancelled', 'yellow'],
    ['validation', 'failed', 'Failed', 'red'],
  ])('shows a %s that is %s as a %s badge in %s, with its summary and time', async (kind, status, label, color) => {
    const summary = `the ${kind} went ${status}`;
    await openPlatform({ instances: [instance({ lastTest: lastTest({ kind, status, summary }) })] });

    const badge = statusOf('prod-eu');
    expect(badge).toHaveTextContent(label);
    expect(badge).toHaveAttribute('data-status', status);
    expect(colorOf(badge)).toBe(color);
    const row = screen.getByTestId('instance-row');
    expect(within(row).getByTestId('instance-status-summary')).toHaveTextContent(summary);
    const time = within(row).getByTestId('instance-status-time');
    expect(time).toHaveTextContent(kind === 'validation' ? 'Validation' : 'Connection test');
    expect(time).toHaveTextContent(new Date('2025-05-30T08:15:00Z').toLocaleString());
  });

  it('shows a grey "Never tested" for an instance without tests', async () => {
    await openPlatform({
      instances: [instance(), instance({ id: 'i-2', name: 'dev-eu', lastTest: lastTest() })],
    });

    const badge = statusOf('prod-eu');
    expect(badge).toHaveTextContent('Never tested');
    expect(colorOf(badge)).toBe('gray');
    expect(within(screen.getAllByTestId('instance-row')[0]).queryByTestId('instance-status-time')).toBeNull();
    expect(statusOf('dev-eu')).toHaveTextContent('OK');
  });

  it('updates after a validation run and a connection test in the drawer', async () => {
    const { user } = await openPlatform({ instances: [instance()], run: { failAt: 'create tenant' } });
    expect(statusOf('prod-eu')).toHaveTextContent('Never tested');

    await user.click(screen.getByTestId('instance-validate'));
    await user.click(await screen.findByTestId('validation-run'));
    await screen.findByTestId('validation-status');

    // The table behind the drawer has refetched its instances.
    await waitFor(() => expect(statusOf('prod-eu')).toHaveTextContent('Failed'));
    expect(screen.getByTestId('instance-status-summary')).toHaveTextContent('create tenant failed');
    expect(screen.getByTestId('instance-status-time')).toHaveTextContent('Validation');

    await user.click(screen.getByTestId('connection-test'));
    await screen.findByTestId('connection-result');

    await waitFor(() => expect(statusOf('prod-eu')).toHaveTextContent('OK'));
    expect(colorOf(statusOf('prod-eu'))).toBe('green');
    expect(screen.getByTestId('instance-status-time')).toHaveTextContent('Connection test');
  });
});

import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { InstanceUptime } from '../../bindings/InstanceUptime';
import type { Sample } from '../../bindings/Sample';
import { installBackend, ipcError } from '../../test/fakeBackend';
import { platform } from '../../test/fixtures';
import { renderWithProviders } from '../../test/render';
import { HealthChecksCard } from './HealthChecksCard';
import { HealthScheduleCard } from './HealthScheduleCard';
import { formatSpan, intervalLabel } from './healthQueries';
import { UptimeCard } from './UptimeCard';

const NOW = 1_790_000_000_000;
const H = 3_600_000;

function sample(atMs: number, up: boolean, durationMs = 40): Sample {
  return { atMs, up, durationMs, scheduled: true };
}

describe('scheduled health checks', () => {
  it('words intervals and spans as an administrator reads them', () => {
    expect([5, 60, 180, 1440].map(intervalLabel)).toEqual([
      'every 5 minutes',
      'hourly',
      'every 3 hours',
      'daily',
    ]);
    expect(formatSpan(45 * 60_000)).toBe('45 min');
    expect(formatSpan(5 * H)).toBe('5 h');
    expect(formatSpan(51 * H)).toBe('2 d 3 h');
  });

  it('turns a platform schedule on and off from the platform page', async () => {
    const p = platform({ id: 'p1', name: 'Order events' });
    const backend = installBackend({ platforms: [p] });
    const user = userEvent.setup();
    renderWithProviders(<HealthScheduleCard platform={p} />);
    expect(await screen.findByTestId('health-last-check')).toHaveTextContent('Not checked yet');
    await user.click(screen.getByTestId('health-interval'));
    await user.click(await screen.findByRole('option', { name: 'Every 15 minutes', hidden: true }));
    expect(await screen.findByTestId('success-notification')).toHaveTextContent('Scheduled health checks on');
    expect(backend.callsTo('set_health_check_interval').map((c) => c.args)).toEqual([
      { platformId: 'p1', intervalMinutes: 15 },
    ]);
    expect(await screen.findByTestId('health-next-check')).toHaveTextContent('No instances to check');

    await user.click(screen.getByTestId('health-interval'));
    await user.click(await screen.findByRole('option', { name: 'Off', hidden: true }));
    expect(backend.callsTo('set_health_check_interval').at(-1)?.args).toEqual({
      platformId: 'p1',
      intervalMinutes: null,
    });
  });

  it('shows uptime per window, the state and since when, and marks the failures', async () => {
    const samples = [sample(NOW - 20 * H, true, 35), sample(NOW - 6 * H, false, 5000), sample(NOW - H, true, 42)];
    const uptime: InstanceUptime = {
      asOfMs: NOW,
      state: { health: 'up', sinceMs: NOW - H, checkedAtMs: NOW - H },
      intervalMinutes: 60,
      windows: [
        { label: '24h', windowMs: 24 * H, uptimePercent: 75, coveredMs: 20 * H, checks: 3, failures: 1, samples },
        { label: '7d', windowMs: 168 * H, uptimePercent: 99.95, coveredMs: 20 * H, checks: 3, failures: 1, samples },
        { label: '30d', windowMs: 720 * H, uptimePercent: null, coveredMs: 0, checks: 0, failures: 0, samples: [] },
      ],
    };
    installBackend({ overrides: { get_instance_uptime: () => uptime } });
    const user = userEvent.setup();
    renderWithProviders(<UptimeCard instanceId="i1" />);
    expect(await screen.findByTestId('health-state')).toHaveTextContent(/^Up since/);
    expect(screen.getByTestId('uptime-24h-percent')).toHaveTextContent('75.0 %');
    expect(screen.getByTestId('uptime-7d-percent')).toHaveTextContent('99.95 %');
    expect(screen.getByTestId('uptime-30d-percent')).toHaveTextContent('—');
    expect(screen.getByTestId('uptime-24h')).toHaveTextContent('3 checks, 1 failed, covers 20 h');
    expect(screen.getByTestId('uptime-schedule')).toHaveTextContent('Checked hourly');
    expect(screen.getAllByTestId('uptime-failure')).toHaveLength(1);
    expect(screen.getByRole('img', { name: /3 connection tests over the last 24h: slowest 42 ms, 1 failed/ })).toBeTruthy();

    await user.click(screen.getByRole('radio', { name: '30d' }));
    expect(await screen.findByTestId('uptime-chart-empty')).toHaveTextContent('No connection tests in the last 30d');
  });

  it('saves the scheduler settings and shows range errors under their field', async () => {
    const p = platform({ id: 'p1', name: 'Order events' });
    const saved: unknown[] = [];
    installBackend({
      platforms: [p],
      overrides: {
        set_health_check_settings: ({ settings }: Record<string, unknown>) => {
          const s = settings as { certificateWarningDays: number };
          if (s.certificateWarningDays > 365) {
            throw ipcError('validation', 'certificateWarningDays: Warn between 1 and 365 days', [
              ['certificateWarningDays', 'Warn between 1 and 365 days before a certificate expires'],
            ]);
          }
          saved.push(settings);
          return settings;
        },
      },
    });
    const user = userEvent.setup();
    renderWithProviders(<HealthChecksCard />);
    expect(await screen.findByTestId('health-none-scheduled')).toBeTruthy();
    expect(screen.getByTestId('health-last-run')).toHaveTextContent('No scheduled check has run');
    const days = screen.getByTestId('health-certificate-days');
    await user.clear(days);
    await user.type(days, '400');
    await user.click(screen.getByTestId('health-settings-save'));
    expect(await screen.findByTestId('health-certificate-days-error')).toHaveTextContent('between 1 and 365');
    expect(saved).toEqual([]);
    await user.clear(days);
    await user.type(days, '14');
    await user.click(screen.getByTestId('health-settings-save'));
    expect(await screen.findByTestId('success-notification')).toHaveTextContent('Health-check settings saved');
    expect(saved).toEqual([{ certificateWarningDays: 14, concurrency: 4, notifications: true }]);
    expect(within(screen.getByTestId('settings-health-checks')).getByText('Scheduled health checks')).toBeTruthy();
  });
});

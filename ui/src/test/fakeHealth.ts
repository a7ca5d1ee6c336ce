// The scheduled-health-check commands of the fake backend: schedules per
// platform and the settings kept in memory; no instance has checks or uptime.
import type { HealthCheckSettings } from '../bindings/HealthCheckSettings';
import type { InstanceUptime } from '../bindings/InstanceUptime';
import type { Platform } from '../bindings/Platform';
import type { PlatformSchedule } from '../bindings/PlatformSchedule';

type Handler = (args: Record<string, unknown>) => unknown;

export function healthHandlers(state: { platforms: Platform[]; instances: { platformId: string }[] }) {
  const intervals = new Map<string, number>();
  let settings: HealthCheckSettings = { certificateWarningDays: 30, concurrency: 4, notifications: true };
  const schedule = (platformId: string): PlatformSchedule => {
    const platform = state.platforms.find((p) => p.id === platformId);
    if (!platform) throw { code: 'not_found', message: `platform ${platformId} not found`, details: null };
    return {
      platformId,
      platform: platform.name,
      intervalMinutes: intervals.get(platformId) ?? null,
      instances: state.instances.filter((i) => i.platformId === platformId).length,
      down: 0,
      lastCheckAtMs: null,
      nextDueAtMs: null,
      dueNow: false,
    };
  };
  const uptime: InstanceUptime = {
    asOfMs: 1_790_000_000_000,
    state: null,
    intervalMinutes: null,
    windows: [
      ['24h', 86_400_000],
      ['7d', 604_800_000],
      ['30d', 2_592_000_000],
    ].map(([label, windowMs]) => ({
      label: label as string,
      windowMs: windowMs as number,
      uptimePercent: null,
      coveredMs: 0,
      checks: 0,
      failures: 0,
      samples: [],
    })),
  };
  const handlers: Record<string, Handler> = {
    get_health_checks: () => ({
      settings,
      scheduler: {
        lastStartedAtMs: null,
        lastFinishedAtMs: null,
        running: 0,
        checksRun: 0,
        checksFailed: 0,
        checksAbandoned: 0,
      },
      platforms: state.platforms.map((p) => schedule(p.id)),
    }),
    set_health_check_settings: (args) => {
      settings = args.settings as HealthCheckSettings;
      return settings;
    },
    get_platform_health_schedule: ({ platformId }) => schedule(platformId as string),
    set_health_check_interval: ({ platformId, intervalMinutes }) => {
      if (intervalMinutes === null) intervals.delete(platformId as string);
      else intervals.set(platformId as string, intervalMinutes as number);
      return schedule(platformId as string);
    },
    get_instance_uptime: () => uptime,
    run_due_health_checks: () => 0,
  };
  return handlers;
}

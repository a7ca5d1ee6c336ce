// Commands of the scheduled health checks. Same contract as `ipc`: every
// rejection is an IpcFailure.
import { call } from './ipc';
import type { HealthCheckSettings } from './bindings/HealthCheckSettings';
import type { HealthChecksOverview } from './bindings/HealthChecksOverview';
import type { InstanceUptime } from './bindings/InstanceUptime';
import type { PlatformSchedule } from './bindings/PlatformSchedule';

export const healthIpc = {
  getHealthChecks: () => call<HealthChecksOverview>('get_health_checks'),
  /** Field errors `certificateWarningDays`, `concurrency`. */
  setHealthCheckSettings: (settings: HealthCheckSettings) =>
    call<HealthCheckSettings>('set_health_check_settings', { settings }),
  getPlatformHealthSchedule: (platformId: string) =>
    call<PlatformSchedule>('get_platform_health_schedule', { platformId }),
  /** `null` turns the platform's scheduled checks off; field error `intervalMinutes`. */
  setHealthCheckInterval: (platformId: string, intervalMinutes: number | null) =>
    call<PlatformSchedule>('set_health_check_interval', { platformId, intervalMinutes }),
  getInstanceUptime: (id: string) => call<InstanceUptime>('get_instance_uptime', { id }),
  /** Starts the checks that are due now; resolves with how many started (it does not wait for them). */
  runDueHealthChecks: () => call<number>('run_due_health_checks', { wait: false }),
};

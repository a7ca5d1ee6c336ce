import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { HealthCheckSettings } from '../../bindings/HealthCheckSettings';
import { healthIpc } from '../../ipcHealth';
import { notifySuccess } from '../../notify';
import { notifyUnlessFieldErrors } from '../../queries';

/** Scheduled checks run in the background: what the pages show refreshes this often. */
export const HEALTH_REFRESH_MS = 30_000;

export const healthKeys = {
  overview: ['healthChecks'] as const,
  platform: (platformId: string) => ['healthSchedule', platformId] as const,
  uptime: (instanceId: string) => ['uptime', instanceId] as const,
};

export function useHealthChecks() {
  return useQuery({
    queryKey: healthKeys.overview,
    queryFn: healthIpc.getHealthChecks,
    refetchInterval: HEALTH_REFRESH_MS,
  });
}

export function usePlatformSchedule(platformId: string) {
  return useQuery({
    queryKey: healthKeys.platform(platformId),
    queryFn: () => healthIpc.getPlatformHealthSchedule(platformId),
    refetchInterval: HEALTH_REFRESH_MS,
  });
}

export function useInstanceUptime(instanceId: string) {
  return useQuery({
    queryKey: healthKeys.uptime(instanceId),
    queryFn: () => healthIpc.getInstanceUptime(instanceId),
    refetchInterval: HEALTH_REFRESH_MS,
  });
}

export function useSetInterval(platformId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (minutes: number | null) => healthIpc.setHealthCheckInterval(platformId, minutes),
    onSuccess: (saved) => {
      qc.setQueryData(healthKeys.platform(platformId), saved);
      void qc.invalidateQueries({ queryKey: healthKeys.overview });
      void qc.invalidateQueries({ queryKey: ['changeHistory'] });
      notifySuccess(saved.intervalMinutes ? 'Scheduled health checks on' : 'Scheduled health checks off');
    },
    onError: notifyUnlessFieldErrors('Could not change the health-check schedule'),
  });
}

export function useSaveHealthSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (s: HealthCheckSettings) => healthIpc.setHealthCheckSettings(s),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: healthKeys.overview });
      notifySuccess('Health-check settings saved');
    },
    onError: notifyUnlessFieldErrors('Could not save the health-check settings'),
  });
}

export function useRunDueChecks() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: healthIpc.runDueHealthChecks,
    onSuccess: (count) => {
      void qc.invalidateQueries({ queryKey: healthKeys.overview });
      void qc.invalidateQueries({ queryKey: ['healthSchedule'] });
      void qc.invalidateQueries({ queryKey: ['uptime'] });
      void qc.invalidateQueries({ queryKey: ['instances'] });
      void qc.invalidateQueries({ queryKey: ['testRuns'] });
      void qc.invalidateQueries({ queryKey: ['registry'] });
      notifySuccess(
        count === 0
          ? 'No check was due (or the due ones are running already)'
          : `${count} ${count === 1 ? 'check' : 'checks'} started`,
      );
    },
    onError: notifyUnlessFieldErrors('Could not run the due checks'),
  });
}

/** "every 15 minutes", "hourly", "every 6 hours", "daily". */
export function intervalLabel(minutes: number): string {
  if (minutes === 60) return 'hourly';
  if (minutes === 1440) return 'daily';
  if (minutes % 60 === 0) return `every ${minutes / 60} hours`;
  return `every ${minutes} minutes`;
}

export const INTERVAL_OPTIONS = [5, 15, 30, 60, 180, 360, 1440];

/** A stored time (ms) in the administrator's locale. */
export function formatMs(ms: number): string {
  return new Date(ms).toLocaleString();
}

/** A span of hours or days: "45 min", "5 h", "2 d 3 h". */
export function formatSpan(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}

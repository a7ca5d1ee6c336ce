// Shared wording and colours for run results, so a status reads the same in the
// live timeline, the result summary and the history list.

/** Step statuses, overall run statuses and connection-test statuses in one map. */
const STATUS_COLORS: Record<string, string> = {
  passed: 'teal',
  ok: 'teal',
  warning: 'yellow',
  failed: 'red',
  skipped: 'gray',
  cancelled: 'orange',
  running: 'blue',
};

export function statusColor(status: string): string {
  return STATUS_COLORS[status] ?? 'gray';
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
}

/** A stored time in the administrator's locale; the raw value if it does not parse. */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

export const KIND_LABELS: Record<string, string> = {
  validation: 'Validation',
  connection_test: 'Connection test',
};

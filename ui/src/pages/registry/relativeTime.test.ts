import { describe, expect, it } from 'vitest';
import { relativeTime } from './relativeTime';

const NOW = Date.parse('2025-06-01T12:00:00Z');
const ago = (ms: number) => new Date(NOW - ms).toISOString();

describe('relativeTime', () => {
  it('says how long ago, in the largest sensible unit', () => {
    expect(relativeTime(ago(10_000), NOW)).toBe('just now');
    expect(relativeTime(ago(5 * 60_000), NOW)).toBe('5 min ago');
    expect(relativeTime(ago(3 * 3_600_000), NOW)).toBe('3 h ago');
    expect(relativeTime(ago(26 * 3_600_000), NOW)).toBe('yesterday');
    expect(relativeTime(ago(9 * 86_400_000), NOW)).toBe('9 days ago');
  });

  it('shows the date of an old test, and an unreadable time as it is', () => {
    const old = ago(90 * 86_400_000);
    expect(relativeTime(old, NOW)).toBe(new Date(old).toLocaleDateString());
    expect(relativeTime('not a time', NOW)).toBe('not a time');
  });

  it('treats a time slightly in the future as now', () => {
    expect(relativeTime(ago(-20_000), NOW)).toBe('just now');
  });
});

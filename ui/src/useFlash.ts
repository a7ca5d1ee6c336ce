import { useCallback, useEffect, useState } from 'react';

/**
 * Marks one item (by key) for a moment, e.g. to point out a card that was just
 * created; the mark clears itself after `durationMs`.
 */
export function useFlash(durationMs = 2000): [string | null, (key: string) => void] {
  const [flashed, setFlashed] = useState<{ key: string; seq: number } | null>(null);

  useEffect(() => {
    if (!flashed) return;
    const timer = window.setTimeout(() => setFlashed(null), durationMs);
    return () => window.clearTimeout(timer);
  }, [flashed, durationMs]);

  // A sequence number, so flashing the same key twice restarts the timer.
  const flash = useCallback((key: string) => setFlashed((prev) => ({ key, seq: (prev?.seq ?? 0) + 1 })), []);
  return [flashed?.key ?? null, flash];
}

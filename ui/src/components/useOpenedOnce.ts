import { useState } from 'react';

/**
 * True from the first time `opened` is true on. A dialog whose code is loaded
 * lazily is rendered only from then, so its chunk is fetched on the first click
 * rather than at start-up, and it stays mounted afterwards so closing it keeps
 * its transition and reopening it needs no fetch.
 */
export function useOpenedOnce(opened: boolean): boolean {
  const [once, setOnce] = useState(opened);
  // Updating state while rendering (React's documented pattern for "derived from
  // the previous render") avoids an effect's extra render with the dialog missing.
  if (opened && !once) setOnce(true);
  return once || opened;
}

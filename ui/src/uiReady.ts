import { useEffect, useRef } from 'react';
import { ipc } from './ipc';
import { useAppStatus, usePlatforms } from './queries';

/**
 * Reports once that the first screen (Platforms) has its data, so the backend can
 * log process-start-to-usable-window time. A failed list still counts as rendered:
 * the screen then shows the error, which is what the user sees.
 */
export function useReportUiReady() {
  const status = useAppStatus();
  const platforms = usePlatforms();
  const reported = useRef(false);
  const settled = status.isFetched && platforms.isFetched;

  useEffect(() => {
    if (!settled || reported.current) return;
    reported.current = true;
    // Only a measurement: an older backend without the command must not bother anyone.
    ipc.uiReady().catch(() => undefined);
  }, [settled]);
}

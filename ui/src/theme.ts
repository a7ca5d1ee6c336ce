import { createTheme } from '@mantine/core';

// Mantine's close buttons (the X of a modal, a drawer, a notification or an
// alert) are icons without a name; screen readers would announce only "button".
const closeButtonProps = { 'aria-label': 'Close' };

/** The app's Mantine theme (tests render with it too, see test/render.tsx). */
export const appTheme = createTheme({
  // Plain objects rather than Modal.extend(…): importing the components here would
  // pull them (Modal, Drawer) into the first screen's bundle without their styles,
  // which the build refuses (vite.config.ts, mantine-styles-guard).
  components: {
    Modal: { defaultProps: { closeButtonProps } },
    Drawer: { defaultProps: { closeButtonProps } },
    Notification: { defaultProps: { closeButtonProps: { 'aria-label': 'Dismiss' } } },
    Alert: { defaultProps: { closeButtonLabel: 'Dismiss' } },
  },
});

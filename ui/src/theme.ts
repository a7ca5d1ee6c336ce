import { Alert, createTheme, Drawer, Modal, Notification } from '@mantine/core';

// Mantine's close buttons (the X of a modal, a drawer, a notification or an
// alert) are icons without a name; screen readers would announce only "button".
const closeButtonProps = { 'aria-label': 'Close' };

/** The app's Mantine theme (tests render with it too, see test/render.tsx). */
export const appTheme = createTheme({
  components: {
    Modal: Modal.extend({ defaultProps: { closeButtonProps } }),
    Drawer: Drawer.extend({ defaultProps: { closeButtonProps } }),
    Notification: Notification.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Dismiss' } } }),
    Alert: Alert.extend({ defaultProps: { closeButtonLabel: 'Dismiss' } }),
  },
});

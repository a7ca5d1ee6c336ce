import { createTheme, Drawer, Modal } from '@mantine/core';

// Mantine's close button (the X of every modal and drawer) is an icon without a
// name; screen readers would announce only "button".
const closeButtonProps = { 'aria-label': 'Close' };

/** The app's Mantine theme (tests render with it too, see test/render.tsx). */
export const appTheme = createTheme({
  components: {
    Modal: Modal.extend({ defaultProps: { closeButtonProps } }),
    Drawer: Drawer.extend({ defaultProps: { closeButtonProps } }),
  },
});

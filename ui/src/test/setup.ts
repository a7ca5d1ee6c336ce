import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { clearMocks } from '@tauri-apps/api/mocks';
import { notifications } from '@mantine/notifications';
import { afterEach } from 'vitest';

// Pages are loaded lazily: the first test of a file waits for a cold import,
// which on a loaded 2-core CI machine takes longer than the default second.
configure({ asyncUtilTimeout: 4000 });

// With `globals: false`, Testing Library cannot register its own cleanup hook.
afterEach(() => {
  cleanup();
  // The IPC mock and the notification store live on window/module scope and would
  // otherwise leak from one test into the next.
  clearMocks();
  notifications.clean();
});

// Polyfills Mantine needs under jsdom.
const { getComputedStyle } = window;
window.getComputedStyle = (elt: Element, pseudoElt?: string | null) => getComputedStyle(elt, pseudoElt);

window.HTMLElement.prototype.scrollIntoView = () => {};

Object.defineProperty(window, 'matchMedia', {
  writable: true,
  value: (query: string): MediaQueryList => ({
    matches: false,
    media: query,
    onchange: null,
    addListener: () => {},
    removeListener: () => {},
    addEventListener: () => {},
    removeEventListener: () => {},
    dispatchEvent: () => false,
  }),
});

class ResizeObserverStub implements ResizeObserver {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}

window.ResizeObserver = ResizeObserverStub;

// Textarea autosize listens for web-font loading; jsdom has no FontFaceSet.
if (!('fonts' in document)) {
  Object.defineProperty(document, 'fonts', {
    configurable: true,
    value: {
      ready: Promise.resolve(),
      addEventListener: () => {},
      removeEventListener: () => {},
    },
  });
}

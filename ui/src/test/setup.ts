import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

// With `globals: false`, Testing Library cannot register its own cleanup hook.
afterEach(() => {
  cleanup();
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

import type { ReactElement, ReactNode } from 'react';
import { render as rtlRender, type RenderOptions } from '@testing-library/react';
import { createTheme, MantineProvider, mergeThemeOverrides } from '@mantine/core';
import { AppNotifications } from '../notify';
import { appTheme } from '../theme';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';

export function createTestQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: false },
      mutations: { retry: false },
    },
  });
}

// The app's theme, but modals and drawers open and close at once, so a test never
// races a fade-out.
const testTheme = mergeThemeOverrides(appTheme, createTheme({
  components: {
    Modal: { defaultProps: { transitionProps: { duration: 0 } } },
    Drawer: { defaultProps: { transitionProps: { duration: 0 } } },
  },
}));

/** Render `ui` inside the same providers the app uses (fresh QueryClient per call). */
export function renderWithProviders(ui: ReactElement, options?: Omit<RenderOptions, 'wrapper'>) {
  const queryClient = createTestQueryClient();
  function Wrapper({ children }: { children: ReactNode }) {
    return (
      <MantineProvider theme={testTheme}>
        <QueryClientProvider client={queryClient}>
          <AppNotifications />
          {children}
        </QueryClientProvider>
      </MantineProvider>
    );
  }
  return { queryClient, ...rtlRender(ui, { wrapper: Wrapper, ...options }) };
}

import { useState, type ReactNode } from 'react';
import { AppShell, Group, NavLink, Title } from '@mantine/core';
import { IconCategory, IconServer, IconSettings } from '@tabler/icons-react';
import { PlatformsPage } from './pages/PlatformsPage';
import { PlatformTypesPage } from './pages/PlatformTypesPage';
import { SettingsPage } from './pages/SettingsPage';
import { StartupError } from './components/StartupError';
import { useReportUiReady } from './uiReady';

export type PageKey = 'platforms' | 'types' | 'settings';

interface NavItem {
  key: PageKey;
  label: string;
  icon: ReactNode;
}

const NAV_ITEMS: NavItem[] = [
  { key: 'platforms', label: 'Platforms', icon: <IconServer size={18} stroke={1.5} /> },
  { key: 'types', label: 'Platform types', icon: <IconCategory size={18} stroke={1.5} /> },
  { key: 'settings', label: 'Settings', icon: <IconSettings size={18} stroke={1.5} /> },
];

function renderPage(page: PageKey, setPage: (page: PageKey) => void): ReactNode {
  switch (page) {
    case 'platforms':
      return <PlatformsPage onOpenTypes={() => setPage('types')} />;
    case 'types':
      return <PlatformTypesPage />;
    case 'settings':
      return <SettingsPage />;
  }
}

export function App() {
  const [page, setPage] = useState<PageKey>('platforms');
  useReportUiReady();

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: 'xs' }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md">
          <Title order={3}>Platform Builder</Title>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="xs">
        {NAV_ITEMS.map((item) => (
          <NavLink
            key={item.key}
            data-testid={`nav-${item.key}`}
            label={item.label}
            leftSection={item.icon}
            active={page === item.key}
            onClick={() => setPage(item.key)}
          />
        ))}
      </AppShell.Navbar>

      <AppShell.Main>
        <StartupError />
        {renderPage(page, setPage)}
      </AppShell.Main>
    </AppShell>
  );
}

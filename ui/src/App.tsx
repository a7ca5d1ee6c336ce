import { lazy, Suspense, useState, type ReactNode } from 'react';
import {
  ActionIcon,
  AppShell,
  Group,
  Loader,
  NavLink,
  Title,
  Tooltip,
  useComputedColorScheme,
  useMantineColorScheme,
} from '@mantine/core';
import {
  IconCategory,
  IconHistory,
  IconListDetails,
  IconMoon,
  IconServer,
  IconSettings,
  IconSun,
  IconWand,
} from '@tabler/icons-react';
import { PlatformsPage } from './pages/PlatformsPage';
import { StartupError } from './components/StartupError';
import { useReportUiReady } from './uiReady';

// Only the Platforms page (the first screen) is in the start-up bundle: WebKit's
// JavaScript parse and compile dominates start-up time and the web process's
// memory, so every other page is fetched the first time it is opened. The wizard
// and the instance page bring the code editor, the JSON Schema forms and the
// OpenAPI import; the registry its virtualized table.
const WizardPage = lazy(() => import('./pages/wizard/WizardPage').then((m) => ({ default: m.WizardPage })));
const WizardDrafts = lazy(() => import('./pages/wizard/WizardDrafts').then((m) => ({ default: m.WizardDrafts })));
const InstancePage = lazy(() => import('./pages/instance/InstancePage').then((m) => ({ default: m.InstancePage })));
const RegistryPage = lazy(() => import('./pages/registry/RegistryPage').then((m) => ({ default: m.RegistryPage })));
const PlatformTypesPage = lazy(() =>
  import('./pages/PlatformTypesPage').then((m) => ({ default: m.PlatformTypesPage })),
);
const ChangeHistoryPage = lazy(() =>
  import('./pages/history/ChangeHistoryPage').then((m) => ({ default: m.ChangeHistoryPage })),
);
const SettingsPage = lazy(() => import('./pages/SettingsPage').then((m) => ({ default: m.SettingsPage })));

export type PageKey = 'platforms' | 'registry' | 'establish' | 'types' | 'history' | 'settings';

interface NavItem {
  key: PageKey;
  label: string;
  icon: ReactNode;
}

const NAV_ITEMS: NavItem[] = [
  { key: 'platforms', label: 'Platforms', icon: <IconServer size={18} stroke={1.5} /> },
  { key: 'registry', label: 'Registry', icon: <IconListDetails size={18} stroke={1.5} /> },
  { key: 'establish', label: 'Establish a platform', icon: <IconWand size={18} stroke={1.5} /> },
  { key: 'types', label: 'Platform types', icon: <IconCategory size={18} stroke={1.5} /> },
  { key: 'history', label: 'Change history', icon: <IconHistory size={18} stroke={1.5} /> },
  { key: 'settings', label: 'Settings', icon: <IconSettings size={18} stroke={1.5} /> },
];

/** Where inside a page the administrator is: an open instance, platform or wizard. */
interface Place {
  page: PageKey;
  instance?: { instanceId: string; platformId: string };
  platformId?: string;
  wizard?: { draftId: string | null; sandbox: boolean };
}

function renderPage(place: Place, go: (place: Place) => void): ReactNode {
  const openPlatform = (platformId: string) => go({ page: 'platforms', platformId });
  // The drafts list: start, try the sandbox or resume (the navbar's entry).
  const establish = () => go({ page: 'establish' });
  // An "Establish a custom platform" button elsewhere opens the wizard itself:
  // the drafts list would only offer the same button again.
  const startWizard = (sandbox = false) => go({ page: 'establish', wizard: { draftId: null, sandbox } });
  switch (place.page) {
    case 'platforms':
      return (
        <PlatformsPage
          // Remounted per platform opened from elsewhere, so its own list/detail
          // state starts from that platform.
          key={place.platformId ?? 'list'}
          initialPlatformId={place.platformId ?? null}
          onOpenTypes={() => go({ page: 'types' })}
          onEstablish={startWizard}
        />
      );
    case 'registry':
      return place.instance ? (
        <InstancePage
          instanceId={place.instance.instanceId}
          platformId={place.instance.platformId}
          onBack={() => go({ page: 'registry' })}
          onOpenPlatform={openPlatform}
        />
      ) : (
        <RegistryPage
          onOpenInstance={(instanceId, platformId) => go({ page: 'registry', instance: { instanceId, platformId } })}
          onOpenPlatform={openPlatform}
          onNewPlatform={() => startWizard()}
        />
      );
    case 'establish':
      return place.wizard ? (
        <WizardPage
          key={`${place.wizard.draftId ?? 'new'}-${place.wizard.sandbox}`}
          draftId={place.wizard.draftId}
          sandbox={place.wizard.sandbox}
          onFinished={openPlatform}
          onClose={establish}
        />
      ) : (
        <WizardDrafts onOpen={(draftId, sandbox) => go({ page: 'establish', wizard: { draftId, sandbox: !!sandbox } })} />
      );
    case 'types':
      return <PlatformTypesPage />;
    case 'history':
      return <ChangeHistoryPage />;
    case 'settings':
      return <SettingsPage />;
  }
}

/** Light or dark, starting from the system's choice (Mantine remembers the switch). */
function ThemeSwitch() {
  const { setColorScheme } = useMantineColorScheme();
  const dark = useComputedColorScheme('light') === 'dark';
  const label = dark ? 'Switch to the light theme' : 'Switch to the dark theme';
  return (
    <Tooltip label={label}>
      <ActionIcon
        variant="default"
        size="lg"
        aria-label={label}
        onClick={() => setColorScheme(dark ? 'light' : 'dark')}
        data-testid="theme-switch"
      >
        {dark ? <IconSun size={18} /> : <IconMoon size={18} />}
      </ActionIcon>
    </Tooltip>
  );
}

export function App() {
  const [place, setPlace] = useState<Place>({ page: 'platforms' });
  useReportUiReady();

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: 'xs' }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Title order={3}>Platform Builder</Title>
          <ThemeSwitch />
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="xs">
        {NAV_ITEMS.map((item) => (
          <NavLink
            key={item.key}
            // A button, not an <a> without href: those are left out of the tab order,
            // and the navigation must work from the keyboard.
            component="button"
            type="button"
            aria-current={place.page === item.key ? 'page' : undefined}
            data-testid={`nav-${item.key}`}
            label={item.label}
            leftSection={item.icon}
            active={place.page === item.key}
            onClick={() => setPlace({ page: item.key })}
          />
        ))}
      </AppShell.Navbar>

      <AppShell.Main>
        <StartupError />
        <Suspense fallback={<Loader aria-label="Loading the page" />}>{renderPage(place, setPlace)}</Suspense>
      </AppShell.Main>
    </AppShell>
  );
}

import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { open } from '@tauri-apps/plugin-dialog';
import type { LandingZone } from '../../bindings/LandingZone';
import type { LandingZoneInput } from '../../bindings/LandingZoneInput';
import { installBackend, ipcError } from '../../test/fakeBackend';
import { platform } from '../../test/fixtures';
import { renderWithProviders } from '../../test/render';
import { LandingZonesCard } from './LandingZonesCard';
import { OfferingCard } from './OfferingCard';

vi.mock('@tauri-apps/plugin-dialog', () => ({ open: vi.fn() }));

const CPU = { key: 'requests.cpu', label: 'CPU', unit: 'cores', min: 1, max: 16, default: 4, autoApprovalThreshold: 8 };
const settings = () => ({
  naming: { template: '{prefix}-{purpose}-{suffix}', pattern: '^[a-z-0-9]+$', prefix: 'pb' },
  roleMappings: [],
  quotas: [CPU],
  strictness: 'strict',
  knownDeviations: [],
});

describe('offering a platform to application teams', () => {
  // The quota key has a dot, as most do: the form must not read it as a path.
  it('adds a landing zone, with a quota outside its definition shown under its input', async () => {
    const p = platform({ id: 'p1' });
    const zones: LandingZone[] = [];
    const backend = installBackend({
      platforms: [p],
      overrides: {
        get_validation_settings: () => settings(),
        list_landing_zones: () => zones,
        save_landing_zone: ({ input }) => {
          const zone = input as LandingZoneInput;
          if ((zone.quotas['requests.cpu'] ?? 0) > 16) {
            throw ipcError('validation', 'quotas.requests.cpu: CPU must lie between 1 cores and 16 cores', [
              ['quotas.requests.cpu', 'CPU must lie between 1 cores and 16 cores (the quota definition\'s bounds)'],
            ]);
          }
          const saved = { ...zone, platformId: 'p1', createdAt: 't', updatedAt: 't' } as LandingZone;
          zones.push(saved);
          return saved;
        },
      },
    });
    const user = userEvent.setup();
    renderWithProviders(<LandingZonesCard platform={p} readOnly={false} />);
    expect(await screen.findByTestId('zones-empty')).toHaveTextContent('No landing zone yet');
    await user.click(screen.getByTestId('zone-add'));
    const cpu = await screen.findByTestId('zone-quota-requests.cpu');
    expect(screen.getByTestId('zone-identifier')).toHaveValue('event-streaming-default');
    await user.clear(cpu);
    await user.type(cpu, '32');
    await user.click(screen.getByTestId('zone-save'));
    expect(await screen.findByTestId('zone-quota-requests.cpu-error')).toHaveTextContent('between 1 cores and 16 cores');
    expect(zones).toHaveLength(0);

    await user.clear(screen.getByTestId('zone-quota-requests.cpu'));
    await user.type(screen.getByTestId('zone-quota-requests.cpu'), '6');
    await user.click(screen.getByTestId('zone-restricted'));
    // An override of the platform's role mapping for tenants of this zone.
    await user.click(screen.getByTestId('role-add'));
    await user.type(screen.getByTestId('role-platform-0'), 'contributor');
    await user.click(screen.getByTestId('zone-save'));
    const row = await screen.findByTestId('zone-event-streaming-default');
    expect(row).toHaveTextContent('CPU 6 cores');
    expect(within(row).getByText('Restricted')).toBeInTheDocument();
    expect(backend.callsTo('save_landing_zone').at(-1)?.args).toMatchObject({
      platformId: 'p1',
      existing: null,
      input: {
        identifier: 'event-streaming-default',
        quotas: { 'requests.cpu': 6 },
        restricted: true,
        disabled: false,
        roleMappings: [{ projectRole: 'reader', platformRole: 'contributor' }],
      },
    });
  });

  it('says what publishing still needs, puts the refusal under Publication, and exports to the chosen folder', async () => {
    const p = platform({ id: 'p1', identifier: 'event-streaming' });
    const backend = installBackend({
      platforms: [p],
      overrides: {
        set_availability: () => {
          throw ipcError('validation', 'publication: Publishing needs a landing zone', [
            ['publication', 'Publishing needs a landing zone that is not disabled'],
          ]);
        },
        export_meshstack: ({ dir }) => ({ dir, files: ['README.md', 'versions.tf', 'platforms.tf'] }),
      },
    });
    const user = userEvent.setup();
    renderWithProviders(<OfferingCard platform={p} readOnly={false} />);
    expect(await screen.findByTestId('offering-missing')).toHaveTextContent(
      'an instance whose last validation passed with the current connector',
    );
    await user.click(screen.getByTestId('offering-publication'));
    await user.click(await screen.findByRole('option', { name: 'Published', hidden: true }));
    await user.click(screen.getByTestId('offering-save'));
    expect(await screen.findByTestId('offering-publication-error')).toHaveTextContent(
      'Publishing needs a landing zone that is not disabled',
    );
    expect(backend.callsTo('set_availability')[0].args).toEqual({
      platformId: 'p1',
      availability: { restriction: 'private', restrictedTo: [], publication: 'published' },
    });

    vi.mocked(open).mockResolvedValueOnce('/home/admin/meshstack');
    await user.click(screen.getByTestId('offering-export-meshstack'));
    await user.click(await screen.findByRole('button', { name: 'Choose…' }));
    await waitFor(() => expect(screen.getByTestId('export-dir')).toHaveValue('/home/admin/meshstack'));
    await user.click(screen.getByTestId('export-meshstack-submit'));
    expect(await screen.findByTestId('success-notification')).toHaveTextContent(
      'Exported to meshStack: 3 files in /home/admin/meshstack',
    );
    await waitFor(() =>
      expect(backend.callsTo('export_meshstack')[0].args).toEqual({
        dir: '/home/admin/meshstack',
        platforms: ['event-streaming'],
      }),
    );
  });
});

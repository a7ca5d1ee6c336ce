import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MantineProvider } from '@mantine/core';
import type { MarkedTenant } from '../../bindings/MarkedTenant';
import type { SweepReport } from '../../bindings/SweepReport';
import type { TenantList } from '../../bindings/TenantList';
import { ipcError } from '../../test/fakeBackend';
import { installRegistryBackend } from '../../test/fakeRegistry';
import { BUILTIN_TYPES, instance, platform } from '../../test/fixtures';
import { renderWithProviders } from '../../test/render';
import { InstancePage } from '../instance/InstancePage';

const PATTERN = 'pb-validation-??????';

function tenant(name: string, id: string): MarkedTenant {
  // The backend marks leftovers; here the fake does it for names of six-character suffixes.
  return { name, id, leftover: /^pb-validation-[a-z0-9]{6}$/.test(name) };
}

/** A platform's tenants and a sweep that deletes, like the backend, only listed leftovers. */
function platformTenants(initial: MarkedTenant[], refuse: string[] = []) {
  let tenants = [...initial];
  const listed = (): TenantList => ({
    tenants,
    pattern: PATTERN,
    pages: 2,
    error: null,
    exchanges: [],
    durationMs: 12,
  });
  const sweep = vi.fn(({ tenantIds }: Record<string, unknown>): SweepReport => {
    const ids = tenantIds as string[];
    const chosen = tenants.filter((t) => t.leftover && ids.includes(t.id));
    const failed = chosen.filter((t) => refuse.includes(t.id));
    const deleted = chosen.filter((t) => !refuse.includes(t.id));
    tenants = tenants.filter((t) => !deleted.includes(t));
    return {
      pattern: PATTERN,
      leftovers: chosen.map(({ name, id }) => ({ name, id })),
      deleted: deleted.map(({ name, id }) => ({ name, id })),
      failed: failed.map(({ name, id }) => ({ name, id, error: 'delete_tenant: HTTP 503' })),
      kept: tenants.filter((t) => !t.leftover).length,
      listingError: null,
      dryRun: false,
    };
  });
  return { list: vi.fn(listed), sweep };
}

async function open(overrides: Record<string, (args: Record<string, unknown>) => unknown>) {
  installRegistryBackend({
    types: BUILTIN_TYPES,
    platforms: [platform()],
    instances: [instance()],
    overrides,
  });
  const user = userEvent.setup();
  renderWithProviders(
    <MantineProvider env="test">
      <InstancePage instanceId="i-1" platformId="p-1" onBack={vi.fn()} onOpenPlatform={vi.fn()} />
    </MantineProvider>,
  );
  await screen.findByTestId('instance-page');
  return user;
}

const TENANTS = [
  tenant('payments', 't-1'),
  tenant('pb-validation-k3x9q2', 't-2'),
  tenant('pb-validation-k3x9q', 't-3'),
  tenant('pb-validation-zz01ab', 't-4'),
];

describe('the Tenants tab', () => {
  it('lists only once opened, leftovers first and marked', async () => {
    const fake = platformTenants(TENANTS);
    const user = await open({ list_instance_tenants: fake.list, sweep_leftovers: fake.sweep });
    expect(fake.list).not.toHaveBeenCalled();

    await user.click(screen.getByRole('tab', { name: 'Tenants' }));
    const table = await screen.findByTestId('tenants-table');
    const rows = within(table).getAllByTestId('tenant-row');
    expect(rows.map((r) => r.getAttribute('data-leftover'))).toEqual(['true', 'true', 'false', 'false']);
    expect(rows[0]).toHaveTextContent('pb-validation-k3x9q2');
    expect(within(rows[0]).getByText('validation leftover')).toBeInTheDocument();
    // Named almost like a leftover, but not one.
    const near = rows.find((r) => r.textContent?.includes('pb-validation-k3x9qt-3'));
    expect(near).toHaveAttribute('data-leftover', 'false');
    expect(screen.getByTestId('tenants-summary')).toHaveTextContent('4 tenants in 2 pages, 2 validation leftovers');

    await user.click(screen.getByTestId('tenants-only-leftovers'));
    expect(within(screen.getByTestId('tenants-table')).getAllByTestId('tenant-row')).toHaveLength(2);
  });

  it('removes the leftovers after naming each one, and reports what it did', async () => {
    const fake = platformTenants(TENANTS, ['t-4']);
    const user = await open({ list_instance_tenants: fake.list, sweep_leftovers: fake.sweep });
    await user.click(screen.getByRole('tab', { name: 'Tenants' }));
    await screen.findByTestId('tenants-table');

    await user.click(screen.getByRole('button', { name: 'Remove leftovers (2)' }));
    const dialog = await screen.findByRole('dialog', { name: 'Remove validation leftovers' });
    const named = within(dialog).getByTestId('leftovers-to-delete');
    expect(named).toHaveTextContent('pb-validation-k3x9q2');
    expect(named).toHaveTextContent('pb-validation-zz01ab');
    expect(named).not.toHaveTextContent('payments');
    // The harmless answer has the focus.
    expect(within(dialog).getByTestId('confirm-cancel')).toHaveFocus();
    await user.click(within(dialog).getByRole('button', { name: 'Delete 2 tenants' }));

    expect(fake.sweep).toHaveBeenCalledWith(expect.objectContaining({ id: 'i-1', tenantIds: ['t-2', 't-4'] }));
    const result = await screen.findByTestId('sweep-result');
    expect(result).toHaveTextContent('1 deleted, 1 could not be deleted');
    expect(within(result).getByTestId('sweep-deleted')).toHaveTextContent('Deleted pb-validation-k3x9q2');
    expect(within(result).getByTestId('sweep-failed')).toHaveTextContent(
      'Not deleted pb-validation-zz01ab: delete_tenant: HTTP 503',
    );
    // Listed again after the sweep: the one that failed is still there.
    await waitFor(() => expect(fake.list).toHaveBeenCalledTimes(2));
    await waitFor(() => expect(screen.getByTestId('tenants-summary')).toHaveTextContent('3 tenants'));
    expect(screen.getByRole('button', { name: 'Remove leftovers (1)' })).toBeEnabled();
  });

  it('says why it cannot list, and offers nothing to remove', async () => {
    const user = await open({
      list_instance_tenants: () => {
        throw ipcError(
          'operation_not_defined',
          'operation list_tenants is not defined by this connector',
          [],
          'Fix the connector definition or the instance settings; nothing was sent that could have worked.',
        );
      },
    });
    await user.click(screen.getByRole('tab', { name: 'Tenants' }));
    const error = await screen.findByTestId('query-error');
    expect(error).toHaveTextContent('Could not list the tenants');
    expect(error).toHaveTextContent('list_tenants is not defined');
    expect(screen.getByTestId('tenants-remove-leftovers')).toBeDisabled();
  });

  it('shows a listing that stopped early as partial, with its reason', async () => {
    const user = await open({
      list_instance_tenants: (): TenantList => ({
        tenants: [tenant('pb-validation-aaaaaa', 't-9')],
        pattern: PATTERN,
        pages: 3,
        error: {
          code: 'secret_to_foreign_origin',
          class: 'configuration',
          message: 'GET {{ page.next }}: http://elsewhere.example/ is outside the instance origin',
          remediation: '',
        },
        exchanges: [],
        durationMs: 40,
      }),
    });
    await user.click(screen.getByRole('tab', { name: 'Tenants' }));
    const partial = await screen.findByTestId('tenants-partial');
    expect(partial).toHaveTextContent('The listing stopped at page 3');
    expect(partial).toHaveTextContent('outside the instance origin');
    expect(screen.getAllByTestId('tenant-row')).toHaveLength(1);
  });
});

import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { BulkResult } from '../../bindings/BulkResult';
import { BUILTIN_TYPES, customType, instance, platform } from '../../test/fixtures';
import { installBackend, ipcError } from '../../test/fakeBackend';
import { renderWithProviders } from '../../test/render';
import { PlatformsPage } from '../PlatformsPage';
import { countLine, sortResults } from './useBulkTest';

const TYPES = [...BUILTIN_TYPES, customType()];
const PLATFORMS = [platform(), platform({ id: 'p-2', name: 'Databases', typeId: 'AWS' })];
const INSTANCES = [
  instance(),
  instance({ id: 'i-2', name: 'dev-eu', environment: 'dev' }),
  instance({ id: 'i-3', platformId: 'p-2', name: 'pg-prod' }),
  instance({ id: 'i-4', platformId: 'p-2', name: 'pg-dev', environment: 'dev' }),
];
const OUTCOMES = {
  'i-2': { status: 'failed' as const, summary: 'dns: no such host', durationMs: 1520 },
  'i-3': { status: 'warning' as const },
  'i-4': { status: 'failed' as const, summary: 'tls: certificate expired' },
};

async function renderPage(options: Parameters<typeof installBackend>[0] = {}) {
  const backend = installBackend({ types: TYPES, platforms: PLATFORMS, instances: INSTANCES, ...options });
  const user = userEvent.setup();
  const rendered = renderWithProviders(<PlatformsPage />);
  return { backend, user, ...rendered };
}

const rowNames = () => screen.getAllByTestId('bulk-result').map((r) => r.getAttribute('data-name'));

describe('test all instances', () => {
  it('shows the progress and the results as they arrive, then failures first with the counts', async () => {
    const { backend, user, queryClient } = await renderPage({ bulk: { outcomes: OUTCOMES, holdAfter: 2 } });
    // The instances of the first platform are cached from a visit, as they would be.
    await user.click((await screen.findAllByTestId('platform-row'))[0]);
    expect(await screen.findAllByTestId('instance-status')).toHaveLength(2);
    await user.click(screen.getByTestId('back-to-platforms'));

    await user.click(await screen.findByTestId('test-all'));

    const progress = await screen.findByTestId('bulk-progress');
    await waitFor(() => expect(progress).toHaveAttribute('data-done', '2'));
    expect(progress).toHaveAttribute('data-total', '4');
    expect(progress).toHaveTextContent('2 / 4 tested');
    expect(within(progress).getByRole('progressbar')).toHaveAttribute('aria-valuenow', '50');
    // Live: in the order they finished, no count line yet, and no second run meanwhile.
    expect(rowNames()).toEqual(['prod-eu', 'dev-eu']);
    expect(screen.queryByTestId('bulk-counts')).not.toBeInTheDocument();
    expect(screen.getByTestId('test-all')).toBeDisabled();
    expect(screen.getByTestId('bulk-close')).toBeDisabled();
    expect(backend.callsTo('test_instances')).toHaveLength(1);
    const { args } = backend.callsTo('test_instances')[0];
    expect(args).toMatchObject({ ids: null, concurrency: 8 });
    expect(args.onProgress).toBeDefined();

    backend.releaseBulk();

    expect(await screen.findByTestId('bulk-counts')).toHaveTextContent('1 ok, 1 warning, 2 failed');
    expect(screen.getByTestId('bulk-progress')).toHaveTextContent('4 / 4 tested');
    expect(rowNames()).toEqual(['pg-dev', 'dev-eu', 'pg-prod', 'prod-eu']);
    const first = within(screen.getAllByTestId('bulk-result')[1]);
    expect(first.getByTestId('bulk-result-platform')).toHaveTextContent('Event streaming');
    expect(first.getByTestId('bulk-result-instance')).toHaveTextContent('dev-eu');
    expect(first.getByTestId('bulk-result-status')).toHaveTextContent('Failed');
    expect(first.getByTestId('bulk-result-summary')).toHaveTextContent('dns: no such host');
    expect(first.getByTestId('bulk-result-duration')).toHaveTextContent('1.5 s');
    expect(within(screen.getAllByTestId('bulk-result')[0]).getByTestId('bulk-result-platform')).toHaveTextContent(
      'Databases',
    );
    expect(screen.getByTestId('test-all')).toBeEnabled();

    // The statuses changed: the cached instance lists are stale and show the new ones.
    expect(queryClient.getQueryState(['instances', 'p-1'])?.isInvalidated).toBe(true);
    await user.click(screen.getByTestId('bulk-close'));
    await waitFor(() => expect(screen.queryByTestId('bulk-results')).not.toBeInTheDocument());
    await user.click(screen.getAllByTestId('platform-row')[0]);
    await waitFor(() =>
      expect(screen.getAllByTestId('instance-status').map((b) => b.textContent)).toEqual(['OK', 'Failed']),
    );
    expect(backend.state.instances.find((i) => i.id === 'i-4')?.lastTest).toMatchObject({
      kind: 'connection_test',
      status: 'failed',
      summary: 'tls: certificate expired',
    });
  });

  it('says there is nothing to test in an empty registry', async () => {
    const { backend, user } = await renderPage({ platforms: [], instances: [] });

    await user.click(await screen.findByTestId('test-all'));

    expect(await screen.findByTestId('bulk-empty')).toHaveTextContent('No instances are registered yet');
    expect(screen.queryByTestId('bulk-results')).not.toBeInTheDocument();
    expect(screen.queryByTestId('bulk-counts')).not.toBeInTheDocument();
    expect(screen.queryByTestId('bulk-progress')).not.toBeInTheDocument();
    expect(backend.callsTo('test_instances')).toHaveLength(1);
  });

  it('shows why the bulk test failed as a sentence, and can be started again', async () => {
    const { backend, user } = await renderPage({
      overrides: {
        test_instances: () => {
          throw ipcError('database', 'The database is locked', [], 'Close other copies of Platform Builder.');
        },
      },
    });

    await user.click(await screen.findByTestId('test-all'));

    const error = await screen.findByTestId('bulk-error');
    expect(error).toHaveTextContent('The database is locked');
    expect(error).toHaveTextContent('Close other copies of Platform Builder.');
    expect(error).not.toHaveTextContent('[object Object]');
    expect(screen.queryByTestId('bulk-counts')).not.toBeInTheDocument();
    expect(screen.queryByTestId('bulk-progress')).not.toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId('test-all')).toBeEnabled());

    await user.click(screen.getByTestId('bulk-close'));
    await user.click(screen.getByTestId('test-all'));
    await waitFor(() => expect(backend.callsTo('test_instances')).toHaveLength(2));
  });

  it('shows a rejection without a message readably too', async () => {
    const { user } = await renderPage({
      overrides: {
        test_instances: () => {
          throw { code: 'internal' };
        },
      },
    });

    await user.click(await screen.findByTestId('test-all'));

    const error = await screen.findByTestId('bulk-error');
    expect(error).toHaveTextContent('without a description (test_instances)');
    expect(error).not.toHaveTextContent('[object Object]');
  });
});

describe('bulk results', () => {
  const result = (instanceName: string, platformId: string, status: string): BulkResult => ({
    instanceId: instanceName,
    instanceName,
    platformId,
    status,
    summary: '',
    durationMs: 10,
  });

  it('sorts failures, then warnings, then ok, each by platform and instance name', () => {
    const names: Record<string, string> = { a: 'Alpha', b: 'Beta' };
    const sorted = sortResults(
      [result('x', 'a', 'ok'), result('y', 'b', 'failed'), result('z', 'a', 'warning'), result('w', 'a', 'failed')],
      (id) => names[id],
    );
    expect(sorted.map((r) => r.instanceName)).toEqual(['w', 'y', 'z', 'x']);
  });

  it('counts each status, with an unknown one as failed', () => {
    expect(countLine([])).toBe('0 ok, 0 warnings, 0 failed');
    const results = [
      ...Array.from({ length: 12 }, (_, i) => result(`ok-${i}`, 'a', 'ok')),
      result('w', 'a', 'warning'),
      result('f', 'a', 'failed'),
      result('u', 'a', 'strange'),
    ];
    expect(countLine(results)).toBe('12 ok, 1 warning, 2 failed');
  });
});

import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ChangeEntry } from '../../bindings/ChangeEntry';
import type { HistoryQuery } from '../../bindings/HistoryQuery';
import { installBackend, ipcError } from '../../test/fakeBackend';
import { renderWithProviders } from '../../test/render';
import { ChangeHistoryPanel } from './ChangeHistoryPanel';

const ENTRIES: ChangeEntry[] = [
  {
    id: 'e2',
    at: '2026-12-04T10:00:00.000Z',
    user: 'alice',
    via: 'platformctl',
    source: 'definitions/billing.yaml',
    kind: 'credential',
    action: 'updated',
    recordId: 'i1',
    record: 'credential of prod (Billing)',
    platformId: 'p1',
    changes: [
      { field: 'value', secret: true },
      { field: 'version', before: 1, after: 2, secret: false },
    ],
  },
  {
    id: 'e1',
    at: '2026-12-03T09:00:00.000Z',
    user: 'bob',
    via: 'app',
    kind: 'platform',
    action: 'updated',
    recordId: 'p1',
    record: 'Billing',
    platformId: 'p1',
    changes: [{ field: 'description', before: 'Invoices', after: 'Invoices and payments', secret: false }],
  },
];

/** list_change_history filtering the fixture as the registry does (kind and record). */
function install() {
  return installBackend({
    overrides: {
      list_change_history: ({ query }: Record<string, unknown>) => {
        const q = query as HistoryQuery;
        if (q.from === '2026-12-05' && q.to === '2026-12-01') {
          throw ipcError('validation', 'to: The end date is before the start date', [
            ['to', 'The end date is before the start date'],
          ]);
        }
        const entries = ENTRIES.filter(
          (e) =>
            (!q.kind || e.kind === q.kind) && (!q.record || e.record.toLowerCase().includes(q.record.toLowerCase())),
        );
        return { total: entries.length, entries };
      },
      export_change_history: () => ENTRIES.map((e) => JSON.stringify(e)).join('\n') + '\n',
    },
  });
}

describe('change history', () => {
  it('lists who changed what, and opens a field-level diff with secrets only as changed', async () => {
    install();
    const user = userEvent.setup();
    renderWithProviders(<ChangeHistoryPanel platformId="p1" />);
    const rows = await screen.findAllByTestId('change-entry');
    expect(rows).toHaveLength(2);
    expect(within(rows[0]).getByTestId('change-record')).toHaveTextContent('credential of prod (Billing)');
    expect(rows[0]).toHaveTextContent('alice');
    expect(rows[0]).toHaveTextContent('platformctl');

    await user.click(rows[0]);
    const changes = await screen.findAllByTestId('field-change');
    expect(changes[0]).toHaveTextContent('changed (secret values are never recorded)');
    expect(changes[1]).toHaveTextContent('version12');
    expect(screen.getByText('From definitions/billing.yaml')).toBeInTheDocument();
  });

  it('filters by record, sends the platform, and puts a bad date range under its field', async () => {
    const backend = install();
    const user = userEvent.setup();
    renderWithProviders(<ChangeHistoryPanel platformId="p1" />);
    await screen.findAllByTestId('change-entry');

    await user.type(screen.getByTestId('history-record'), 'credential');
    await waitFor(() => expect(screen.getAllByTestId('change-entry')).toHaveLength(1));
    const last = backend.callsTo('list_change_history').at(-1)?.args as { query: HistoryQuery };
    expect(last.query).toMatchObject({ platformId: 'p1', record: 'credential' });

    await user.type(screen.getByTestId('history-from'), '2026-12-05');
    await user.type(screen.getByTestId('history-to'), '2026-12-01');
    expect(await screen.findByText('The end date is before the start date')).toBeInTheDocument();
  });

  it('exports what matches as JSON lines to copy', async () => {
    install();
    const user = userEvent.setup();
    renderWithProviders(<ChangeHistoryPanel />);
    await screen.findAllByTestId('change-entry');
    await user.click(screen.getByTestId('export-change-history'));
    const text = await screen.findByTestId('change-history-export');
    const lines = (text.textContent ?? '').trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0]).record).toBe('credential of prod (Billing)');
  });
});

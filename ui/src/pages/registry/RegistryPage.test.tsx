import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { MantineProvider } from '@mantine/core';
import type { RegistryQuery } from '../../bindings/RegistryQuery';
import { BUILTIN_TYPES, customType, instance, platform } from '../../test/fixtures';
import { generatedRows, installRegistryBackend, type RegistryBackendOptions } from '../../test/fakeRegistry';
import { renderWithProviders } from '../../test/render';
import { RegistryPage } from './RegistryPage';
import { resetRegistryStore } from './registryStore';

const VIEWPORT = 600;

// env="test" (which the shared render helper does not set) keeps Mantine from
// hiding a dropdown whose input jsdom reports as detached (every rect is zero).
function render(ui: ReactElement) {
  return renderWithProviders(<MantineProvider env="test">{ui}</MantineProvider>);
}

// jsdom lays nothing out: the scroll container reports a height, so the
// virtualizer has a viewport to fill (and only that).
beforeEach(() => {
  resetRegistryStore();
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockImplementation(function (this: HTMLElement) {
    return this.dataset.testid === 'registry-scroll' ? VIEWPORT : 0;
  });
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(1400);
});
afterEach(() => vi.restoreAllMocks());

function setup(options: RegistryBackendOptions = {}) {
  const backend = installRegistryBackend({ types: [...BUILTIN_TYPES, customType()], ...options });
  const props = { onOpenInstance: vi.fn(), onOpenPlatform: vi.fn(), onNewPlatform: vi.fn() };
  const user = userEvent.setup();
  const rendered = render(<RegistryPage {...props} />);
  const queries = () => backend.callsTo('query_registry').map((c) => c.args.query as RegistryQuery);
  return { backend, props, user, queries, ...rendered };
}

const dataRows = () => screen.getAllByTestId('registry-row');

describe('registry table', () => {
  it('shows the total of 10,000 instances but renders only the rows in view', async () => {
    const { queries } = setup({ registryRows: generatedRows(10_000) });

    expect(await screen.findByTestId('registry-count')).toHaveTextContent('10,000 instances');
    const table = screen.getByRole('table', { name: 'Registered platforms and instances' });
    expect(table).toHaveAttribute('aria-rowcount', '10001');
    const rows = within(table).getAllByRole('row');
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThan(100);
    expect(within(rows[1]).getAllByRole('cell')[1]).toHaveTextContent('instance-00000');
    // One page of 200 asked for, sorted by platform by default.
    expect(queries()).toEqual([
      expect.objectContaining({ offset: 0, limit: 200, sort: 'platform', descending: false, search: '' }),
    ]);
  });

  it('fetches the page of rows scrolled into view', async () => {
    const { queries } = setup({ registryRows: generatedRows(10_000) });
    const scroller = await screen.findByTestId('registry-scroll');
    await screen.findAllByTestId('registry-row');

    vi.spyOn(scroller, 'scrollTop', 'get').mockReturnValue(5_000 * 48);
    fireEvent.scroll(scroller);

    await waitFor(() => expect(queries().map((q) => q.offset)).toContain(5_000));
    // Sorted by platform: 200 rows each, so row 5,000 is the first of "Platform 25".
    const row = await screen.findByRole('row', { name: /Platform 25 .*instance-00025 / });
    expect(row).toHaveAttribute('aria-rowindex', String(5_000 + 2));
    expect(screen.getAllByRole('row').length).toBeLessThan(100);
  });

  it('searches once typing pauses and shows the matching rows', async () => {
    const { user, queries } = setup({ registryRows: generatedRows(10_000) });
    await screen.findAllByTestId('registry-row');

    await user.type(screen.getByLabelText('Search'), 'instance-0001');

    await waitFor(() => expect(screen.getByTestId('registry-count')).toHaveTextContent('10 instances match'));
    // Debounced: the whole text is sent, not a query per keystroke.
    expect(queries().at(-1)?.search).toBe('instance-0001');
    expect(queries().length).toBeLessThan('instance-0001'.length);
    const names = dataRows().map((r) => within(r).getByTestId('registry-instance-name').textContent);
    expect(names).toEqual(Array.from({ length: 10 }, (_, n) => `instance-0001${n}`));
  });

  it('sends the chosen type, environment and status filters', async () => {
    const { user, queries } = setup({ registryRows: generatedRows(300) });
    await screen.findAllByTestId('registry-row');

    await user.click(screen.getByLabelText('Type', { selector: 'input' }));
    await user.click(await screen.findByRole('option', { name: 'Kafka as a service' }));
    await waitFor(() => expect(queries().at(-1)?.typeIds).toEqual(['KAFKA']));

    await user.click(screen.getByLabelText('Environment', { selector: 'input' }));
    await user.click(await screen.findByRole('option', { name: 'dev' }));
    await waitFor(() => expect(queries().at(-1)?.environments).toEqual(['dev']));

    await user.click(screen.getByLabelText('Status', { selector: 'input' }));
    await user.click(await screen.findByRole('option', { name: 'Untested' }));
    await waitFor(() =>
      expect(queries().at(-1)).toMatchObject({ typeIds: ['KAFKA'], environments: ['dev'], statuses: ['untested'] }),
    );
    // KAFKA and dev are rows 0, 3, 6…, untested rows 3, 7, 11…: rows 3, 15, 27… of 300.
    await waitFor(() => expect(screen.getByTestId('registry-count')).toHaveTextContent('25 instances match'));
    expect(within(dataRows()[0]).getByTestId('registry-status')).toHaveTextContent('Untested');
  });

  it('filters by a tag chosen as key=value', async () => {
    const { user, queries } = setup({ registryRows: generatedRows(50) });
    await screen.findAllByTestId('registry-row');

    await user.click(screen.getByLabelText('Tag', { selector: 'input' }));
    await user.click(await screen.findByRole('option', { name: 'team=payments' }));

    await waitFor(() => expect(queries().at(-1)?.tags).toEqual([{ key: 'team', value: 'payments' }]));
    await waitFor(() => expect(screen.getByTestId('registry-count')).toHaveTextContent('10 instances match'));
  });

  it('sorts by a header and toggles the direction, marking it with aria-sort', async () => {
    const { user, queries } = setup({ registryRows: generatedRows(30) });
    await screen.findAllByTestId('registry-row');
    const header = screen.getByRole('columnheader', { name: 'Instance' });
    expect(header).toHaveAttribute('aria-sort', 'none');
    expect(screen.getByRole('columnheader', { name: 'Platform' })).toHaveAttribute('aria-sort', 'ascending');

    await user.click(within(header).getByRole('button', { name: 'Instance' }));
    await waitFor(() => expect(queries().at(-1)).toMatchObject({ sort: 'instance', descending: false }));
    expect(header).toHaveAttribute('aria-sort', 'ascending');

    await user.click(within(header).getByRole('button', { name: 'Instance' }));
    await waitFor(() => expect(queries().at(-1)).toMatchObject({ sort: 'instance', descending: true }));
    expect(header).toHaveAttribute('aria-sort', 'descending');
    await waitFor(() => expect(within(dataRows()[0]).getAllByRole('cell')[1]).toHaveTextContent('instance-00029'));
  });

  it('opens an instance by click or Enter, and a platform without instances', async () => {
    const platforms = [platform(), platform({ id: 'p-2', name: 'Identity', status: 'draft', tags: [] })];
    const { user, props } = setup({ platforms, instances: [instance({ lastTest: null })] });

    const row = await screen.findByRole('row', { name: /prod-eu/ });
    expect(row).toHaveTextContent('Event streaming');
    expect(within(row).getByTestId('registry-status')).toHaveTextContent('Untested');
    await user.click(row);
    expect(props.onOpenInstance).toHaveBeenCalledWith('i-1', 'p-1');

    const empty = screen.getByRole('row', { name: /Identity/ });
    expect(empty).toHaveTextContent('Draft');
    expect(empty).toHaveTextContent('No instances');
    empty.focus();
    await user.keyboard('{Enter}');
    expect(props.onOpenPlatform).toHaveBeenCalledWith('p-2');
    expect(props.onOpenInstance).toHaveBeenCalledTimes(1);
  });

  it('moves between rows with the arrow keys, with one row in the tab order', async () => {
    const { user, props } = setup({ registryRows: generatedRows(40) });
    const rows = await screen.findAllByTestId('registry-row');
    expect(rows.filter((r) => r.tabIndex === 0)).toHaveLength(1);

    // From the last sort button, Tab reaches the first row (and only it).
    screen.getByRole('button', { name: 'Last tested' }).focus();
    await user.tab();
    expect(rows[0]).toHaveFocus();
    await user.keyboard('{ArrowDown}{ArrowDown}');
    await waitFor(() => expect(screen.getByRole('row', { name: /instance-00002/ })).toHaveFocus());
    await user.keyboard('{ArrowUp}');
    await waitFor(() => expect(screen.getByRole('row', { name: /instance-00001/ })).toHaveFocus());
    await user.keyboard('{Enter}');
    expect(props.onOpenInstance).toHaveBeenCalledWith('i-1', 'p-1');
  });

  it('shows the insecure TLS warning and the status of the last test', async () => {
    setup({ registryRows: generatedRows(8) });
    const first = await screen.findByRole('row', { name: /instance-00000/ });
    expect(within(first).getByTestId('registry-status')).toHaveTextContent('OK');
    expect(within(first).getByTestId('registry-insecure-tls')).toHaveTextContent('Insecure TLS');
    const second = screen.getByRole('row', { name: /instance-00001/ });
    expect(within(second).getByTestId('registry-status')).toHaveTextContent('Failed');
    expect(within(second).queryByTestId('registry-insecure-tls')).toBeNull();
  });
});

describe('registry empty states and remembered query', () => {
  it('invites to establish a platform when nothing is registered', async () => {
    const { user, props } = setup();
    expect(await screen.findByText('Nothing registered yet')).toBeInTheDocument();
    // One button, so it is found by its name alone.
    await user.click(screen.getByRole('button', { name: 'Establish a custom platform' }));
    expect(props.onNewPlatform).toHaveBeenCalled();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('says when nothing matches and clears the filters', async () => {
    const { user, queries } = setup({ registryRows: generatedRows(20) });
    await screen.findAllByTestId('registry-row');

    await user.type(screen.getByLabelText('Search'), 'no-such-thing');
    expect(await screen.findByText('No instances match')).toBeInTheDocument();
    await user.click(screen.getByTestId('registry-no-match-clear'));

    await waitFor(() => expect(screen.getByTestId('registry-count')).toHaveTextContent('20 instances'));
    expect(screen.getByLabelText('Search')).toHaveValue('');
    expect(queries().at(-1)?.search).toBe('');
  });

  it('keeps the search and sort when the page is left and opened again', async () => {
    const { user, unmount, queries } = setup({ registryRows: generatedRows(100) });
    await screen.findAllByTestId('registry-row');
    await user.type(screen.getByLabelText('Search'), 'instance-0009');
    await user.click(screen.getByRole('button', { name: 'Location' }));
    await waitFor(() => expect(queries().at(-1)).toMatchObject({ search: 'instance-0009', sort: 'location' }));
    unmount();

    render(<RegistryPage onOpenInstance={vi.fn()} onOpenPlatform={vi.fn()} onNewPlatform={vi.fn()} />);
    expect(await screen.findByTestId('registry-count')).toHaveTextContent('10 instances match');
    expect(screen.getByLabelText('Search')).toHaveValue('instance-0009');
    expect(screen.getByRole('columnheader', { name: 'Location' })).toHaveAttribute('aria-sort', 'ascending');
  });
});

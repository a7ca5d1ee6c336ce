import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { BUILTIN_TYPES, customType, instance, platform } from '../../test/fixtures';
import { installBackend, ipcError } from '../../test/fakeBackend';
import { LIFECYCLE } from '../../test/fakeValidation';
import { renderWithProviders } from '../../test/render';
import { PlatformsPage } from '../PlatformsPage';
import { applyEvent } from './useValidationRun';
import { stepReport } from '../../test/validationFixtures';

async function openDrawer(options: Parameters<typeof installBackend>[0] = {}) {
  const backend = installBackend({
    types: [...BUILTIN_TYPES, customType()],
    platforms: [platform()],
    instances: [instance()],
    ...options,
  });
  const user = userEvent.setup();
  renderWithProviders(<PlatformsPage />);
  await user.click(await screen.findByTestId('platform-row'));
  await user.click(await screen.findByTestId('instance-validate'));
  await screen.findByTestId('validation-run');
  return { backend, user };
}

const stepsByStatus = (status: string) =>
  screen
    .getAllByTestId('validation-step')
    .filter((s) => s.getAttribute('data-status') === status)
    .map((s) => s.getAttribute('data-name'));

describe('timeline events', () => {
  it('places events by index, so a retried start and a skip without start both fit', () => {
    let steps = applyEvent([], { event: 'step_started', index: 0, name: 'check' });
    steps = applyEvent(steps, { event: 'step_started', index: 0, name: 'check' });
    expect(steps).toHaveLength(1);
    expect(steps[0].status).toBe('running');
    steps = applyEvent(steps, { event: 'step_finished', index: 0, step: stepReport({ status: 'failed' }) });
    steps = applyEvent(steps, {
      event: 'step_finished',
      index: 1,
      step: stepReport({ name: 'tenant name', status: 'skipped' }),
    });
    expect(steps.map((s) => [s.name, s.status])).toEqual([
      ['check', 'failed'],
      ['tenant name', 'skipped'],
    ]);
  });
});

describe('validation drawer', () => {
  it('runs the suite, shows every step and the result, and adds it to the history', async () => {
    const { backend, user } = await openDrawer();
    expect(screen.getByRole('dialog')).toHaveTextContent('Validate prod-eu');
    expect(await screen.findByTestId('history-empty')).toBeInTheDocument();

    await user.click(screen.getByTestId('validation-run'));

    const status = await screen.findByTestId('validation-status');
    expect(status).toHaveTextContent('Validation passed');
    expect(status).toHaveAttribute('data-status', 'passed');
    expect(screen.getByTestId('validation-tenant')).toHaveTextContent('pb-validation-a1b2c3');
    expect(screen.getAllByTestId('validation-step').map((s) => s.getAttribute('data-name'))).toEqual(LIFECYCLE);
    expect(stepsByStatus('passed')).toEqual(LIFECYCLE);
    expect(screen.getAllByTestId('step-duration')[0]).toHaveTextContent('100 ms');
    expect(screen.queryByTestId('validation-leftovers')).not.toBeInTheDocument();
    expect(screen.queryByTestId('validation-cancel')).not.toBeInTheDocument();
    expect(backend.callsTo('run_validation')[0].args.id).toBe('i-1');

    const row = await screen.findByTestId('history-row');
    expect(row).toHaveAttribute('data-kind', 'validation');
    expect(within(row).getByTestId('history-status')).toHaveTextContent('passed');
    expect(within(row).getByTestId('history-summary')).toHaveTextContent('10 of 10 steps passed');
  });

  it('shows the failed step with its requests, the skipped ones, cleanup, and the leftovers', async () => {
    const leftover = {
      kind: 'tenant',
      identifier: 'pb-validation-a1b2c3',
      detail: 'tenant_id "t-9000"; deletion failed: the platform answered 409',
    };
    const { user } = await openDrawer({ run: { failAt: 'user listed', leftovers: [leftover] } });

    await user.click(screen.getByTestId('validation-run'));

    expect(await screen.findByTestId('validation-status')).toHaveTextContent('Validation failed');
    expect(stepsByStatus('failed')).toEqual(['user listed', 'cleanup: delete tenant']);
    expect(stepsByStatus('skipped')).toEqual(['remove user', 'user gone', 'delete tenant', 'tenant gone']);
    const cleanup = screen.getAllByTestId('validation-step').filter((s) => s.getAttribute('data-cleanup') === 'true');
    expect(cleanup.map((s) => s.getAttribute('data-name'))).toEqual(['cleanup: remove user', 'cleanup: delete tenant']);
    expect(within(cleanup[0]).getByTestId('step-cleanup')).toHaveTextContent('cleanup');

    const leftovers = screen.getByTestId('validation-leftovers');
    expect(within(leftovers).getByTestId('leftover-identifier')).toHaveTextContent('pb-validation-a1b2c3');
    expect(within(leftovers).getByTestId('leftover-detail')).toHaveTextContent('tenant_id "t-9000"; deletion failed');

    const failed = screen.getAllByTestId('validation-step').find((s) => s.getAttribute('data-name') === 'user listed')!;
    expect(within(failed).getByTestId('step-message')).toHaveTextContent('the platform answered 500');
    // Expected against actual, above the requests and shown without opening them.
    const difference = within(failed).getByTestId('step-difference');
    expect(difference).toHaveTextContent('status of POST /api/tenantsHTTP 201HTTP 500');
    expect(
      within(failed).getByTestId('step-differences').compareDocumentPosition(within(failed).getByTestId('step-exchanges-toggle')) &
        Node.DOCUMENT_POSITION_FOLLOWING,
    ).toBeTruthy();
    expect(within(failed).queryByTestId('exchange')).not.toBeInTheDocument();
    await user.click(within(failed).getByTestId('step-exchanges-toggle'));
    const exchange = within(failed).getByTestId('exchange');
    expect(within(exchange).getByTestId('exchange-method')).toHaveTextContent('POST');
    const url = within(exchange).getByTestId('exchange-url');
    expect(url).toHaveTextContent('https://kafka-prod.example.com/api/tenants');
    expect(within(exchange).getByTestId('exchange-status')).toHaveTextContent('500');
    expect(within(exchange).getByTestId('exchange-duration')).toHaveTextContent('412 ms');
    expect(within(exchange).getByTestId('exchange-request-body')).toHaveTextContent('{"name":"pb-validation-a1b2c3"}');
    expect(within(exchange).getByTestId('exchange-response-body')).toHaveTextContent('quota service unavailable');
    // Headers are never shown, masked or not.
    expect(document.body).not.toHaveTextContent('masked-header');
    expect(document.body).not.toHaveTextContent('req-header-42');
    // A passed step's requests can be opened too, collapsed until asked for.
    const check = screen.getAllByTestId('validation-step').find((s) => s.getAttribute('data-name') === 'check')!;
    expect(check).toHaveAttribute('data-status', 'passed');
    expect(within(check).queryByTestId('exchange')).not.toBeInTheDocument();
    await user.click(within(check).getByRole('button', { name: 'Show requests (1)' }));
    expect(within(check).getByTestId('exchange-status')).toHaveTextContent('200');
    expect(within(check).getByTestId('exchange-response-body')).toHaveTextContent('{"ok":true}');
    // Skipped steps sent nothing and offer nothing.
    const skipped = screen.getAllByTestId('validation-step').filter((s) => s.getAttribute('data-status') === 'skipped');
    for (const step of skipped) expect(within(step).queryByTestId('step-exchanges-toggle')).not.toBeInTheDocument();
  });

  it('shows the live timeline while running, and cancels', async () => {
    const { backend, user } = await openDrawer({ run: { hold: true } });

    await user.click(screen.getByTestId('validation-run'));

    await waitFor(() => expect(stepsByStatus('running')).toEqual(['read tenant back']));
    expect(stepsByStatus('passed')).toEqual(['check', 'tenant name', 'create tenant']);
    expect(screen.queryByTestId('validation-status')).not.toBeInTheDocument();
    // The run's steps live only in this view: Escape does not close it meanwhile.
    await user.keyboard('{Escape}');
    expect(screen.getByTestId('validation-cancel')).toBeInTheDocument();

    await user.click(screen.getByTestId('validation-cancel'));

    expect(await screen.findByTestId('validation-status')).toHaveTextContent('Validation cancelled');
    expect(backend.callsTo('cancel_validation')).toEqual([{ cmd: 'cancel_validation', args: { id: 'i-1' } }]);
    expect(stepsByStatus('cancelled')).toEqual(LIFECYCLE.slice(LIFECYCLE.indexOf('add user')));
    expect(stepsByStatus('passed')).toContain('cleanup: delete tenant');
    expect(screen.queryByTestId('validation-cancel')).not.toBeInTheDocument();
    expect(await screen.findByTestId('history-row')).toHaveAttribute('data-status', 'cancelled');
  });

  it('shows why a run could not start as a sentence', async () => {
    const { user } = await openDrawer({
      overrides: {
        run_validation: () => {
          const remediation = 'Set the credential of prod-eu first.';
          throw ipcError('credential_missing', 'The instance has no credential', [], remediation);
        },
      },
    });

    await user.click(screen.getByTestId('validation-run'));

    const error = await screen.findByTestId('validation-error');
    expect(error).toHaveTextContent('The instance has no credential');
    expect(error).toHaveTextContent('Set the credential of prod-eu first.');
    expect(error).not.toHaveTextContent('[object Object]');
    expect(screen.getByTestId('validation-run')).toBeEnabled();
  });
});

describe('history', () => {
  it('lists runs newest first, shows a run and exports it as JSON and JUnit', async () => {
    const { backend, user } = await openDrawer({ run: { failAt: 'create tenant' } });

    await user.click(screen.getByTestId('validation-run'));
    await screen.findByTestId('validation-status');
    await user.click(screen.getByTestId('connection-test'));
    expect(await screen.findByTestId('connection-result')).toHaveTextContent('resolved to 10.0.0.5');
    expect(screen.getByTestId('connection-status')).toHaveTextContent('ok');

    await waitFor(() => expect(screen.getAllByTestId('history-row')).toHaveLength(2));
    const rows = screen.getAllByTestId('history-row');
    expect(rows.map((r) => r.getAttribute('data-kind'))).toEqual(['connection_test', 'validation']);
    expect(within(rows[0]).getByTestId('history-status')).toHaveTextContent('ok');
    expect(within(rows[1]).getByTestId('history-summary')).toHaveTextContent(
      '2 of 10 steps passed, 7 skipped; create tenant failed: the platform answered 500',
    );

    // A connection test shows its stages.
    await user.click(rows[0]);
    const connection = await screen.findByTestId('test-run-detail');
    expect(within(connection).getAllByTestId('connection-stage')).toHaveLength(5);

    // A validation run shows its steps and exports.
    await user.click(screen.getAllByTestId('history-row')[1]);
    const validationId = rows[1].getAttribute('data-id');
    await waitFor(() => expect(screen.getByTestId('test-run-detail')).toHaveAttribute('data-id', validationId));
    const detail = screen.getByTestId('test-run-detail');
    expect(within(detail).getAllByTestId('validation-step')).toHaveLength(10);
    expect(within(detail).getByTestId('validation-status')).toHaveTextContent('Validation failed');

    await user.click(within(detail).getByTestId('export-json'));
    const json = await within(detail).findByTestId('export-text');
    expect(JSON.parse(json.textContent ?? '')).toMatchObject({ record: { kind: 'validation', status: 'failed' } });

    await user.click(within(detail).getByTestId('export-junit'));
    await waitFor(() => expect(within(detail).getByTestId('export-text')).toHaveTextContent('<testsuites'));
    expect(within(detail).getByTestId('export-format')).toHaveTextContent('JUnit XML');
    await user.click(within(detail).getByTestId('export-copy'));
    expect(await navigator.clipboard.readText()).toContain('<testcase name="create tenant"');

    expect(backend.callsTo('export_test_run').map((c) => c.args.format)).toEqual(['json', 'junit']);
    expect(backend.callsTo('list_test_runs').length).toBeGreaterThanOrEqual(3);
  });
});

import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Instance } from '../../bindings/Instance';
import type { StoredTestRun } from '../../bindings/StoredTestRun';
import { BUILTIN_TYPES, customType, instance, platform } from '../../test/fixtures';
import { installWizardBackend, wizardDraft, type WizardBackendOptions } from '../../test/fakeWizard';
import { renderWithProviders } from '../../test/render';
import { connectionTest, exchange, stepReport, testRun, testRunRecord } from '../../test/validationFixtures';
import { WizardPage } from './WizardPage';

// What the Validate and Review steps say about the runs: only what actually ran,
// per instance and per kind (issue 14).

vi.mock('../integration/IntegrationStep', () => ({ IntegrationStep: () => <p>Integration step</p> }));
vi.mock('../fields/CustomFieldsBuilder', () => ({ CustomFieldsBuilder: () => <p>Custom fields builder</p> }));
vi.mock('../fields/InstanceFieldsForm', () => ({ InstanceFieldsForm: () => null, initialFieldValues: () => ({}) }));

const TYPES = [...BUILTIN_TYPES, customType()];
const title = () => screen.getByTestId('wizard-step-title');
const CONFIGURED = { configured: true, version: 1, updatedAt: '2025-05-01T08:00:00Z', problem: null };

const FIRST = instance({ credential: CONFIGURED });
const SECOND = instance({
  id: 'i-2',
  name: 'staging-eu',
  environment: 'staging',
  endpoint: 'http://kafka-staging.example.com:8080',
  credential: CONFIGURED,
});

/** A passed suite whose check step sent a request that answered 200. */
function passedValidation(instanceId: string, id: string): StoredTestRun {
  const check = stepReport({
    exchanges: [exchange({ method: 'GET', url: 'https://kafka-prod.example.com/health', status: 200, responseBody: '{"up":true}' })],
  });
  return {
    record: testRunRecord({ id, instanceId, startedAt: '2025-06-01T10:00:00Z' }),
    report: testRun({ steps: [check, stepReport({ name: 'tenant name', operation: null, message: 'pb-validation-a1b2c3' })] }),
  };
}

function connectionRun(instanceId: string, id: string, status = 'ok'): StoredTestRun {
  return {
    record: testRunRecord({ id, instanceId, kind: 'connection_test', status, summary: 'all stages passed', durationMs: 75 }),
    report: connectionTest({ status: status as 'ok' }),
  };
}

function resumeAt(step: number, data: Record<string, unknown> = {}, options: WizardBackendOptions = {}) {
  const backend = installWizardBackend({
    types: TYPES,
    platforms: [platform({ status: 'draft', tags: [] })],
    instances: [FIRST],
    drafts: [
      wizardDraft({
        id: 'd-1',
        step,
        data: {
          typeId: 'KAFKA',
          platformId: 'p-1',
          instanceId: 'i-1',
          details: { name: 'Event streaming', identifier: 'event-streaming', tags: [] },
          connection: { name: 'prod-eu', environment: 'prod', endpoint: 'https://kafka-prod.example.com' },
          ...data,
        },
      }),
    ],
    connectors: { KAFKA: 'kind: http\noperations: {}\n' },
    ...options,
  });
  const user = userEvent.setup();
  renderWithProviders(<WizardPage draftId="d-1" onFinished={vi.fn()} onClose={vi.fn()} />);
  return { backend, user };
}

const warningIds = () => screen.getAllByTestId('review-warning').map((w) => w.getAttribute('data-warning'));
const reviewed = (name: string) =>
  screen.getAllByTestId('review-instance').find((c) => c.getAttribute('data-name') === name)!;

function withLastTest(base: Instance, run: StoredTestRun): Instance {
  const { kind, status, startedAt, summary } = run.record;
  return { ...base, lastTest: { kind, status, startedAt, summary } };
}

describe('the review says what ran, per instance', () => {
  it('does not count a connection test as a validation, and says plain HTTP has no TLS', async () => {
    const validated = passedValidation('i-1', 'run-v1');
    const tested = connectionRun('i-2', 'run-c2');
    resumeAt(
      9,
      { validation: { status: 'passed', summary: '10 of 10 steps passed', instanceId: 'i-1' } },
      {
        instances: [withLastTest(FIRST, validated), withLastTest(SECOND, tested)],
        testRuns: [tested, validated],
      },
    );
    await waitFor(() => expect(title()).toHaveTextContent('Step 10 of 10 — Review'));

    await waitFor(() => expect(warningIds()).toContain('not-validated-i-2'));
    expect(screen.queryByTestId('review-no-warnings')).not.toBeInTheDocument();
    expect(screen.getByTestId('review-warnings')).toHaveTextContent(
      'Instance “staging-eu” is not validated yet: only its connection was tested.',
    );
    expect(warningIds()).toContain('plain-http-i-2');
    expect(warningIds()).not.toContain('no-validation');

    const staging = reviewed('staging-eu');
    expect(within(staging).getByTestId('review-instance-connection')).toHaveTextContent('Connection test:OK');
    expect(within(staging).getByTestId('review-instance-validation')).toHaveTextContent('Validation:not validated yet');
    expect(within(staging).getByTestId('review-instance-tls')).toHaveTextContent('TLS: none: plain HTTP');
    expect(staging).not.toHaveTextContent('verified');

    const prod = reviewed('prod-eu');
    expect(within(prod).getByTestId('review-instance-validation')).toHaveTextContent('Passed10 of 10 steps passed');
    // prod-eu was validated, never connection-tested on its own.
    expect(within(prod).getByTestId('review-instance-connection')).toHaveTextContent('Connection test:not run');
    expect(within(prod).getByTestId('review-instance-tls')).toHaveTextContent(
      'TLS: HTTPS, certificate verified against the system CAs',
    );

    const validate = screen.getByTestId('review-step-8');
    const lines = within(validate).getAllByTestId('review-validation');
    expect(lines.map((l) => l.textContent)).toEqual([
      expect.stringContaining('Validation of prod-eu:Passed'),
      'Validation of staging-eu:not validated yet',
    ]);
  });

  it('says all is clear only in words that match what ran', async () => {
    const runs = [
      connectionRun('i-2', 'run-c2'),
      passedValidation('i-2', 'run-v2'),
      connectionRun('i-1', 'run-c1'),
      passedValidation('i-1', 'run-v1'),
    ];
    const https = { ...SECOND, endpoint: 'https://kafka-staging.example.com' };
    resumeAt(9, {}, { instances: [FIRST, https], testRuns: runs });
    await waitFor(() => expect(title()).toHaveTextContent('Step 10 of 10 — Review'));

    expect(await screen.findByTestId('review-no-warnings')).toHaveTextContent(
      'Nothing to point out: each of the 2 instances passed its connection test and the validation suite.',
    );
  });

  it('warns that the suite has not run when only a connection test did', async () => {
    const tested = connectionRun('i-1', 'run-c1');
    resumeAt(9, { tests: { 'i-1': { status: 'ok', certificate: null } } }, {
      instances: [withLastTest(FIRST, tested)],
      testRuns: [tested],
    });
    await waitFor(() => expect(title()).toHaveTextContent('Step 10 of 10 — Review'));

    await waitFor(() => expect(warningIds()).toEqual(['no-validation']));
    expect(screen.queryByTestId('review-no-warnings')).not.toBeInTheDocument();
    expect(within(reviewed('prod-eu')).getByTestId('review-instance-validation')).toHaveTextContent(
      'not validated yet',
    );
  });

  it('warns about a failed or cancelled validation of each instance', async () => {
    const failed = passedValidation('i-1', 'run-v1');
    failed.record = { ...failed.record, status: 'cancelled', summary: '3 of 10 steps passed, 7 skipped' };
    resumeAt(9, {}, { testRuns: [connectionRun('i-1', 'run-c1'), failed] });
    await waitFor(() => expect(title()).toHaveTextContent('Step 10 of 10 — Review'));

    await waitFor(() => expect(warningIds()).toEqual(['validation-failed-i-1']));
    expect(screen.getByTestId('review-warning')).toHaveTextContent(
      'the last validation run did not pass (cancelled: 3 of 10 steps passed, 7 skipped)',
    );
  });
});

describe('the Validate step', () => {
  it('shows the last run again when revisited, its passed steps open to their requests', async () => {
    const stored = passedValidation('i-1', 'run-v1');
    const { backend, user } = resumeAt(
      7,
      { validation: { status: 'passed', summary: '10 of 10 steps passed', instanceId: 'i-1' } },
      { testRuns: [stored] },
    );
    await waitFor(() => expect(title()).toHaveTextContent('Step 8 of 10 — Validate'));

    const previous = await screen.findByTestId('validation-previous');
    expect(within(previous).getByTestId('validation-previous-when')).toHaveTextContent(
      `Last validation run, ${new Date('2025-06-01T10:00:00Z').toLocaleString()}`,
    );
    expect(within(previous).getByTestId('validation-status')).toHaveTextContent('Validation passed');
    const check = within(previous)
      .getAllByTestId('validation-step')
      .find((s) => s.getAttribute('data-name') === 'check')!;
    expect(check).toHaveAttribute('data-status', 'passed');
    // Collapsed until asked for.
    expect(within(check).queryByTestId('exchanges')).not.toBeInTheDocument();
    await user.click(within(check).getByRole('button', { name: 'Show requests (1)' }));
    expect(within(check).getByTestId('exchange-url')).toHaveTextContent('https://kafka-prod.example.com/health');
    expect(within(check).getByTestId('exchange-response-body')).toHaveTextContent('{"up":true}');
    // A step that sent nothing offers nothing to open.
    const naming = within(previous)
      .getAllByTestId('validation-step')
      .find((s) => s.getAttribute('data-name') === 'tenant name')!;
    expect(within(naming).queryByTestId('step-exchanges-toggle')).not.toBeInTheDocument();

    expect(screen.getByTestId('validation-run')).toHaveTextContent('Run the validation suite again');
    await user.click(screen.getByTestId('validation-run'));
    await waitFor(() => expect(screen.queryByTestId('validation-previous')).not.toBeInTheDocument());
    expect(await screen.findByTestId('validation-status')).toHaveTextContent('Validation passed');
    expect(backend.callsTo('run_validation')).toHaveLength(1);
  });

  it('shows what an older draft remembers when the history has no run', async () => {
    resumeAt(7, { validation: { status: 'failed', summary: '2 of 10 steps passed' } });
    await waitFor(() => expect(title()).toHaveTextContent('Step 8 of 10 — Validate'));

    const previous = await screen.findByTestId('validation-previous');
    expect(within(previous).getByTestId('validation-previous-status')).toHaveTextContent('failed');
    expect(previous).toHaveTextContent('2 of 10 steps passed');
    expect(screen.getByTestId('validation-run')).toHaveTextContent('Run the validation suite again');
  });

  it('tests the connection of the instance being validated, without going back', async () => {
    const { backend, user } = resumeAt(7);
    await waitFor(() => expect(title()).toHaveTextContent('Step 8 of 10 — Validate'));
    expect(await screen.findByTestId('validation-run')).toHaveTextContent('Run validation suite');

    await user.click(screen.getByRole('button', { name: 'Test connection' }));
    const result = await screen.findByTestId('connection-result');
    expect(within(result).getByTestId('connection-status')).toHaveTextContent('ok');
    expect(within(result).getAllByTestId('connection-stage')).toHaveLength(5);
    expect(backend.callsTo('test_connection').map((c) => c.args.id)).toEqual(['i-1']);
    // The review learns of it through the draft.
    await waitFor(() => {
      const draft = backend.callsTo('save_wizard_draft').at(-1)?.args.draft as { data: { tests: object } };
      expect(draft.data.tests).toMatchObject({ 'i-1': { status: 'ok' } });
    });
    expect(screen.getByTestId('wizard-step-title')).toHaveTextContent('Step 8 of 10');
  });

  it('validates another instance when chosen, and the review names which one ran', async () => {
    const { backend, user } = resumeAt(7, {}, { instances: [FIRST, SECOND] });
    await waitFor(() => expect(title()).toHaveTextContent('Step 8 of 10 — Validate'));

    // jsdom never ends the dropdown's opening transition, so its options count as hidden.
    const select = await screen.findByLabelText('Instance to validate', { selector: 'input' });
    await user.click(select);
    const listbox = document.getElementById(select.getAttribute('aria-controls') ?? '')!;
    await user.click(within(listbox).getByRole('option', { name: 'staging-eu (staging)', hidden: true }));
    expect(screen.getByText(/Runs against/)).toHaveTextContent('Runs against staging-eu');
    await user.click(screen.getByTestId('validation-run'));
    expect(await screen.findByTestId('validation-status')).toHaveTextContent('Validation passed');
    expect(backend.callsTo('run_validation').map((c) => c.args.id)).toEqual(['i-2']);
    await waitFor(() => {
      const draft = backend.callsTo('save_wizard_draft').at(-1)?.args.draft as { data: { validation: unknown } };
      expect(draft.data.validation).toMatchObject({ status: 'passed', instanceId: 'i-2' });
    });

    await user.click(screen.getByTestId('wizard-next'));
    await waitFor(() => expect(title()).toHaveTextContent('Step 9 of 10'));
    await user.click(screen.getByTestId('wizard-next'));
    await waitFor(() => expect(title()).toHaveTextContent('Step 10 of 10 — Review'));
    await waitFor(() => expect(warningIds()).toContain('not-validated-i-1'));
    expect(within(reviewed('staging-eu')).getByTestId('review-instance-validation')).toHaveTextContent('Passed');
    expect(within(reviewed('prod-eu')).getByTestId('review-instance-validation')).toHaveTextContent(
      'not validated yet',
    );
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MantineProvider } from '@mantine/core';
import { EditorView } from '@codemirror/view';
import type { Instance } from './bindings/Instance';
import type { StoredTestRun } from './bindings/StoredTestRun';
import { WizardPage } from './pages/wizard/WizardPage';
import { seriousViolations } from './test/axe';
import { checkDefinitions, field, toSchema, typeWithFields } from './test/fakeFields';
import { integrationHandlers, PRESETS } from './test/fakeIntegration';
import { installWizardBackend, wizardDraft, type WizardBackendOptions } from './test/fakeWizard';
import { BUILTIN_TYPES, instance, platform } from './test/fixtures';
import { renderWithProviders } from './test/render';
import { connectionTest, exchange, stepReport, testRun, testRunRecord } from './test/validationFixtures';
import { ipcError } from './test/fakeBackend';
import type { CustomField } from './bindings/CustomField';

// Each of the wizard's nine steps, with the real step components (no mocked
// builder, connector editor or fields form) and realistic data, must have no
// serious or critical axe-core violation. The other pages: a11y.test.tsx.

vi.mock('@tauri-apps/plugin-dialog', () => ({ open: vi.fn(), save: vi.fn() }));
vi.mock('@tauri-apps/plugin-opener', () => ({ openUrl: vi.fn(() => Promise.resolve()) }));

// The wizard is large: whole forms with the code editor take a while under jsdom.
const SLOW = { timeout: 10_000 };

const FIELDS = [
  field('region', 'text', { label: 'Region', required: true, help: 'Where the cluster runs' }),
  field('tier', 'choice', { label: 'Tier', options: ['standard', 'premium'] }),
  field('brokers', 'number', { label: 'Brokers', min: 1, max: 12 }),
  field('enabled', 'boolean', { label: 'Enabled' }),
  field('zones', 'list', { label: 'Zones' }),
  field('apiToken', 'secret', { label: 'API token' }),
];
const TYPE = typeWithFields(FIELDS);
const CONNECTOR = PRESETS[0].definition;
const CONFIGURED = { configured: true, version: 1, updatedAt: '2025-05-01T08:00:00Z', problem: null };

const FIRST = instance({ credential: CONFIGURED, fieldValues: { region: 'eu-1', tier: 'standard', brokers: 3 } });
const SECOND = instance({
  id: 'i-2',
  name: 'staging-eu',
  environment: 'staging',
  endpoint: 'http://kafka-staging.example.com:8080',
  fieldValues: { region: 'eu-2' },
});

function validationRun(instanceId: string, id: string): StoredTestRun {
  const check = stepReport({
    exchanges: [exchange({ method: 'GET', url: 'https://kafka-prod.example.com/health', status: 200, responseBody: '{"up":true}' })],
  });
  return {
    record: testRunRecord({ id, instanceId, startedAt: '2025-06-01T10:00:00Z' }),
    report: testRun({ steps: [check, stepReport({ name: 'tenant name', operation: null, message: 'pb-validation-a1b2c3' })] }),
  };
}

function connectionRun(instanceId: string, id: string): StoredTestRun {
  return {
    record: testRunRecord({ id, instanceId, kind: 'connection_test', status: 'ok', summary: 'all stages passed', durationMs: 75 }),
    report: connectionTest(),
  };
}

function withLastTest(base: Instance, run: StoredTestRun): Instance {
  const { kind, status, startedAt, summary } = run.record;
  return { ...base, lastTest: { kind, status, startedAt, summary } };
}

const VALIDATED = validationRun('i-1', 'run-v1');
const TESTED = connectionRun('i-2', 'run-c2');

/** The connector and custom-field commands the real step components call, on top of the wizard's. */
function stepHandlers() {
  const { handlers } = integrationHandlers({ connectors: { KAFKA: CONNECTOR } });
  return {
    ...handlers,
    custom_fields_schema: ({ fields }: Record<string, unknown>) => {
      const errors = checkDefinitions(fields as CustomField[]);
      if (errors.length > 0) throw ipcError('validation', 'Some fields are invalid', errors);
      return toSchema(fields as CustomField[]);
    },
  };
}

function resumeAt(step: number | null, data: Record<string, unknown> = {}, options: WizardBackendOptions = {}) {
  installWizardBackend({
    types: [...BUILTIN_TYPES, TYPE],
    platforms: [platform({ status: 'draft' })],
    instances: [withLastTest(FIRST, VALIDATED), withLastTest(SECOND, TESTED)],
    testRuns: [TESTED, VALIDATED],
    tagDefinitions: [
      { key: 'cost-center', description: 'Who pays', mandatory: true, allowedValues: [], pattern: '[0-9]+' },
      { key: 'team', description: '', mandatory: false, allowedValues: ['core', 'payments'], pattern: null },
    ],
    validationSettings: {
      'p-1': {
        naming: { template: '{prefix}-{purpose}-{suffix}', pattern: '^[a-z][a-z0-9-]{2,62}$', prefix: 'pb' },
        roleMappings: [
          { projectRole: 'reader', platformRole: 'viewer' },
          { projectRole: 'admin', platformRole: 'cluster-admin' },
        ],
        quotas: [{ key: 'partitions', label: 'Partitions', unit: 'count', min: 1, max: 100, default: 10 }],
        strictness: 'strict',
        knownDeviations: [],
      },
    },
    drafts: [
      wizardDraft({
        id: 'd-1',
        step: step ?? 0,
        data: {
          typeId: 'KAFKA',
          platformId: 'p-1',
          instanceId: 'i-1',
          details: {
            name: 'Event streaming',
            identifier: 'event-streaming',
            description: 'Kafka for application teams',
            location: 'eu-central',
            accessInfo: 'Request access in **#platform-help**.',
            tags: [{ key: 'cost-center', value: '42' }],
          },
          connection: { name: 'prod-eu', environment: 'prod', endpoint: 'https://kafka-prod.example.com' },
          validation: { status: 'passed', summary: '10 of 10 steps passed', instanceId: 'i-1' },
          ...data,
        },
      }),
    ],
    ...options,
    overrides: { ...stepHandlers(), ...options.overrides },
  });
  const user = userEvent.setup();
  // As in RegistryPage.test: env="test" lets Mantine comboboxes and popovers work under jsdom.
  renderWithProviders(
    <MantineProvider env="test">
      <WizardPage draftId={step === null ? null : 'd-1'} onFinished={vi.fn()} onClose={vi.fn()} />
    </MantineProvider>,
  );
  return { user };
}

async function atStep(n: number, name: string) {
  await waitFor(() => expect(screen.getByTestId('wizard-step-title')).toHaveTextContent(`Step ${n} of 10 — ${name}`), SLOW);
}

/** Replaces a CodeMirror editor's text, as typing all of it would (see IntegrationStep.test). */
function setEditorText(name: string, text: string) {
  const view = EditorView.findFromDOM(screen.getByRole('textbox', { name }));
  if (!view) throw new Error('no editor view');
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
}

async function expectAccessible() {
  expect(await seriousViolations()).toBe('');
}

// Leaving the wizard saves the draft; that save must reach this test's fake
// backend (removed after each test) rather than fail into the next test's page.
afterEach(async () => {
  cleanup();
  await new Promise((resolve) => setTimeout(resolve, 0));
});

describe('accessibility of the wizard steps', () => {
  it('1, platform type: the catalogue with a type chosen', async () => {
    const { user } = resumeAt(null);
    await user.selectOptions(await screen.findByTestId('wizard-type-select', {}, SLOW), 'KAFKA');
    expect(screen.getByTestId('wizard-type-chosen')).toHaveTextContent('Kafka as a service (KAFKA)');
    await expectAccessible();
  });

  it('1, platform type: the custom type form', async () => {
    const { user } = resumeAt(null);
    await user.click(await screen.findByLabelText('Create a custom type', {}, SLOW));
    await screen.findByTestId('wizard-type-identifier');
    await expectAccessible();
  });

  it('2, details: name, location, access information and mandatory tags', async () => {
    resumeAt(1);
    await atStep(2, 'Details');
    expect(await screen.findByTestId('platform-name')).toHaveValue('Event streaming');
    await expectAccessible();
  });

  it('3, connection: endpoint, authentication, credential and TLS', async () => {
    resumeAt(2);
    await atStep(3, 'Connection');
    await screen.findByTestId('tls-client-key-status', {}, SLOW);
    await expectAccessible();
  });

  it('4, custom fields: the builder with four fields and their preview', async () => {
    resumeAt(3);
    await atStep(4, 'Custom fields');
    expect(await screen.findAllByRole('group', { name: /^Field \d:/ }, SLOW)).toHaveLength(FIELDS.length);
    await expectAccessible();
  });

  it('5, integration: the connector with its operations', async () => {
    resumeAt(4);
    await atStep(5, 'Integration');
    const list = await screen.findByRole('navigation', { name: 'Operations' }, SLOW);
    expect(within(list).getAllByRole('button')).toHaveLength(11);
    await screen.findByTestId('operation-editor');
    await expectAccessible();
  });

  it('5, integration: a request body that is not JSON, refused on save', async () => {
    const { user } = resumeAt(4);
    await atStep(5, 'Integration');
    await user.click(await screen.findByRole('button', { name: /Create a tenant/ }, SLOW));
    setEditorText('Body (JSON template)', '{"name": "{{ tenant.name }}",');
    await user.click(screen.getByRole('button', { name: 'Save connector' }));
    expect(await screen.findByTestId('connector-save-error')).toHaveTextContent('Some values need fixing first');
    await expectAccessible();
  });

  it('6, settings: quotas, role mappings and naming', async () => {
    resumeAt(5);
    await atStep(6, 'Quotas, roles and naming');
    expect(await screen.findByDisplayValue('partitions', {}, SLOW)).toBeInTheDocument();
    expect(screen.getByDisplayValue('cluster-admin')).toBeInTheDocument();
    await expectAccessible();
  });

  it('8, validate: the last run with its steps', async () => {
    resumeAt(7);
    await atStep(8, 'Validate');
    const previous = await screen.findByTestId('validation-previous', {}, SLOW);
    expect(within(previous).getByTestId('validation-status')).toHaveTextContent('Validation passed');
    await expectAccessible();
  });

  it('9, instances: two instances with their tests', async () => {
    resumeAt(8);
    await atStep(9, 'Instances');
    await screen.findByTestId('wizard-instance-add', {}, SLOW);
    await waitFor(() => expect(screen.getByText('staging-eu')).toBeInTheDocument());
    await expectAccessible();
  });

  it('10, review: every step, the instances and the warnings', async () => {
    resumeAt(9);
    await atStep(10, 'Review');
    await screen.findByTestId('review-warnings', {}, SLOW);
    expect(screen.getAllByTestId('review-instance')).toHaveLength(2);
    await expectAccessible();
  });
});

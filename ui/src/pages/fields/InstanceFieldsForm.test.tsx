import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Instance } from '../../bindings/Instance';
import type { PlatformType } from '../../bindings/PlatformType';
import { field, installFieldsBackend, typeWithFields } from '../../test/fakeFields';
import { instance } from '../../test/fixtures';
import { renderWithProviders } from '../../test/render';
import { InstanceFieldsForm, initialFieldValues } from './InstanceFieldsForm';

const FIELDS = [
  field('projectId', 'text', { label: 'Project ID', help: 'The project in the console', required: true, default: 'web-1' }),
  field('cpu', 'number', { label: 'CPU limit', min: 1, max: 64 }),
  field('ha', 'boolean', { label: 'High availability', required: true }),
  field('region', 'choice', { label: 'Region', options: ['eu', 'us'] }),
  field('zones', 'multi_choice', { label: 'Zones', options: ['a', 'b', 'c'] }),
  field('cidrs', 'list', { label: 'CIDR ranges', pattern: '[0-9./]+' }),
  field('extra', 'json', { label: 'Extra settings' }),
  field('console', 'url', { label: 'Console' }),
  field('serviceToken', 'secret', { label: 'Service token' }),
];

interface HarnessProps {
  type: PlatformType;
  start?: Record<string, unknown>;
  errors?: Record<string, string>;
  inst?: Instance | null;
  onValues?: (v: Record<string, unknown>) => void;
  onInstanceChange?: (i: Instance) => void;
}

function Harness({ type, start, errors, inst = null, onValues, onInstanceChange }: HarnessProps) {
  const [values, setValues] = useState(start ?? initialFieldValues(type));
  const [current, setCurrent] = useState(inst);
  return (
    <InstanceFieldsForm
      type={type}
      values={values}
      onChange={(v) => {
        setValues(v);
        onValues?.(v);
      }}
      errors={errors}
      instance={current}
      onInstanceChange={(i) => {
        setCurrent(i);
        onInstanceChange?.(i);
      }}
    />
  );
}

describe('InstanceFieldsForm', () => {
  it('renders an input per field with its label and help, in the order of the fields', () => {
    installFieldsBackend();
    renderWithProviders(<Harness type={typeWithFields(FIELDS)} />);

    expect(screen.getByLabelText(/Project ID/)).toHaveValue('web-1');
    expect(screen.getByText('The project in the console')).toBeInTheDocument();
    expect(screen.getByLabelText(/CPU limit/)).toBeInTheDocument();
    expect(screen.getByText('1 to 64')).toBeInTheDocument();
    expect(screen.getByRole('switch', { name: /High availability/ })).not.toBeChecked();
    expect(screen.getByRole('combobox', { name: 'Region' })).toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: 'Zones' })).toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: 'CIDR ranges' })).toBeInTheDocument();
    expect(screen.getByText('Must match [0-9./]+')).toBeInTheDocument();
    expect(screen.getByLabelText('Extra settings')).toBeInTheDocument();
    expect(screen.getByLabelText('Console')).toHaveAttribute('type', 'url');

    // Required fields are marked, without blocking the form around them.
    expect(screen.getByLabelText(/Project ID/)).toHaveAttribute('aria-required', 'true');
    expect(screen.getByLabelText(/Project ID/)).not.toHaveAttribute('required');

    // The administrator's order, not the schema's alphabetical property order.
    const ids = [...document.querySelectorAll('[data-testid^="field-"], [data-testid^="secret-"]')]
      .map((e) => e.getAttribute('data-testid'))
      .filter((id) => id && !id.includes('-status') && !id.includes('-note'));
    expect(ids).toEqual([
      'field-projectId',
      'field-cpu',
      'field-ha',
      'field-region',
      'field-zones',
      'field-cidrs',
      'field-extra',
      'field-console',
      'secret-serviceToken',
    ]);
  });

  it('reports typed values to the parent, without secrets', async () => {
    installFieldsBackend();
    const onValues = vi.fn();
    const user = userEvent.setup();
    renderWithProviders(<Harness type={typeWithFields(FIELDS)} onValues={onValues} />);
    // Rendering alone changes nothing, so the parent form does not turn dirty.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(onValues).not.toHaveBeenCalled();

    await user.clear(screen.getByLabelText(/Project ID/));
    await user.type(screen.getByLabelText(/Project ID/), 'shop-7');
    await user.type(screen.getByLabelText(/CPU limit/), '8');
    await user.click(screen.getByRole('switch', { name: /High availability/ }));
    // Keyboard only: jsdom never ends Mantine's dropdown transition, so options stay hidden to clicks.
    await user.click(screen.getByRole('combobox', { name: 'Region' }));
    await user.keyboard('{ArrowDown}{ArrowDown}{Enter}');
    await user.type(screen.getByRole('combobox', { name: 'CIDR ranges' }), '10.0.0.0/8{Enter}');

    await waitFor(() =>
      expect(onValues).toHaveBeenLastCalledWith({
        projectId: 'shop-7',
        cpu: 8,
        ha: true,
        region: 'us',
        cidrs: ['10.0.0.0/8'],
      }),
    );
  });

  it("shows Rust's field errors under the matching input and lists unknown ones", () => {
    installFieldsBackend();
    renderWithProviders(
      <Harness
        type={typeWithFields(FIELDS)}
        errors={{
          'fieldValues.cpu': 'CPU limit must be between 1 and 64',
          'fieldValues.gone': 'gone is not a custom field of this platform type',
          name: 'Name is required',
        }}
      />,
    );

    expect(screen.getByTestId('field-cpu-error')).toHaveTextContent('CPU limit must be between 1 and 64');
    expect(screen.getByLabelText(/CPU limit/)).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByTestId('other-field-value-errors')).toHaveTextContent('gone: gone is not a custom field');
    // The parent's own fields are the parent's business.
    expect(screen.queryByText('Name is required')).not.toBeInTheDocument();
  });

  it('asks to save the instance before a secret can be set', () => {
    installFieldsBackend();
    renderWithProviders(<Harness type={typeWithFields(FIELDS)} />);

    expect(screen.getByTestId('secret-serviceToken-status')).toHaveTextContent('Not set');
    expect(screen.getByTestId('secret-serviceToken-note')).toHaveTextContent('Save the instance first');
    expect(screen.queryByRole('button', { name: /Set Service token/ })).not.toBeInTheDocument();
  });

  it('sets a secret through its own command and never shows it', async () => {
    const type = typeWithFields(FIELDS);
    const inst = instance({ fieldValues: { projectId: 'web-1', ha: false } });
    const backend = installFieldsBackend({ types: [type], instances: [inst] });
    const onInstanceChange = vi.fn();
    const user = userEvent.setup();
    renderWithProviders(<Harness type={type} inst={inst} onInstanceChange={onInstanceChange} />);

    expect(screen.getByTestId('secret-serviceToken-status')).toHaveTextContent('Not set');
    await user.click(screen.getByRole('button', { name: 'Set Service token' }));
    const dialog = await screen.findByRole('dialog', { name: 'Set Service token' });
    await user.type(within(dialog).getByLabelText('Service token'), 's3cret-value');
    await user.click(within(dialog).getByRole('button', { name: 'Store Service token' }));

    await waitFor(() => expect(screen.getByTestId('secret-serviceToken-status')).toHaveTextContent('Configured'));
    expect(backend.callsTo('set_instance_field_secret')).toEqual([
      { cmd: 'set_instance_field_secret', args: { id: 'i-1', field: 'serviceToken', secret: 's3cret-value' } },
    ]);
    expect(onInstanceChange).toHaveBeenCalledWith(expect.objectContaining({ secretFields: ['serviceToken'] }));
    expect(await screen.findByTestId('success-notification')).toHaveTextContent('Service token of “prod-eu” stored');
    expect(document.body.textContent).not.toContain('s3cret-value');
    expect(screen.queryByDisplayValue('s3cret-value')).not.toBeInTheDocument();
    // Saving the instance never carries the secret as a value.
    expect(backend.calls.some((c) => c.cmd !== 'set_instance_field_secret' && JSON.stringify(c.args).includes('s3cret'))).toBe(false);
  });

  it('replaces and removes a configured secret', async () => {
    const type = typeWithFields(FIELDS);
    const inst = instance({ secretFields: ['serviceToken'] });
    const backend = installFieldsBackend({ types: [type], instances: [inst] });
    const user = userEvent.setup();
    renderWithProviders(<Harness type={type} inst={inst} />);

    expect(screen.getByTestId('secret-serviceToken-status')).toHaveTextContent('Configured');
    expect(screen.getByRole('button', { name: 'Replace Service token' })).toBeInTheDocument();

    // An empty value is refused before anything is sent.
    await user.click(screen.getByRole('button', { name: 'Replace Service token' }));
    const dialog = await screen.findByRole('dialog', { name: 'Replace Service token' });
    await user.click(within(dialog).getByRole('button', { name: 'Replace Service token' }));
    expect(within(dialog).getByTestId('secret-serviceToken-input-error')).toHaveTextContent(
      'Enter the value of Service token',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));

    await user.click(screen.getByRole('button', { name: 'Remove Service token' }));
    await user.click(await screen.findByTestId('confirm-delete'));

    await waitFor(() => expect(screen.getByTestId('secret-serviceToken-status')).toHaveTextContent('Not set'));
    expect(backend.callsTo('remove_instance_field_secret')).toEqual([
      { cmd: 'remove_instance_field_secret', args: { id: 'i-1', field: 'serviceToken' } },
    ]);
    expect(backend.callsTo('set_instance_field_secret')).toHaveLength(0);
  });

  it('starts a new instance from the defaults, never from a secret', () => {
    const type = typeWithFields(FIELDS);
    expect(initialFieldValues(type)).toEqual({ projectId: 'web-1', ha: false });
  });

  it('renders nothing for a type without custom fields', () => {
    installFieldsBackend();
    const { container } = renderWithProviders(<Harness type={typeWithFields([])} />);
    expect(container.querySelector('[data-testid^="field-"]')).toBeNull();
  });
});

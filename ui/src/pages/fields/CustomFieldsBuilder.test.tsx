import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent, { PointerEventsCheckLevel } from '@testing-library/user-event';
import type { PlatformType } from '../../bindings/PlatformType';
import { field, installFieldsBackend, typeWithFields } from '../../test/fakeFields';
import { BUILTIN_TYPES } from '../../test/fixtures';
import { renderWithProviders } from '../../test/render';
import { CustomFieldsBuilder } from './CustomFieldsBuilder';

type User = ReturnType<typeof userEvent.setup>;

/**
 * Picks an option of a Mantine Select. jsdom never ends the dropdown's opening
 * transition, so the options count as hidden; they are still the real ones.
 */
async function choose(user: User, combobox: HTMLElement, option: string) {
  await user.click(combobox);
  const listbox = document.getElementById(combobox.getAttribute('aria-controls') ?? '');
  if (!listbox) throw new Error('the dropdown did not open');
  await user.click(within(listbox).getByRole('option', { name: option, hidden: true }));
}

const fieldBox = (n: number) => screen.getByRole('group', { name: new RegExp(`^Field ${n}:`) });

// The builder's tests type a lot; skipping user-event's CSS pointer-events walk per
// event halves their time. Disabled buttons are asserted explicitly instead.
const newUser = () => userEvent.setup({ pointerEventsCheck: PointerEventsCheckLevel.Never });

function setup(type: PlatformType, onSaved?: (t: PlatformType) => void) {
  const backend = installFieldsBackend({ types: [...BUILTIN_TYPES, type] });
  const user = newUser();
  renderWithProviders(<CustomFieldsBuilder type={type} onSaved={onSaved} />);
  return { backend, user };
}

async function addField(user: User, kind: string, label: string) {
  await choose(user, screen.getByRole('combobox', { name: 'Kind of the new field' }), kind);
  await user.click(screen.getByRole('button', { name: 'Add field' }));
  // The new field's label has the focus, ready for typing.
  await user.keyboard(label);
}

describe('CustomFieldsBuilder', () => {
  it('adds fields with keys derived from their labels and the inputs their kind needs', async () => {
    const { backend, user } = setup(typeWithFields([]));
    expect(screen.getByTestId('cf-empty')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Save custom fields' })).toBeDisabled();

    await addField(user, 'Text', 'Project ID');
    await addField(user, 'Single choice', 'Region');
    await addField(user, 'Secret', 'Token');
    expect(screen.getByTestId('cf-unsaved')).toHaveTextContent('Unsaved changes');

    // Keys follow the label as camelCase until typed into.
    expect(within(fieldBox(1)).getByLabelText(/^Key/)).toHaveValue('projectId');
    await user.clear(within(fieldBox(2)).getByLabelText(/^Key/));
    await user.type(within(fieldBox(2)).getByLabelText(/^Key/), 'zone');
    await user.type(within(fieldBox(2)).getByLabelText(/^Label/), ' 2');
    expect(within(fieldBox(2)).getByLabelText(/^Key/)).toHaveValue('zone');

    await user.type(within(fieldBox(2)).getByRole('combobox', { name: /Choices/ }), 'eu{Enter}us{Enter}');
    await user.click(within(fieldBox(1)).getByLabelText(/Required/));
    await user.type(within(fieldBox(1)).getByLabelText(/Pattern/), '[[a-z]+'); // [[ types a [
    // The bounds are named for what they limit.
    await user.type(within(fieldBox(1)).getByLabelText('Maximum length'), '20');
    expect(within(fieldBox(2)).queryByLabelText(/Pattern/)).not.toBeInTheDocument();
    // Secrets never get a default.
    expect(within(fieldBox(3)).queryByLabelText(/Default value/)).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Save custom fields' }));

    expect(await screen.findByTestId('success-notification')).toHaveTextContent('Custom fields of KAFKA saved');
    expect(backend.callsTo('set_platform_type_fields')[0].args).toEqual({
      identifier: 'KAFKA',
      fields: [
        field('projectId', 'text', { label: 'Project ID', required: true, pattern: '[a-z]+', max: 20 }),
        field('zone', 'choice', { label: 'Region 2', options: ['eu', 'us'] }),
        field('token', 'secret', { label: 'Token' }),
      ],
    });
  }, 20_000);

  it('reorders and removes fields and saves the list in its new order', async () => {
    const onSaved = vi.fn();
    const type = typeWithFields([
      field('projectId', 'text', { label: 'Project ID', required: true }),
      field('region', 'choice', { label: 'Region', options: ['eu', 'us'], default: 'eu' }),
      field('token', 'secret', { label: 'Token' }),
    ]);
    const { backend, user } = setup(type, onSaved);
    expect(screen.queryByTestId('cf-unsaved')).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Move Region up' }));
    expect(fieldBox(1)).toHaveAccessibleName(/Region/);
    await user.click(screen.getByRole('button', { name: 'Remove Token' }));
    await addField(user, 'Yes/No', 'HA');
    expect(screen.getByTestId('cf-unsaved')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Save custom fields' }));

    expect(await screen.findByTestId('success-notification')).toHaveTextContent('Custom fields of KAFKA saved');
    expect(backend.callsTo('set_platform_type_fields')).toEqual([
      {
        cmd: 'set_platform_type_fields',
        args: {
          identifier: 'KAFKA',
          fields: [
            field('region', 'choice', { label: 'Region', options: ['eu', 'us'], default: 'eu' }),
            field('projectId', 'text', { label: 'Project ID', required: true }),
            field('ha', 'boolean', { label: 'HA' }),
          ],
        },
      },
    ]);
    expect(onSaved).toHaveBeenCalledWith(expect.objectContaining({ identifier: 'KAFKA' }));
    await waitFor(() => expect(screen.queryByTestId('cf-unsaved')).not.toBeInTheDocument());
    expect(screen.getByRole('button', { name: 'Save custom fields' })).toBeDisabled();
  }, 15_000);

  it("puts Rust's field errors under the input of the field they name", async () => {
    const type = typeWithFields([
      field('region', 'choice', { label: 'Region', options: ['eu'] }),
      field('zone', 'text', { label: 'Zone' }),
    ]);
    const { backend, user } = setup(type);

    // The second field takes the first one's key.
    await user.clear(within(fieldBox(2)).getByLabelText(/^Key/));
    await user.type(within(fieldBox(2)).getByLabelText(/^Key/), 'region');
    await user.type(within(fieldBox(2)).getByLabelText(/Pattern/), '(');
    await user.click(screen.getByRole('button', { name: 'Save custom fields' }));

    const keyError = await within(fieldBox(2)).findByTestId('cf-field-1-key-error');
    expect(keyError).toHaveTextContent('Another field already uses the key region');
    expect(within(fieldBox(2)).getByTestId('cf-field-1-pattern-error')).toHaveTextContent(
      'Not a valid regular expression',
    );
    expect(within(fieldBox(2)).getByLabelText(/^Key/)).toHaveAttribute('aria-invalid', 'true');
    expect(within(fieldBox(1)).queryByText(/Another field/)).not.toBeInTheDocument();
    expect(screen.queryByTestId('error-notification')).not.toBeInTheDocument();
    expect(backend.state.types.find((t) => t.identifier === 'KAFKA')?.customFields).toEqual(type.customFields);

    // The error follows its field when the list is reordered, and goes once the key is edited.
    await user.click(screen.getByRole('button', { name: 'Move Zone up' }));
    expect(within(fieldBox(1)).getByText('Another field already uses the key region')).toBeInTheDocument();
    await user.type(within(fieldBox(1)).getByLabelText(/^Key/), '2');
    expect(within(fieldBox(1)).queryByText('Another field already uses the key region')).not.toBeInTheDocument();
  });

  it('shows a failure without field errors as a notification', async () => {
    const type = typeWithFields([]);
    installFieldsBackend({
      types: [type],
      overrides: {
        set_platform_type_fields: () => {
          throw { code: 'storage', message: 'The database is locked', details: { fields: [], remediation: null } };
        },
      },
    });
    const user = newUser();
    renderWithProviders(<CustomFieldsBuilder type={type} />);
    await addField(user, 'Number', 'CPU limit');
    await user.click(screen.getByRole('button', { name: 'Save custom fields' }));

    const note = await screen.findByTestId('error-notification');
    expect(note).toHaveTextContent('Could not save the custom fields');
    expect(note).toHaveTextContent('The database is locked');
    expect(screen.getByTestId('cf-unsaved')).toBeInTheDocument();
  });

  it('previews the form from the schema Rust builds for the unsaved fields', async () => {
    const type = typeWithFields([field('projectId', 'text', { label: 'Project ID', required: true })]);
    const { backend, user } = setup(type);
    const preview = screen.getByTestId('cf-preview');

    // The saved fields need no round trip.
    expect(within(preview).getByLabelText(/Project ID/)).toHaveAttribute('aria-required', 'true');
    expect(backend.callsTo('custom_fields_schema')).toHaveLength(0);

    await addField(user, 'Single choice', 'Region');
    await user.type(within(fieldBox(2)).getByRole('combobox', { name: /Choices/ }), 'eu{Enter}us{Enter}');
    await choose(user, within(fieldBox(2)).getByRole('combobox', { name: 'Default value' }), 'us');

    const region = await within(preview).findByRole('combobox', { name: 'Region' }, { timeout: 2000 });
    await waitFor(() => expect(region).toHaveValue('us'));
    const last = backend.callsTo('custom_fields_schema').at(-1);
    expect(last?.args.fields).toEqual([
      field('projectId', 'text', { label: 'Project ID', required: true }),
      field('region', 'choice', { label: 'Region', options: ['eu', 'us'], default: 'us' }),
    ]);

    // An invalid list keeps the last good preview and says what to fix.
    await addField(user, 'Multiple choice', 'Zones');
    const problems = await within(preview).findByTestId('cf-preview-errors', {}, { timeout: 2000 });
    expect(problems).toHaveTextContent('Fix the fields to update the preview');
    expect(problems).toHaveTextContent('Field 3 (Zones): Add at least one choice');
    expect(within(preview).getByRole('combobox', { name: 'Region' })).toBeInTheDocument();
  }, 15_000);

  it('moves fields with the keyboard and keeps the focus on the moved field', async () => {
    const type = typeWithFields([field('a', 'text', { label: 'Alpha' }), field('b', 'text', { label: 'Beta' })]);
    const { user } = setup(type);

    screen.getByRole('button', { name: 'Move Alpha down' }).focus();
    await user.keyboard('{Enter}');
    expect(fieldBox(1)).toHaveAccessibleName(/Beta/);
    expect(fieldBox(2)).toHaveAccessibleName(/Alpha/);
    // At the bottom "Move down" is disabled, so the focus stays on "Move up".
    expect(screen.getByRole('button', { name: 'Move Alpha down' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Move Alpha up' })).toHaveFocus();
    await user.keyboard(' ');
    expect(fieldBox(1)).toHaveAccessibleName(/Alpha/);

    await user.click(screen.getByRole('button', { name: 'Discard changes' }));
    expect(screen.queryByTestId('cf-unsaved')).not.toBeInTheDocument();
  });

  it('shows a built-in type read-only', () => {
    installFieldsBackend();
    renderWithProviders(<CustomFieldsBuilder type={BUILTIN_TYPES[0]} />);
    expect(screen.getByText(/cannot get custom fields/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Add field' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Save custom fields' })).not.toBeInTheDocument();
  });
});

import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { TagDefinition } from '../../bindings/TagDefinition';
import { installFieldsBackend } from '../../test/fakeFields';
import { renderWithProviders } from '../../test/render';
import { TagDefinitionsCard } from './TagDefinitionsCard';

const COST_CENTER: TagDefinition = {
  key: 'cost-center',
  description: 'Who pays for the platform',
  mandatory: true,
  allowedValues: [],
  pattern: '[0-9]{4}',
};
const TIER: TagDefinition = {
  key: 'tier',
  description: '',
  mandatory: false,
  allowedValues: ['gold', 'silver'],
  pattern: null,
};

async function setup(definitions: TagDefinition[] = [COST_CENTER, TIER]) {
  const backend = installFieldsBackend({ tagDefinitions: definitions });
  const user = userEvent.setup();
  renderWithProviders(<TagDefinitionsCard />);
  if (definitions.length > 0) await screen.findByTestId('tagdef-table');
  else await screen.findByTestId('tagdef-empty');
  return { backend, user };
}

const row = (key: string) => screen.getAllByTestId('tagdef-row').find((r) => r.textContent?.includes(key))!;

describe('TagDefinitionsCard', () => {
  it('lists the definitions with their rules', async () => {
    await setup();
    const cost = row('cost-center');
    expect(cost).toHaveTextContent('Who pays for the platform');
    expect(cost).toHaveTextContent('Mandatory');
    expect(cost).toHaveTextContent('[0-9]{4}');
    expect(cost).toHaveTextContent('Any');
    const tier = row('tier');
    expect(tier).toHaveTextContent('Optional');
    expect(within(tier).getByText('gold')).toBeInTheDocument();
    expect(within(tier).getByText('silver')).toBeInTheDocument();
  });

  it('adds a definition', async () => {
    const { backend, user } = await setup([]);

    await user.click(screen.getByRole('button', { name: 'Add tag definition' }));
    const dialog = await screen.findByRole('dialog', { name: 'New tag definition' });
    await user.type(within(dialog).getByLabelText(/^Key/), 'owner');
    await user.type(within(dialog).getByLabelText('Description'), 'Team that runs it');
    await user.click(within(dialog).getByLabelText(/Mandatory/));
    await user.type(within(dialog).getByRole('combobox', { name: 'Allowed values' }), 'team-a{Enter}team-b{Enter}');
    await user.click(within(dialog).getByRole('button', { name: 'Add tag definition' }));

    expect(await screen.findByTestId('success-notification')).toHaveTextContent('Tag definition owner saved');
    expect(backend.callsTo('save_tag_definition')).toEqual([
      {
        cmd: 'save_tag_definition',
        args: {
          definition: {
            key: 'owner',
            description: 'Team that runs it',
            mandatory: true,
            allowedValues: ['team-a', 'team-b'],
            pattern: null,
          },
        },
      },
    ]);
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(await screen.findByTestId('tagdef-row')).toHaveTextContent('owner');
  });

  it("shows the backend's field errors under their inputs", async () => {
    const { backend, user } = await setup([]);

    await user.click(screen.getByRole('button', { name: 'Add tag definition' }));
    const dialog = await screen.findByRole('dialog', { name: 'New tag definition' });
    await user.type(within(dialog).getByLabelText(/^Key/), 'Cost Center');
    await user.type(within(dialog).getByLabelText(/Pattern/), '(');
    await user.click(within(dialog).getByRole('button', { name: 'Add tag definition' }));

    expect(await within(dialog).findByTestId('tagdef-key-error')).toHaveTextContent('Tag keys use lower-case letters');
    expect(within(dialog).getByTestId('tagdef-pattern-error')).toHaveTextContent('Not a valid regular expression');
    expect(screen.queryByTestId('error-notification')).not.toBeInTheDocument();
    expect(backend.fields.tagDefinitions).toEqual([]);

    // Allowed values that the pattern refuses.
    await user.clear(within(dialog).getByLabelText(/^Key/));
    await user.type(within(dialog).getByLabelText(/^Key/), 'cost-center');
    await user.clear(within(dialog).getByLabelText(/Pattern/));
    await user.type(within(dialog).getByLabelText(/Pattern/), '[[0-9]+');
    await user.type(within(dialog).getByRole('combobox', { name: 'Allowed values' }), 'abc{Enter}');
    await user.click(within(dialog).getByRole('button', { name: 'Add tag definition' }));
    expect(await within(dialog).findByTestId('tagdef-allowed-values-error')).toHaveTextContent(
      'The allowed value "abc" does not match the pattern',
    );
  });

  it('refuses to silently replace a definition with a new one under the same key', async () => {
    const { backend, user } = await setup();

    await user.click(screen.getByRole('button', { name: 'Add tag definition' }));
    const dialog = await screen.findByRole('dialog', { name: 'New tag definition' });
    await user.type(within(dialog).getByLabelText(/^Key/), 'tier');
    await user.click(within(dialog).getByRole('button', { name: 'Add tag definition' }));

    expect(await within(dialog).findByTestId('tagdef-key-error')).toHaveTextContent('tier is already defined');
    expect(backend.callsTo('save_tag_definition')).toHaveLength(0);
  });

  it('edits a definition; its key stays', async () => {
    const { backend, user } = await setup();

    await user.click(screen.getByRole('button', { name: 'Edit tag definition tier' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit tag definition tier' });
    expect(within(dialog).getByLabelText(/^Key/)).toBeDisabled();
    await user.type(within(dialog).getByRole('combobox', { name: 'Allowed values' }), 'bronze{Enter}');
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(backend.callsTo('save_tag_definition')[0].args.definition).toEqual({
      ...TIER,
      allowedValues: ['gold', 'silver', 'bronze'],
    });
    await waitFor(() => expect(within(row('tier')).getByText('bronze')).toBeInTheDocument());
  });

  it('deletes a definition after confirmation', async () => {
    const { backend, user } = await setup();

    await user.click(screen.getByRole('button', { name: 'Delete tag definition cost-center' }));
    const confirm = await screen.findByRole('dialog', { name: 'Delete tag definition?' });
    expect(confirm).toHaveTextContent('cost-center');
    // Focus starts on the harmless answer.
    expect(within(confirm).getByRole('button', { name: 'Cancel' })).toHaveFocus();
    await user.click(within(confirm).getByRole('button', { name: 'Delete' }));

    expect(await screen.findByTestId('success-notification')).toHaveTextContent('Tag definition cost-center deleted');
    expect(backend.callsTo('delete_tag_definition')).toEqual([
      { cmd: 'delete_tag_definition', args: { key: 'cost-center' } },
    ]);
    await waitFor(() => expect(screen.getAllByTestId('tagdef-row')).toHaveLength(1));
  });

  it('shows why the list could not be read', async () => {
    installFieldsBackend({
      overrides: {
        list_tag_definitions: () => {
          throw { code: 'storage', message: 'The database is locked', details: { fields: [], remediation: null } };
        },
      },
    });
    renderWithProviders(<TagDefinitionsCard />);
    expect(await screen.findByTestId('query-error')).toHaveTextContent('The database is locked');
  });
});

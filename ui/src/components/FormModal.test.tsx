import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { BUILTIN_TYPES } from '../test/fixtures';
import { installBackend } from '../test/fakeBackend';
import { renderWithProviders } from '../test/render';
import { PlatformTypesPage } from '../pages/PlatformTypesPage';

// Exercised through a real form (the type dialog); the platform and instance
// dialogs use the same FormModal.
async function openTypeForm() {
  installBackend({ types: BUILTIN_TYPES });
  const user = userEvent.setup();
  renderWithProviders(<PlatformTypesPage />);
  await user.click(await screen.findByTestId('new-type-button'));
  await waitFor(() => expect(screen.getByTestId('type-identifier')).toHaveFocus());
  return user;
}

function overlay(): HTMLElement {
  const found = document.querySelector<HTMLElement>('.mantine-Modal-overlay');
  if (!found) throw new Error('no modal overlay');
  return found;
}

const closeButton = () => document.querySelector<HTMLElement>('.mantine-Modal-close')!;

describe('form dialogs', () => {
  it('close at once on Escape, X or Cancel while nothing was typed', async () => {
    const user = await openTypeForm();
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByTestId('type-identifier')).not.toBeInTheDocument());

    await user.click(screen.getByTestId('new-type-button'));
    await user.click(closeButton());
    await waitFor(() => expect(screen.queryByTestId('type-identifier')).not.toBeInTheDocument());

    await user.click(screen.getByTestId('new-type-button'));
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByTestId('type-identifier')).not.toBeInTheDocument());
    expect(screen.queryByTestId('discard-changes')).not.toBeInTheDocument();
  });

  it('ignore a click outside the dialog, keeping what was typed', async () => {
    const user = await openTypeForm();
    await user.keyboard('KAFKA');

    fireEvent.click(overlay());

    expect(screen.getByTestId('type-identifier')).toHaveValue('KAFKA');
    expect(screen.queryByTestId('discard-changes')).not.toBeInTheDocument();
  });

  it('ask before Escape discards edits; "Keep editing" is focused and keeps them', async () => {
    const user = await openTypeForm();
    await user.keyboard('KAFKA');

    await user.keyboard('{Escape}');
    const question = await screen.findByTestId('discard-changes');
    expect(question).toHaveTextContent('Discard changes?');
    expect(screen.getByTestId('discard-keep')).toHaveFocus();
    expect(screen.getByTestId('type-identifier')).toHaveValue('KAFKA');

    await user.click(screen.getByTestId('discard-keep'));
    expect(screen.queryByTestId('discard-changes')).not.toBeInTheDocument();
    expect(screen.getByTestId('type-identifier')).toHaveValue('KAFKA');

    // A second Escape while asked also means "keep editing".
    await user.keyboard('{Escape}');
    await screen.findByTestId('discard-changes');
    await user.keyboard('{Escape}');
    expect(screen.queryByTestId('discard-changes')).not.toBeInTheDocument();
    expect(screen.getByTestId('type-identifier')).toHaveValue('KAFKA');
  });

  it('discard edits after Cancel or X is confirmed, and reopen empty', async () => {
    const user = await openTypeForm();
    await user.keyboard('KAFKA');

    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    await user.click(await screen.findByTestId('discard-confirm'));
    await waitFor(() => expect(screen.queryByTestId('type-identifier')).not.toBeInTheDocument());

    await user.click(screen.getByTestId('new-type-button'));
    expect(await screen.findByTestId('type-identifier')).toHaveValue('');
    expect(screen.queryByTestId('discard-changes')).not.toBeInTheDocument();
    await user.type(screen.getByTestId('type-display-name'), 'Kafka');
    await user.click(closeButton());
    expect(await screen.findByTestId('discard-changes')).toBeInTheDocument();
  });
});

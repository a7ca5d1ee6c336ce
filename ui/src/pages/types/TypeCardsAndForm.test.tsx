import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { BUILTIN_TYPES, customType, platform } from '../../test/fixtures';
import { installBackend } from '../../test/fakeBackend';
import { renderWithProviders } from '../../test/render';
import { PlatformTypesPage } from '../PlatformTypesPage';

async function openNewTypeForm() {
  const user = userEvent.setup();
  renderWithProviders(<PlatformTypesPage />);
  await user.click(await screen.findByTestId('new-type-button'));
  await screen.findByTestId('type-identifier');
  return user;
}

describe('PlatformTypesPage feedback and long content', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('brings a created type into view, outlines it and confirms with a notification', async () => {
    const scrolled: string[] = [];
    vi.spyOn(HTMLElement.prototype, 'scrollIntoView').mockImplementation(function (this: HTMLElement) {
      if (this.dataset.testid === 'type-card') scrolled.push(this.dataset.identifier ?? '');
    });
    installBackend();
    const user = await openNewTypeForm();

    await user.type(screen.getByTestId('type-identifier'), 'KAFKA');
    await user.type(screen.getByTestId('type-display-name'), 'Kafka');
    await user.click(screen.getByTestId('type-save'));

    expect(await screen.findByTestId('success-notification')).toHaveTextContent('Platform type KAFKA created');
    const card = await waitFor(() => {
      const found = screen.getAllByTestId('type-card').find((c) => c.dataset.identifier === 'KAFKA');
      expect(found).toHaveAttribute('data-highlighted', 'true');
      return found!;
    });
    expect(scrolled).toEqual(['KAFKA']);
    expect(card.getAttribute('style')).toContain('border-color');
    expect(screen.getAllByTestId('type-card').filter((c) => c.hasAttribute('data-highlighted'))).toHaveLength(1);
  });

  it('opens with the cursor in the identifier when creating and in the display name when editing', async () => {
    installBackend({ types: [...BUILTIN_TYPES, customType()] });
    const user = userEvent.setup();
    renderWithProviders(<PlatformTypesPage />);

    await user.click(await screen.findByTestId('new-type-button'));
    await waitFor(() => expect(screen.getByTestId('type-identifier')).toHaveFocus());
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByTestId('type-identifier')).not.toBeInTheDocument());

    await user.click(screen.getByTestId('type-edit'));
    await waitFor(() => expect(screen.getByTestId('type-display-name')).toHaveFocus());
  });

  it('shows the full description on hover and the endpoint on one line with a title', async () => {
    const description = 'Managed Kafka clusters. '.repeat(60).trim();
    const endpoint = `https://${'kafka-admin.'.repeat(12)}example.com/api`;
    installBackend({ types: [...BUILTIN_TYPES, customType({ description, defaultEndpoint: endpoint })] });
    const user = userEvent.setup();
    renderWithProviders(<PlatformTypesPage />);

    const card = (await screen.findAllByTestId('type-card'))[9];
    const shown = within(card).getByTestId('type-card-description');
    expect(shown).toHaveAttribute('data-line-clamp', 'true');
    await user.hover(shown);
    expect(await screen.findByRole('tooltip')).toHaveTextContent(description);

    const url = within(card).getByText(endpoint);
    expect(url).toHaveAttribute('title', endpoint);
    expect(url).toHaveStyle({ whiteSpace: 'nowrap', textOverflow: 'ellipsis' });
  });

  it('counts custom type usage and will not offer to delete a type in use', async () => {
    const backend = installBackend({
      types: [...BUILTIN_TYPES, customType(), customType({ identifier: 'UNUSED', displayName: 'Unused' })],
      platforms: [platform(), platform({ id: 'p-2', name: 'Event streaming (test)' })],
    });
    const user = userEvent.setup();
    renderWithProviders(<PlatformTypesPage />);

    const cards = await screen.findAllByTestId('type-card');
    const kafka = cards.find((c) => c.dataset.identifier === 'KAFKA')!;
    const unused = cards.find((c) => c.dataset.identifier === 'UNUSED')!;
    expect(await within(kafka).findByTestId('type-usage')).toHaveTextContent('Used by 2 platforms');
    expect(within(unused).getByTestId('type-usage')).toHaveTextContent('Used by 0 platforms');
    // Built-in types cannot be deleted anyway.
    expect(within(cards[0]).queryByTestId('type-usage')).not.toBeInTheDocument();

    await user.click(within(kafka).getByTestId('type-delete'));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByTestId('type-in-use')).toHaveTextContent('cannot be deleted while platforms use it');
    const names = within(within(dialog).getByTestId('type-in-use-platforms')).getAllByRole('listitem');
    expect(names.map((n) => n.textContent)).toEqual(['Event streaming', 'Event streaming (test)']);
    expect(screen.getByTestId('confirm-delete')).toBeDisabled();
    // Focus starts on the harmless answer.
    await waitFor(() => expect(within(dialog).getByRole('button', { name: 'Cancel' })).toHaveFocus());
    fireEvent.click(screen.getByTestId('confirm-delete'));
    expect(backend.callsTo('delete_platform_type')).toHaveLength(0);
  });

  it('confirms a deleted type with a notification', async () => {
    installBackend({ types: [...BUILTIN_TYPES, customType()] });
    const user = userEvent.setup();
    renderWithProviders(<PlatformTypesPage />);

    await user.click(await screen.findByTestId('type-delete'));
    await user.click(screen.getByTestId('confirm-delete'));

    expect(await screen.findByTestId('success-notification')).toHaveTextContent('Platform type KAFKA deleted');
  });

  it('warns about plain http and refuses credentials in the default endpoint', async () => {
    const backend = installBackend();
    const user = await openNewTypeForm();

    await user.type(screen.getByTestId('type-default-endpoint'), 'http://paas.example.com');
    expect(screen.getByTestId('type-default-endpoint-warning')).toHaveTextContent(
      'Plain HTTP: credentials would travel unencrypted. Prefer https://.',
    );
    expect(screen.queryByTestId('type-default-endpoint-error')).not.toBeInTheDocument();

    await user.clear(screen.getByTestId('type-default-endpoint'));
    await user.type(screen.getByTestId('type-default-endpoint'), 'https://admin:pw@paas.example.com');
    expect(screen.queryByTestId('type-default-endpoint-warning')).not.toBeInTheDocument();
    expect(screen.getByTestId('type-default-endpoint-error')).toHaveTextContent(
      "Do not put credentials in the URL; store them as the instance's credential",
    );
    await user.type(screen.getByTestId('type-identifier'), 'PAAS');
    await user.type(screen.getByTestId('type-display-name'), 'PaaS');
    await user.click(screen.getByTestId('type-save'));
    expect(backend.callsTo('create_platform_type')).toHaveLength(0);
  });

  it('counts the description characters', async () => {
    installBackend();
    const user = await openNewTypeForm();

    expect(screen.getByTestId('type-description-counter')).toHaveTextContent('0 / 2000');
    await user.type(screen.getByTestId('type-description'), 'Internal PaaS');
    expect(screen.getByTestId('type-description-counter')).toHaveTextContent('13 / 2000');
  });
});

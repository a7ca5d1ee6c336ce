import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { BUILTIN_TYPES, customType, platform } from '../../test/fixtures';
import { installBackend } from '../../test/fakeBackend';
import { renderWithProviders } from '../../test/render';
import { PlatformsPage } from '../PlatformsPage';

const TYPES = [...BUILTIN_TYPES, customType()];

describe('PlatformsPage with long values', () => {
  const longPlatform = platform({
    name: 'N'.repeat(80),
    description: 'A very long description. '.repeat(72),
    location: 'datacenter-'.repeat(7),
    tags: [
      { key: 'cost-center', value: '42' },
      { key: 'owner', value: 'x'.repeat(255) },
    ],
  });

  it('keeps the table within the page: fixed columns, wrapped names, clamped description, bounded badges', async () => {
    installBackend({ types: TYPES, platforms: [longPlatform] });
    const user = userEvent.setup();
    renderWithProviders(<PlatformsPage />);

    const row = await screen.findByTestId('platform-row');
    // Column widths come from the header, not from the longest value.
    expect(screen.getByTestId('platform-table').getAttribute('style')).toContain('--table-layout: fixed');
    expect(within(row).getByTestId('platform-row-name')).toHaveStyle({ overflowWrap: 'anywhere' });
    const description = within(row).getByTestId('platform-row-description');
    expect(description).toHaveAttribute('data-truncate', 'end');
    expect(within(row).getByTestId('platform-row-location')).toHaveAttribute('data-truncate', 'end');

    const [shortTag, longTag] = within(row).getAllByTestId('tag-badge');
    expect(shortTag).toHaveTextContent('cost-center=42');
    expect(longTag).toHaveAttribute('title', `owner=${'x'.repeat(255)}`);
    expect(longTag.getAttribute('style')).toContain('max-width');

    // The whole description is one hover away.
    await user.hover(description);
    expect(await screen.findByRole('tooltip')).toHaveTextContent(longPlatform.description.trim());
  });
});

describe('New platform form', () => {
  async function openNewPlatform() {
    const backend = installBackend({ types: TYPES });
    const user = userEvent.setup();
    renderWithProviders(<PlatformsPage />);
    await user.click(await screen.findByTestId('new-platform-button'));
    await screen.findByTestId('platform-name');
    return { backend, user };
  }

  it('preselects no type and asks for one in the words the backend uses', async () => {
    const { backend, user } = await openNewPlatform();

    const typeSelect = screen.getByTestId('platform-type');
    expect(typeSelect).toHaveValue('');
    expect(typeSelect).toHaveDisplayValue('Choose a platform type…');
    await user.type(screen.getByTestId('platform-name'), 'Only a name');
    await user.click(screen.getByTestId('platform-save'));

    expect(await screen.findByTestId('platform-type-error')).toHaveTextContent('Platform type is required');
    expect(backend.callsTo('create_platform')).toHaveLength(0);
  });

  it('opens with the cursor in the name and a short support link placeholder', async () => {
    await openNewPlatform();

    await waitFor(() => expect(screen.getByTestId('platform-name')).toHaveFocus());
    expect(screen.getByTestId('platform-support-url')).toHaveAttribute('placeholder', 'https://… or mailto:…');
  });

  it('puts "Add tag" below the rows and moves the cursor into each new row', async () => {
    const { user } = await openNewPlatform();

    await user.click(screen.getByTestId('tag-add'));
    await waitFor(() => expect(screen.getByTestId('tag-key-0')).toHaveFocus());
    await user.keyboard('team');
    expect(screen.getByTestId('tag-key-0')).toHaveValue('team');

    await user.click(screen.getByTestId('tag-add'));
    await waitFor(() => expect(screen.getByTestId('tag-key-1')).toHaveFocus());
    const follows = screen.getByTestId('tag-value-1').compareDocumentPosition(screen.getByTestId('tag-add'));
    expect(follows & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it('counts the description against its 2000-character limit', async () => {
    const { backend, user } = await openNewPlatform();

    const description = screen.getByTestId('platform-description');
    expect(screen.getByTestId('platform-description-counter')).toHaveTextContent('0 / 2000');
    await user.type(description, 'Kafka');
    expect(screen.getByTestId('platform-description-counter')).toHaveTextContent('5 / 2000');

    // Pasted rather than typed: 2001 keystrokes would make a slow test.
    await user.click(description);
    await user.paste('x'.repeat(1996));
    const counter = screen.getByTestId('platform-description-counter');
    expect(counter).toHaveTextContent('2001 / 2000');
    expect(counter.getAttribute('style')).toContain('--mantine-color-red');

    await user.type(screen.getByTestId('platform-name'), 'Brokers');
    await user.selectOptions(screen.getByTestId('platform-type'), 'KAFKA');
    await user.click(screen.getByTestId('platform-save'));
    expect(await screen.findByTestId('platform-description-error')).toHaveTextContent(
      'Description must be at most 2000 characters',
    );
    expect(backend.callsTo('create_platform')).toHaveLength(0);
  });

  it('confirms a created platform with a short notification', async () => {
    const { user } = await openNewPlatform();

    await user.type(screen.getByTestId('platform-name'), 'Brokers');
    await user.selectOptions(screen.getByTestId('platform-type'), 'KAFKA');
    await user.click(screen.getByTestId('platform-save'));

    expect(await screen.findByTestId('success-notification')).toHaveTextContent('Platform “Brokers” created');
  });
});

import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { BUILTIN_TYPES, customType, instance, platform } from '../test/fixtures';
import { installBackend, ipcError } from '../test/fakeBackend';
import { renderWithProviders } from '../test/render';
import { PlatformsPage } from './PlatformsPage';

const TYPES = [...BUILTIN_TYPES, customType()];

describe('PlatformsPage list', () => {
  it('explains the first steps when there are no platforms', async () => {
    installBackend({ types: TYPES });
    renderWithProviders(<PlatformsPage />);

    const empty = await screen.findByTestId('platforms-empty');
    expect(empty).toHaveTextContent(/next to the public clouds/);
    const steps = within(empty).getAllByRole('listitem');
    expect(steps.map((s) => s.textContent)).toEqual([
      expect.stringMatching(/^Pick or define a platform type/),
      expect.stringMatching(/^Create a platform/),
      expect.stringMatching(/^Register instances with their credentials/),
    ]);
    expect(within(empty).getByTestId('new-platform-button')).toHaveTextContent('New platform');
    expect(screen.queryAllByTestId('platform-row')).toHaveLength(0);
  });

  it('lists platforms with type, location, tags and instance count', async () => {
    installBackend({
      types: TYPES,
      platforms: [
        platform(),
        platform({ id: 'p-2', name: 'Databases', typeId: 'AWS', location: '', tags: [] }),
      ],
      instances: [instance(), instance({ id: 'i-2', name: 'dev-eu', environment: 'dev' })],
    });
    renderWithProviders(<PlatformsPage />);

    const rows = await screen.findAllByTestId('platform-row');
    expect(rows.map((r) => r.getAttribute('data-name'))).toEqual(['Event streaming', 'Databases']);
    expect(screen.queryByTestId('platforms-empty')).not.toBeInTheDocument();
    expect(screen.getByTestId('new-platform-button')).toBeInTheDocument();

    const streaming = within(rows[0]);
    expect(streaming.getByTestId('platform-type-label')).toHaveTextContent('Kafka as a service');
    expect(rows[0].querySelector('svg[data-icon="message"]')).not.toBeNull();
    expect(streaming.getByText('eu-central')).toBeInTheDocument();
    expect(streaming.getByTestId('tag-badge')).toHaveTextContent('cost-center=42');
    expect(streaming.getByTestId('platform-instance-count')).toHaveTextContent('2');
    expect(within(rows[1]).getByTestId('platform-type-label')).toHaveTextContent('Amazon Web Services');
    expect(within(rows[1]).getByTestId('platform-instance-count')).toHaveTextContent('0');
  });

  it('creates a platform with the entered details and tags', async () => {
    const backend = installBackend({ types: TYPES });
    const user = userEvent.setup();
    renderWithProviders(<PlatformsPage />);

    await user.click(await screen.findByTestId('new-platform-button'));
    const typeSelect = await screen.findByTestId('platform-type');
    expect(typeSelect.tagName).toBe('SELECT');
    // The empty placeholder first, then every type by identifier.
    const options = within(typeSelect).getAllByRole('option');
    expect(options.map((o) => o.getAttribute('value'))).toEqual(['', ...TYPES.map((t) => t.identifier)]);
    expect(within(typeSelect).getByRole('option', { name: 'Kafka as a service' })).toHaveValue('KAFKA');

    await user.type(screen.getByTestId('platform-name'), 'Event streaming');
    await user.type(screen.getByTestId('platform-description'), 'Kafka for app teams');
    await user.selectOptions(typeSelect, 'KAFKA');
    await user.type(screen.getByTestId('platform-location'), 'eu-central');
    await user.type(screen.getByTestId('platform-docs-url'), 'https://docs.example.com');
    await user.click(screen.getByTestId('tag-add'));
    await user.click(screen.getByTestId('tag-add'));
    await user.type(screen.getByTestId('tag-key-0'), 'cost-center');
    await user.type(screen.getByTestId('tag-value-0'), '42');
    await user.type(screen.getByTestId('tag-key-1'), 'scratch');
    await user.click(screen.getByTestId('tag-remove-1'));
    expect(screen.queryByTestId('tag-key-1')).not.toBeInTheDocument();
    await user.click(screen.getByTestId('platform-save'));

    await waitFor(() => expect(backend.callsTo('create_platform')).toHaveLength(1));
    expect(backend.callsTo('create_platform')[0].args).toEqual({
      input: {
        name: 'Event streaming',
        description: 'Kafka for app teams',
        typeId: 'KAFKA',
        location: 'eu-central',
        supportUrl: null,
        docsUrl: 'https://docs.example.com',
        tags: [{ key: 'cost-center', value: '42' }],
        // Left empty: the backend derives the identifier from the name.
        identifier: undefined,
        accessInfo: '',
      },
    });
    const row = await screen.findByTestId('platform-row');
    expect(row).toHaveAttribute('data-name', 'Event streaming');
    expect(screen.queryByTestId('platform-save')).not.toBeInTheDocument();
  });

  it("puts the backend's tag and URL errors next to their inputs and keeps the form", async () => {
    installBackend({
      types: TYPES,
      overrides: {
        create_platform: () => {
          throw ipcError('validation', 'Some fields are invalid', [
            ['supportUrl', 'Support link must start with https: or http: or mailto: (got ftp:)'],
            ['tags.0.key', "Tag keys use lower-case letters, digits, '_', '.', '-'"],
          ]);
        },
      },
    });
    const user = userEvent.setup();
    renderWithProviders(<PlatformsPage />);

    await user.click(await screen.findByTestId('new-platform-button'));
    await user.type(await screen.findByTestId('platform-name'), 'Brokers');
    await user.selectOptions(screen.getByTestId('platform-type'), 'KAFKA');
    await user.type(screen.getByTestId('platform-support-url'), 'ftp://support');
    await user.click(screen.getByTestId('tag-add'));
    await user.type(screen.getByTestId('tag-key-0'), 'Bad Key');
    await user.click(screen.getByTestId('platform-save'));

    expect(await screen.findByTestId('tag-key-0-error')).toHaveTextContent('Tag keys use lower-case letters');
    expect(screen.getByTestId('platform-support-url-error')).toHaveTextContent('Support link must start with');
    expect(screen.getByTestId('platform-name')).toHaveValue('Brokers');
    expect(screen.getByTestId('tag-key-0')).toHaveValue('Bad Key');
    expect(screen.queryByTestId('error-notification')).not.toBeInTheDocument();
  });

  it('requires a name before calling the backend', async () => {
    const backend = installBackend({ types: TYPES });
    const user = userEvent.setup();
    renderWithProviders(<PlatformsPage />);

    await user.click(await screen.findByTestId('new-platform-button'));
    await user.click(await screen.findByTestId('platform-save'));

    expect(await screen.findByTestId('platform-name-error')).toHaveTextContent('Name is required');
    expect(backend.callsTo('create_platform')).toHaveLength(0);
  });

  it('notifies a failure that is not about a field, with its remediation', async () => {
    installBackend({
      types: TYPES,
      overrides: {
        create_platform: () => {
          throw ipcError('database', 'The database is locked', [], 'Close other copies of Platform Builder.');
        },
      },
    });
    const user = userEvent.setup();
    renderWithProviders(<PlatformsPage />);

    await user.click(await screen.findByTestId('new-platform-button'));
    await user.type(await screen.findByTestId('platform-name'), 'Brokers');
    await user.selectOptions(screen.getByTestId('platform-type'), 'AWS');
    await user.click(screen.getByTestId('platform-save'));

    const notification = await screen.findByTestId('error-notification');
    expect(notification).toHaveTextContent('The database is locked');
    expect(notification).toHaveTextContent('Close other copies of Platform Builder.');
    expect(screen.getByTestId('platform-name')).toHaveValue('Brokers');
  });

  it('shows a load failure instead of an empty list', async () => {
    installBackend({
      overrides: {
        list_platforms: () => {
          throw ipcError('schema_too_new', 'The database was written by a newer Platform Builder (schema 9)');
        },
      },
    });
    renderWithProviders(<PlatformsPage />);

    expect(await screen.findByTestId('query-error')).toHaveTextContent('written by a newer Platform Builder');
    expect(screen.queryByTestId('platforms-empty')).not.toBeInTheDocument();
  });
});

import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { BUILTIN_TYPES, customType } from '../test/fixtures';
import { installBackend, ipcError } from '../test/fakeBackend';
import { renderWithProviders } from '../test/render';
import { PlatformTypesPage } from './PlatformTypesPage';

async function openNewTypeForm() {
  const user = userEvent.setup();
  renderWithProviders(<PlatformTypesPage />);
  await user.click(await screen.findByTestId('new-type-button'));
  await screen.findByTestId('type-identifier');
  return user;
}

describe('PlatformTypesPage', () => {
  it('lists the built-in catalogue and custom types as cards', async () => {
    installBackend({ types: [...BUILTIN_TYPES, customType()] });
    renderWithProviders(<PlatformTypesPage />);

    const cards = await screen.findAllByTestId('type-card');
    expect(cards.map((c) => c.getAttribute('data-identifier'))).toEqual([
      ...BUILTIN_TYPES.map((t) => t.identifier),
      'KAFKA',
    ]);

    const aws = cards[0];
    expect(within(aws).getByText('Amazon Web Services')).toBeInTheDocument();
    expect(within(aws).getByTestId('type-identifier-badge')).toHaveTextContent('AWS');
    expect(within(aws).getByTestId('type-kind')).toHaveTextContent('Built-in');
    expect(within(aws).getByText('https://organizations.us-east-1.amazonaws.com')).toBeInTheDocument();
    expect(aws.querySelector('svg[data-icon="aws"]')).not.toBeNull();
    expect(within(aws).queryByTestId('type-edit')).not.toBeInTheDocument();
    expect(within(aws).queryByTestId('type-delete')).not.toBeInTheDocument();

    const kafka = cards[9];
    expect(within(kafka).getByText('Kafka as a service')).toBeInTheDocument();
    expect(within(kafka).getByTestId('type-kind')).toHaveTextContent('Custom');
    expect(within(kafka).getByText('Managed Kafka clusters run by the messaging team.')).toBeInTheDocument();
    expect(within(kafka).getByTestId('type-edit')).toBeInTheDocument();
    expect(within(kafka).getByTestId('type-delete')).toBeInTheDocument();
  });

  it('creates a custom type, upper-casing the identifier as it is typed', async () => {
    const backend = installBackend();
    const user = await openNewTypeForm();

    await user.type(screen.getByTestId('type-identifier'), 'k8s-paas');
    expect(screen.getByTestId('type-identifier')).toHaveValue('K8S-PAAS');
    expect(screen.getByText("Capital letters, digits and '-'")).toBeInTheDocument();
    await user.type(screen.getByTestId('type-display-name'), 'Kubernetes PaaS');
    await user.type(screen.getByTestId('type-description'), 'Internal PaaS');
    await user.selectOptions(screen.getByTestId('type-icon'), 'kubernetes');
    await user.type(screen.getByTestId('type-default-endpoint'), 'https://paas.example.com');
    await user.click(screen.getByTestId('type-save'));

    await waitFor(() => expect(screen.queryByTestId('type-identifier')).not.toBeInTheDocument());
    expect(backend.callsTo('create_platform_type')).toEqual([
      {
        cmd: 'create_platform_type',
        args: {
          input: {
            identifier: 'K8S-PAAS',
            displayName: 'Kubernetes PaaS',
            description: 'Internal PaaS',
            icon: 'kubernetes',
            defaultEndpoint: 'https://paas.example.com',
          },
        },
      },
    ]);
    const card = await waitFor(() => {
      const found = screen.getAllByTestId('type-card').find((c) => c.dataset.identifier === 'K8S-PAAS');
      expect(found).toBeDefined();
      return found!;
    });
    expect(within(card).getByTestId('type-kind')).toHaveTextContent('Custom');
  });

  it("shows the backend's field error under the identifier and keeps the form open with the input", async () => {
    const backend = installBackend({
      overrides: {
        create_platform_type: () => {
          throw ipcError('validation', 'Some fields are invalid', [
            ['identifier', 'AWS is reserved by a built-in platform type'],
          ]);
        },
      },
    });
    const user = await openNewTypeForm();

    await user.type(screen.getByTestId('type-identifier'), 'aws');
    await user.type(screen.getByTestId('type-display-name'), 'My AWS');
    await user.type(screen.getByTestId('type-default-endpoint'), 'https://aws.example.com');
    await user.click(screen.getByTestId('type-save'));

    expect(await screen.findByTestId('type-identifier-error')).toHaveTextContent(
      'AWS is reserved by a built-in platform type',
    );
    expect(backend.callsTo('create_platform_type')).toHaveLength(1);
    expect(screen.getByTestId('type-identifier')).toHaveValue('AWS');
    expect(screen.getByTestId('type-identifier')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByTestId('type-display-name')).toHaveValue('My AWS');
    expect(screen.getByTestId('type-default-endpoint')).toHaveValue('https://aws.example.com');
    expect(screen.getByTestId('type-save')).toBeInTheDocument();
    // A validation failure belongs to the form, not to a notification.
    expect(screen.queryByTestId('error-notification')).not.toBeInTheDocument();
  });

  it('shows every field the backend rejected, including ones without an input of that name', async () => {
    installBackend({
      overrides: {
        create_platform_type: () => {
          throw ipcError('validation', 'Some fields are invalid', [
            ['displayName', 'Display name must be at most 80 characters'],
            ['defaultEndpoint', 'Default endpoint must start with https: or http: (got ftp:)'],
            ['connector', 'Connector is missing'],
          ]);
        },
      },
    });
    const user = await openNewTypeForm();

    await user.type(screen.getByTestId('type-identifier'), 'X1');
    await user.type(screen.getByTestId('type-display-name'), 'X');
    await user.type(screen.getByTestId('type-default-endpoint'), 'ftp://x');
    await user.click(screen.getByTestId('type-save'));

    expect(await screen.findByTestId('type-display-name-error')).toHaveTextContent(
      'Display name must be at most 80 characters',
    );
    expect(screen.getByTestId('type-default-endpoint-error')).toHaveTextContent('must start with https: or http:');
    expect(screen.getByTestId('other-field-errors')).toHaveTextContent('connector: Connector is missing');
  });

  it('checks the identifier rule before calling the backend', async () => {
    const backend = installBackend();
    const user = await openNewTypeForm();

    await user.type(screen.getByTestId('type-identifier'), '-bad');
    await user.click(screen.getByTestId('type-save'));

    expect(await screen.findByTestId('type-identifier-error')).toHaveTextContent(
      "Identifier may contain only capital letters A-Z, digits and '-'",
    );
    expect(screen.getByTestId('type-display-name-error')).toHaveTextContent('Display name is required');
    expect(backend.callsTo('create_platform_type')).toHaveLength(0);
  });

  it('edits a custom type with its identifier fixed', async () => {
    const backend = installBackend({ types: [...BUILTIN_TYPES, customType()] });
    const user = userEvent.setup();
    renderWithProviders(<PlatformTypesPage />);

    await user.click(await screen.findByTestId('type-edit'));
    expect(screen.getByTestId('type-identifier')).toHaveValue('KAFKA');
    expect(screen.getByTestId('type-identifier')).toBeDisabled();
    await user.clear(screen.getByTestId('type-display-name'));
    await user.type(screen.getByTestId('type-display-name'), 'Event streaming');
    await user.click(screen.getByTestId('type-save'));

    await waitFor(() => expect(backend.callsTo('update_platform_type')).toHaveLength(1));
    expect(backend.callsTo('update_platform_type')[0].args.input).toMatchObject({
      identifier: 'KAFKA',
      displayName: 'Event streaming',
    });
    expect(await screen.findByText('Event streaming')).toBeInTheDocument();
  });

  it('asks before deleting and shows an in_use refusal as a notification', async () => {
    const backend = installBackend({
      types: [...BUILTIN_TYPES, customType()],
      overrides: {
        delete_platform_type: () => {
          throw ipcError('in_use', 'KAFKA is used by 1 platform(s); delete or move them first');
        },
      },
    });
    const user = userEvent.setup();
    renderWithProviders(<PlatformTypesPage />);

    await user.click(await screen.findByTestId('type-delete'));
    expect(backend.callsTo('delete_platform_type')).toHaveLength(0);
    await user.click(screen.getByTestId('confirm-delete'));

    const notification = await screen.findByTestId('error-notification');
    expect(notification).toHaveTextContent('KAFKA is used by 1 platform(s); delete or move them first');
    expect(notification).toHaveAttribute('data-code', 'in_use');
    expect(backend.callsTo('delete_platform_type')[0].args).toEqual({ identifier: 'KAFKA' });
    expect(screen.getAllByTestId('type-card')).toHaveLength(10);
  });

  it('deletes an unused custom type after confirmation', async () => {
    installBackend({ types: [...BUILTIN_TYPES, customType()] });
    const user = userEvent.setup();
    renderWithProviders(<PlatformTypesPage />);

    await user.click(await screen.findByTestId('type-delete'));
    await user.click(screen.getByTestId('confirm-delete'));

    await waitFor(() => expect(screen.getAllByTestId('type-card')).toHaveLength(9));
  });
});

import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { BUILTIN_TYPES, customType, platform } from '../../test/fixtures';
import { installBackend } from '../../test/fakeBackend';
import { renderWithProviders } from '../../test/render';
import { PlatformsPage } from '../PlatformsPage';
import { checkExample } from './settingsForm';

async function openSettings(options: Parameters<typeof installBackend>[0] = {}) {
  const backend = installBackend({ types: [...BUILTIN_TYPES, customType()], platforms: [platform()], ...options });
  const user = userEvent.setup();
  renderWithProviders(<PlatformsPage />);
  await user.click(await screen.findByTestId('platform-row'));
  await user.click(await screen.findByTestId('validation-settings-edit'));
  await screen.findByTestId('naming-template');
  return { backend, user };
}

async function replace(user: ReturnType<typeof userEvent.setup>, testId: string, text: string) {
  const input = screen.getByTestId(testId);
  await user.clear(input);
  // user-event reads "{" and "[" as key descriptors; doubled, they type themselves.
  if (text) await user.type(input, text.replaceAll('{', '{{').replaceAll('[', '[['));
}

describe('naming example', () => {
  it('fills in the placeholders and tests the pattern', () => {
    const naming = { template: '{prefix}-{environment}-{purpose}-{suffix}', pattern: '^[a-z-0-9]+$', prefix: 'acme' };
    expect(checkExample(naming)).toEqual({ name: 'acme-dev-validation-a1b2c3', accepted: true });
    expect(checkExample({ ...naming, pattern: '^[a-z]{2,5}$' }).accepted).toBe(false);
    expect(checkExample({ ...naming, pattern: '([a-z' }).accepted).toBeNull();
  });
});

describe('validation settings', () => {
  it('shows the defaults on the detail page and a live example while editing', async () => {
    const { user } = await openSettings();

    const card = screen.getByTestId('validation-settings');
    expect(within(card).getByTestId('validation-settings-example')).toHaveTextContent('pb-validation-a1b2c3');
    expect(within(card).getByTestId('validation-settings-roles')).toHaveTextContent('none');

    expect(screen.getByTestId('naming-template')).toHaveValue('{prefix}-{purpose}-{suffix}');
    expect(screen.getByTestId('naming-example')).toHaveTextContent(/^pb-validation-a1b2c3$/);
    expect(screen.getByTestId('naming-example-match')).toHaveAttribute('data-accepted', 'true');

    await replace(user, 'naming-prefix', 'Acme');
    expect(screen.getByTestId('naming-example')).toHaveTextContent(/^Acme-validation-a1b2c3$/);
    expect(screen.getByTestId('naming-example-match')).toHaveTextContent('rejected by the pattern');

    await replace(user, 'naming-prefix', 'acme');
    await replace(user, 'naming-template', '{prefix}-{environment}-{suffix}');
    expect(screen.getByTestId('naming-example')).toHaveTextContent(/^acme-dev-a1b2c3$/);
    expect(screen.getByTestId('naming-example-match')).toHaveAttribute('data-accepted', 'true');

    await replace(user, 'naming-pattern', '([a-z');
    expect(screen.getByTestId('naming-example-match')).toHaveTextContent('pattern does not compile');
  });

  it('checks required values before sending anything', async () => {
    const { backend, user } = await openSettings();

    await replace(user, 'naming-template', '{prefix}-{purpose}');
    await user.click(screen.getByTestId('role-add'));
    await user.click(screen.getByTestId('validation-settings-save'));

    expect(await screen.findByTestId('naming-template-error')).toHaveTextContent('The template needs {suffix}');
    expect(screen.getByTestId('role-platform-0-error')).toHaveTextContent("Enter the platform's role name");
    expect(backend.callsTo('set_validation_settings')).toHaveLength(0);
  });

  it("puts the backend's field errors under the right inputs and keeps the form", async () => {
    const { backend, user } = await openSettings();

    await user.click(screen.getByTestId('role-add'));
    await user.type(screen.getByTestId('role-platform-0'), 'viewer');
    await user.click(screen.getByTestId('role-add'));
    await user.selectOptions(screen.getByTestId('role-project-1'), 'reader');
    await user.type(screen.getByTestId('role-platform-1'), 'guest');
    await user.click(screen.getByTestId('quota-add'));
    await user.type(screen.getByTestId('quota-key-0'), 'requests.cpu');
    await user.type(screen.getByTestId('quota-label-0'), 'CPU');
    await replace(user, 'quota-default-0', '500');
    await user.click(screen.getByTestId('validation-settings-save'));

    expect(await screen.findByTestId('role-project-1-error')).toHaveTextContent("'reader' is mapped twice");
    expect(screen.getByTestId('quota-default-0-error')).toHaveTextContent(
      'The default must lie between the minimum and the maximum',
    );
    expect(screen.queryByTestId('role-project-0-error')).not.toBeInTheDocument();
    expect(screen.queryByTestId('other-field-errors')).not.toBeInTheDocument();
    expect(screen.getByTestId('quota-key-0')).toHaveValue('requests.cpu');
    expect(backend.callsTo('set_validation_settings')).toHaveLength(1);
    expect(screen.queryByTestId('error-notification')).not.toBeInTheDocument();
  });

  it('saves naming, role mappings and quotas and shows them on the page', async () => {
    const { backend, user } = await openSettings();

    await replace(user, 'naming-prefix', 'acme');
    await user.click(screen.getByTestId('role-add'));
    expect(screen.getByTestId('role-project-0')).toHaveValue('reader');
    await user.type(screen.getByTestId('role-platform-0'), 'viewer');
    await user.click(screen.getByTestId('role-add'));
    // The next role not yet mapped is offered.
    expect(screen.getByTestId('role-project-1')).toHaveValue('member');
    await user.type(screen.getByTestId('role-platform-1'), 'developer');
    await user.click(screen.getByTestId('role-add'));
    await user.click(screen.getByTestId('role-remove-2'));
    await user.click(screen.getByTestId('quota-add'));
    await user.type(screen.getByTestId('quota-key-0'), ' requests.cpu ');
    await user.type(screen.getByTestId('quota-label-0'), 'CPU requests');
    await user.type(screen.getByTestId('quota-unit-0'), 'cores');
    await replace(user, 'quota-max-0', '64');
    await replace(user, 'quota-default-0', '4');
    await user.click(screen.getByTestId('validation-settings-save'));

    await waitFor(() => expect(screen.queryByTestId('naming-template')).not.toBeInTheDocument());
    expect(backend.callsTo('set_validation_settings')[0].args).toEqual({
      platformId: 'p-1',
      settings: {
        naming: { template: '{prefix}-{purpose}-{suffix}', pattern: '^[a-z][a-z0-9-]{2,62}$', prefix: 'acme' },
        roleMappings: [
          { projectRole: 'reader', platformRole: 'viewer' },
          { projectRole: 'member', platformRole: 'developer' },
        ],
        quotas: [{ key: 'requests.cpu', label: 'CPU requests', unit: 'cores', min: 0, max: 64, default: 4 }],
        strictness: 'strict',
        knownDeviations: [],
      },
    });
    const card = screen.getByTestId('validation-settings');
    expect(within(card).getByTestId('validation-settings-example')).toHaveTextContent('acme-validation-a1b2c3');
    expect(within(card).getAllByTestId('validation-settings-role').map((b) => b.textContent)).toEqual([
      'reader → viewer',
      'member → developer',
    ]);
    expect(within(card).getByTestId('validation-settings-quota')).toHaveTextContent('CPU requests (requests.cpu)');
    expect(await screen.findByTestId('success-notification')).toHaveTextContent('Validation settings saved');
  });

  it('switches to lenient with a documented deviation, which needs its reason', async () => {
    const { backend, user } = await openSettings();
    expect(screen.getByTestId('validation-settings-strictness')).toHaveTextContent('Strict: every expectation');

    await user.click(screen.getByRole('radio', { name: 'Lenient' }));
    await user.click(screen.getByTestId('deviation-add'));
    expect(screen.getByTestId('deviation-step-0')).toHaveValue('credential refused');
    await user.selectOptions(screen.getByTestId('deviation-step-0'), 'duplicate create');
    await user.click(screen.getByTestId('validation-settings-save'));
    // Nothing is sent without the reason the run will show.
    expect(await screen.findByText('Say why the platform deviates: the run shows it')).toBeInTheDocument();
    expect(backend.callsTo('set_validation_settings')).toHaveLength(0);

    await user.type(screen.getByTestId('deviation-reason-0'), ' names are unique per region only ');
    await user.click(screen.getByTestId('validation-settings-save'));
    await waitFor(() => expect(backend.callsTo('set_validation_settings')).toHaveLength(1));
    const sent = backend.callsTo('set_validation_settings')[0].args.settings as Record<string, unknown>;
    expect(sent.strictness).toBe('lenient');
    expect(sent.knownDeviations).toEqual([{ step: 'duplicate create', reason: 'names are unique per region only' }]);
    await waitFor(() =>
      expect(screen.getByTestId('validation-settings-strictness')).toHaveTextContent(
        'Lenient: duplicate create (names are unique per region only) are warnings',
      ),
    );
  });

  it('asks before Escape throws away edited settings', async () => {
    const { user } = await openSettings();

    await user.click(screen.getByTestId('quota-add'));
    await user.keyboard('{Escape}');
    expect(await screen.findByTestId('discard-changes')).toBeInTheDocument();
    await user.click(screen.getByTestId('discard-keep'));
    expect(screen.getByTestId('quota-key-0')).toBeInTheDocument();

    await user.keyboard('{Escape}');
    await user.click(await screen.findByTestId('discard-confirm'));
    await waitFor(() => expect(screen.queryByTestId('naming-template')).not.toBeInTheDocument());

    // Nothing was saved: opening again starts from the stored settings.
    await user.click(screen.getByTestId('validation-settings-edit'));
    expect(await screen.findByTestId('quotas-empty')).toBeInTheDocument();
  });
});

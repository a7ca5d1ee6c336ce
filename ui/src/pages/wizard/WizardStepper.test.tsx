import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { BUILTIN_TYPES, customType, instance, platform } from '../../test/fixtures';
import { installWizardBackend, wizardDraft } from '../../test/fakeWizard';
import { renderWithProviders } from '../../test/render';
import { WizardPage } from './WizardPage';

// The stepper goes back and forth between the steps already reached, keyboard
// included; the footer keeps Back and Next on one row.

vi.mock('../integration/AuthSettings', () => ({ AuthSettings: () => <p>Authentication settings</p> }));
vi.mock('../integration/IntegrationStep', () => ({ IntegrationStep: () => <p>Integration step</p> }));
vi.mock('../fields/CustomFieldsBuilder', () => ({ CustomFieldsBuilder: () => <p>Custom fields builder</p> }));
vi.mock('../fields/InstanceFieldsForm', () => ({ InstanceFieldsForm: () => null, initialFieldValues: () => ({}) }));
vi.mock('@tauri-apps/plugin-dialog', () => ({ open: vi.fn() }));

const TYPES = [...BUILTIN_TYPES, customType()];
const title = () => screen.getByTestId('wizard-step-title');
const stepButton = (n: number) => screen.getByTestId(`wizard-step-${n}`);

/** A draft saved at `step` (0-based) after Next had led up to `reached`. */
function resumeAt(step: number, reached: number) {
  const data = {
    typeId: 'KAFKA',
    platformId: 'p-1',
    instanceId: 'i-1',
    details: { name: 'Event streaming', identifier: 'event-streaming', tags: [] },
    connection: { name: 'prod-eu', environment: 'prod', endpoint: 'https://kafka-prod.example.com' },
    reached,
  };
  const backend = installWizardBackend({
    types: TYPES,
    platforms: [platform({ status: 'draft', tags: [] })],
    instances: [instance()],
    drafts: [wizardDraft({ id: 'd-1', step, data })],
  });
  const user = userEvent.setup();
  renderWithProviders(<WizardPage draftId="d-1" onFinished={vi.fn()} onClose={vi.fn()} />);
  return { backend, user };
}

describe('the wizard stepper', () => {
  it('jumps ahead again to a step already reached, after going back, leaving the step as Next does', async () => {
    const { backend, user } = resumeAt(4, 4);
    await waitFor(() => expect(title()).toHaveTextContent('Step 5 of 10 — Integration'));

    await user.click(stepButton(2));
    expect(title()).toHaveTextContent('Step 2 of 10 — Details');
    await user.type(screen.getByTestId('platform-description'), 'Kafka for teams');

    await user.click(stepButton(5));
    await waitFor(() => expect(title()).toHaveTextContent('Step 5 of 10 — Integration'));
    // The details were saved on the way, as Next saves them.
    expect(backend.callsTo('update_platform').at(-1)?.args).toMatchObject({
      id: 'p-1',
      input: { description: 'Kafka for teams' },
    });
    // Steps never reached stay closed.
    expect(stepButton(6)).toHaveAttribute('aria-disabled', 'true');
    await user.click(stepButton(6));
    expect(title()).toHaveTextContent('Step 5 of 10 — Integration');
  });

  it('reaches and opens the steps by keyboard, as buttons', async () => {
    const { user } = resumeAt(4, 4);
    await waitFor(() => expect(title()).toHaveTextContent('Step 5 of 10'));

    const first = stepButton(1);
    expect(first.tagName).toBe('BUTTON');
    first.focus();
    await user.tab();
    expect(stepButton(2)).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(title()).toHaveTextContent('Step 2 of 10 — Details');

    // Ahead again: Tab past the current step, Space opens step 4.
    stepButton(1).focus();
    await user.tab();
    expect(stepButton(3)).toHaveFocus();
    await user.tab();
    expect(stepButton(4)).toHaveFocus();
    await user.keyboard(' ');
    await waitFor(() => expect(title()).toHaveTextContent('Step 4 of 10 — Custom fields'));
    // The current step and those never reached are not in the tab order.
    expect(stepButton(4)).toHaveAttribute('tabindex', '-1');
    expect(stepButton(6)).toHaveAttribute('tabindex', '-1');
  });

  it('shows done steps ahead of the current one as done', async () => {
    const { user } = resumeAt(4, 4);
    await waitFor(() => expect(title()).toHaveTextContent('Step 5 of 10'));
    await user.click(stepButton(2));

    expect(stepButton(3)).toHaveAccessibleName(/Connection \(done\)/);
    expect(stepButton(4)).toHaveAccessibleName(/Custom fields \(done\)/);
    // Reached, but left before it was finished.
    expect(stepButton(5)).not.toHaveAccessibleName(/\(done\)/);
    expect(stepButton(5)).toHaveAttribute('tabindex', '0');
  });

  it('says why it cannot jump ahead while the current step is incomplete, and stays', async () => {
    const { backend, user } = resumeAt(4, 4);
    await waitFor(() => expect(title()).toHaveTextContent('Step 5 of 10'));
    await user.click(stepButton(2));
    await user.clear(screen.getByTestId('platform-name'));

    await user.click(stepButton(5));
    expect(screen.getByTestId('wizard-jump-refused')).toHaveTextContent(
      'Step 2 of 10 — Details is not complete: Check the name: Name is required',
    );
    expect(title()).toHaveTextContent('Step 2 of 10 — Details');
    expect(backend.callsTo('update_platform')).toHaveLength(0);
  });

  it('closes the steps ahead when another platform type is chosen', async () => {
    const { user } = resumeAt(4, 4);
    await waitFor(() => expect(title()).toHaveTextContent('Step 5 of 10'));
    await user.click(stepButton(1));
    expect(stepButton(3)).toHaveAttribute('tabindex', '0');

    await user.selectOptions(await screen.findByTestId('wizard-type-select'), 'GENERIC-REST');
    await waitFor(() => expect(stepButton(3)).toHaveAttribute('aria-disabled', 'true'));
    expect(stepButton(2)).toHaveAttribute('aria-disabled', 'true');
  });
});

describe('the wizard footer', () => {
  it('keeps Back and Next on one row, the reason for a disabled Next wrapping between them', async () => {
    installWizardBackend({ types: TYPES });
    renderWithProviders(<WizardPage draftId={null} onFinished={vi.fn()} onClose={vi.fn()} />);

    const nav = await screen.findByTestId('wizard-nav');
    expect(nav.getAttribute('style')).toContain('--group-wrap: nowrap');
    const [back, reason, next] = Array.from(nav.children) as HTMLElement[];
    expect(back).toHaveTextContent('Back');
    expect(back).toHaveStyle({ flexShrink: '0' });
    // The reason takes the room left between the buttons and may shrink to wrap.
    expect(reason).toBe(screen.getByTestId('wizard-next-reason'));
    expect(reason.style.flex).toMatch(/^1/);
    expect(reason.style.minWidth).toMatch(/^0/);
    expect(next).toHaveStyle({ flexShrink: '0' });
    expect(within(next).getByTestId('wizard-next')).toBeDisabled();
  });
});

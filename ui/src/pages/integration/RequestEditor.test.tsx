import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { EditorView } from '@codemirror/view';
import YAML from 'yaml';
import { installIntegrationBackend, PRESETS } from '../../test/fakeIntegration';
import { BUILTIN_TYPES, customType } from '../../test/fixtures';
import { renderWithProviders } from '../../test/render';
import { IntegrationStep } from './IntegrationStep';

// Whole forms render slowly under jsdom, the more so when test files run in parallel.
const SLOW = { timeout: 20_000 };

const GENERIC = PRESETS[0].definition;

function setup() {
  const backend = installIntegrationBackend({ types: [...BUILTIN_TYPES, customType()], integration: { connectors: { KAFKA: GENERIC } } });
  const user = userEvent.setup();
  renderWithProviders(<IntegrationStep type={customType()} instance={null} />);
  const saved = () => backend.callsTo('set_platform_type_connector').map((c) => YAML.parse(c.args.definition as string));
  return { user, saved };
}

const yamlView = () => EditorView.findFromDOM(screen.getByRole('textbox', { name: 'Connector definition (YAML)' }))!;

async function replace(user: ReturnType<typeof userEvent.setup>, input: HTMLElement, text: string) {
  await user.clear(input);
  await user.paste(text);
}

describe('success rules in the form', SLOW, () => {
  it("shows a request's body conditions, edits them and saves them with everything else unchanged", async () => {
    const { user, saved } = setup();
    const request = await screen.findByTestId('request-0');
    const pointer = within(request).getByRole('textbox', { name: 'Condition 1: JSON Pointer' });
    const equals = within(request).getByLabelText(/^Condition 1: must equal/, { selector: 'input' });
    expect(pointer).toHaveValue('/status');
    expect(equals).toHaveValue('ok');
    expect(equals).toHaveAccessibleDescription('Compared with the text "ok"');

    await replace(user, equals, 'true');
    expect(equals).toHaveAccessibleDescription('Compared with true (yes/no, not text)');
    await user.click(within(request).getByRole('button', { name: 'Add condition' }));
    await user.type(within(request).getByRole('textbox', { name: 'Condition 2: JSON Pointer' }), '/version');
    await user.type(within(request).getByLabelText(/^Condition 2: must equal/, { selector: 'input' }), '2');
    await replace(user, within(request).getByRole('textbox', { name: /^Success statuses/ }), '200, 203');
    await user.click(screen.getByRole('button', { name: 'Save connector' }));

    await waitFor(() => expect(saved()).toHaveLength(1));
    const original = YAML.parse(GENERIC);
    expect(saved()[0].operations.check.requests[0]).toEqual({
      ...original.operations.check.requests[0],
      expect: [200, 203],
      success: [
        { pointer: '/status', equals: true },
        { pointer: '/version', equals: 2 },
      ],
    });
    expect({ ...saved()[0], operations: { ...saved()[0].operations, check: null } }).toEqual({
      ...original,
      operations: { ...original.operations, check: null },
    });
  });

  it('removes a condition', async () => {
    const { user, saved } = setup();
    const request = await screen.findByTestId('request-0');
    await user.click(within(request).getByRole('button', { name: 'Remove condition 1' }));
    expect(within(request).getByTestId('request-0-success-none')).toHaveTextContent('None.');
    await user.click(screen.getByRole('button', { name: 'Save connector' }));
    await waitFor(() => expect(saved()).toHaveLength(1));
    expect(saved()[0].operations.check.requests[0]).not.toHaveProperty('success');
  });

  it('says under each field what is wrong as soon as it is left, and clears it once fixed', async () => {
    const { user, saved } = setup();
    await user.click(await screen.findByRole('button', { name: /Read a tenant/ }));
    const request = screen.getByTestId('request-0');
    const statuses = within(request).getByRole('textbox', { name: /^Success statuses/ });

    await user.type(statuses, '200, 20x');
    expect(screen.queryByTestId('request-0-expect-error')).not.toBeInTheDocument();
    await user.tab();
    expect(screen.getByTestId('request-0-expect-error')).toHaveTextContent('20x is not an HTTP status: use three-digit codes from 100 to 599');
    await replace(user, statuses, '200-299');
    expect(screen.getByTestId('request-0-expect-error')).toHaveTextContent('200-299 is a range; list each status');
    await replace(user, statuses, '200, 204');
    expect(screen.queryByTestId('request-0-expect-error')).not.toBeInTheDocument();

    await replace(user, within(request).getByRole('textbox', { name: /^Not-found status/ }), '404, 410');
    await user.tab();
    expect(screen.getByTestId('request-0-not-found-error')).toHaveTextContent('Enter one status, e.g. 404');

    await user.click(within(request).getByRole('button', { name: 'Add condition' }));
    await user.type(within(request).getByRole('textbox', { name: 'Condition 1: JSON Pointer' }), 'metadata.name');
    await user.tab();
    expect(screen.getByTestId('request-0-success-pointer-0-error')).toHaveTextContent('A JSON Pointer starts with /, e.g. /metadata/name');

    await user.click(screen.getByRole('button', { name: 'Save connector' }));
    expect(await screen.findByTestId('connector-save-error')).toHaveTextContent('Some values need fixing first');
    expect(saved()).toHaveLength(0);
  });

  it('shows a problem found on save under its field, for a field never visited', async () => {
    const { user, saved } = setup();
    await user.click(await screen.findByRole('button', { name: /Read a tenant/ }));
    const request = screen.getByTestId('request-0');
    await user.click(within(request).getByRole('button', { name: 'Add condition' }));
    // Only the value is typed: the pointer, never left, is still empty.
    await user.click(within(request).getByLabelText(/^Condition 1: must equal/, { selector: 'input' }));
    await user.paste('ok');
    await user.click(screen.getByRole('button', { name: 'Save connector' }));
    expect(await screen.findByTestId('request-0-success-pointer-0-error')).toHaveTextContent('Enter where the value is in the response body');
    expect(saved()).toHaveLength(0);
  });

  it('goes to YAML and back without losing the conditions or anything else', async () => {
    const { user } = setup();
    const request = await screen.findByTestId('request-0');
    await replace(user, within(request).getByLabelText(/^Condition 1: must equal/, { selector: 'input' }), '{{ tenant.name }}');
    await user.click(screen.getByTestId('view-yaml'));

    const text = yamlView().state.doc.toString();
    const parsed = YAML.parse(text);
    expect(parsed.operations.check.requests[0].success).toEqual([{ pointer: '/status', equals: '{{ tenant.name }}' }]);
    expect(parsed.operations.check.requests[1]).toEqual(YAML.parse(GENERIC).operations.check.requests[1]);
    expect(text).toContain('# Generic REST preset');

    // A quoted number in YAML is text, and the form keeps it text.
    const edited = text.replace("equals: '{{ tenant.name }}'", 'equals: "42"').replace('equals: "{{ tenant.name }}"', 'equals: "42"');
    yamlView().dispatch({ changes: { from: 0, to: yamlView().state.doc.length, insert: edited } });
    await user.click(screen.getByTestId('view-form'));
    const equals = within(screen.getByTestId('request-0')).getByLabelText(/^Condition 1: must equal/, { selector: 'input' });
    expect(equals).toHaveValue('"42"');
    expect(equals).toHaveAccessibleDescription('Compared with the text "42"');

    await user.click(screen.getByTestId('view-yaml'));
    expect(YAML.parse(yamlView().state.doc.toString())).toEqual(YAML.parse(edited));
  });
});

describe('the request line', SLOW, () => {
  it('keeps the method narrow and gives the path the rest of the row', async () => {
    setup();
    const row = await screen.findByTestId('request-0-target');
    const method = within(row).getByRole('combobox', { name: 'Method' });
    const path = within(row).getByLabelText(/^Path/, { selector: 'input' });
    // Side by side on one line, at any width.
    expect(row.style.getPropertyValue('--group-wrap')).toBe('nowrap');
    const methodBox = method.closest('.mantine-InputWrapper-root') as HTMLElement;
    expect(methodBox.style.width).toBe('calc(7rem * var(--mantine-scale))');
    expect(methodBox).toHaveStyle({ flexGrow: '0', flexShrink: '0' });
    expect(screen.getByTestId('request-0-path-box')).toContainElement(path);
    expect(screen.getByTestId('request-0-path-box')).toHaveStyle({ flexGrow: '1', minWidth: '0' });
  });
});

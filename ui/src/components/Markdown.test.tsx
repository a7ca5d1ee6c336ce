import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { openUrl } from '@tauri-apps/plugin-opener';
import { renderWithProviders } from '../test/render';
import { Markdown, openableUrl } from './Markdown';

vi.mock('@tauri-apps/plugin-opener', () => ({ openUrl: vi.fn() }));

const SOURCE = [
  '- Support: <mailto:team@example.com>',
  '- Documentation: <https://docs.example.com/streaming>',
  '- Endpoint: https://prod.events.example.com',
  '- Read [the guide](https://docs.example.com/guide).',
  '- Not [this one](javascript:alert(1)), not [that one](file:///etc/passwd), not [the wiki](/wiki).',
].join('\n');

function renderPreview(source = SOURCE) {
  renderWithProviders(<Markdown source={source} testId="preview" />);
  return screen.getByTestId('preview');
}

describe('links in Markdown', () => {
  beforeEach(() => {
    vi.mocked(openUrl).mockReset();
    vi.mocked(openUrl).mockResolvedValue(undefined);
  });

  it('opens a web link in the system browser, not in the window', async () => {
    const preview = renderPreview();
    const guide = within(preview).getByRole('link', { name: 'the guide' });
    expect(guide).toHaveAttribute('title', expect.stringContaining('https://docs.example.com/guide'));

    // fireEvent returns false when the default (the webview navigating) was prevented.
    expect(fireEvent.click(guide)).toBe(false);
    expect(openUrl).toHaveBeenCalledExactlyOnceWith('https://docs.example.com/guide');
  });

  it('opens support, documentation, endpoints and e-mail addresses the same way', async () => {
    const user = userEvent.setup();
    const preview = renderPreview();
    await user.click(within(preview).getByRole('link', { name: 'mailto:team@example.com' }));
    await user.click(within(preview).getByRole('link', { name: 'https://docs.example.com/streaming' }));
    await user.click(within(preview).getByRole('link', { name: 'https://prod.events.example.com' }));
    expect(vi.mocked(openUrl).mock.calls).toEqual([
      ['mailto:team@example.com'],
      ['https://docs.example.com/streaming'],
      ['https://prod.events.example.com/'],
    ]);
  });

  it('keeps any other link as text that cannot be clicked', async () => {
    const user = userEvent.setup();
    const preview = renderPreview();
    expect(within(preview).getAllByRole('link').map((a) => a.textContent)).toEqual([
      'mailto:team@example.com',
      'https://docs.example.com/streaming',
      'https://prod.events.example.com',
      'the guide',
    ]);
    const rest = within(preview).getByText(/^Not /);
    expect(rest).toHaveTextContent('Not this one, not that one, not the wiki (/wiki).');
    expect(rest.querySelector('a')).toBeNull();
    expect(preview.innerHTML).not.toMatch(/javascript:|file:/);
    await user.click(within(rest).getByText('this one'));
    expect(openUrl).not.toHaveBeenCalled();
  });

  it('says so when the link cannot be opened', async () => {
    vi.mocked(openUrl).mockRejectedValueOnce('No browser is installed');
    const user = userEvent.setup();
    const preview = renderPreview();
    await user.click(within(preview).getByRole('link', { name: 'the guide' }));
    const error = await screen.findByTestId('error-notification');
    expect(error).toHaveTextContent('Could not open the link');
    expect(error).toHaveTextContent('No browser is installed');
  });

  it('opens only http(s) and mailto addresses', () => {
    expect(openableUrl('HTTPS://Docs.Example.com/a')).toBe('https://docs.example.com/a');
    expect(openableUrl('mailto:team@example.com')).toBe('mailto:team@example.com');
    for (const href of ['javascript:alert(1)', 'file:///etc/passwd', 'tel:+123', '/wiki', 'data:text/html,x', '', undefined]) {
      expect(openableUrl(href)).toBeNull();
    }
  });
});

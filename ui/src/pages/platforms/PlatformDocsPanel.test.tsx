import { beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { save } from '@tauri-apps/plugin-dialog';
import { openUrl } from '@tauri-apps/plugin-opener';
import { BUILTIN_TYPES, customType, platform } from '../../test/fixtures';
import { installDefinitionsBackend, type DefinitionsBackendOptions } from '../../test/fakeDefinitions';
import { renderWithProviders } from '../../test/render';
import { PlatformsPage } from '../PlatformsPage';

vi.mock('@tauri-apps/plugin-dialog', () => ({ open: vi.fn(), save: vi.fn() }));
vi.mock('@tauri-apps/plugin-opener', () => ({ openUrl: vi.fn() }));

async function openDocs(options: DefinitionsBackendOptions = {}) {
  const backend = installDefinitionsBackend({ types: [...BUILTIN_TYPES, customType()], platforms: [platform()], ...options });
  const user = userEvent.setup();
  renderWithProviders(<PlatformsPage />);
  await user.click(await screen.findByTestId('platform-row'));
  await user.click(await screen.findByRole('button', { name: 'Documentation' }));
  const dialog = await screen.findByRole('dialog', { name: 'Documentation: Event streaming' });
  return { backend, user, dialog };
}

describe('platform documentation', () => {
  beforeEach(() => {
    vi.mocked(save).mockReset();
  });

  it('shows the generated markdown as a preview', async () => {
    const { backend, dialog } = await openDocs();

    const preview = await within(dialog).findByTestId('platform-docs-preview');
    expect(within(preview).getByRole('heading', { level: 1 })).toHaveTextContent('Event streaming');
    expect(within(preview).getByRole('heading', { level: 2 })).toHaveTextContent('Requesting a tenant');
    // Tables (the instances per environment) render as tables, not as pipes.
    expect(within(preview).getByRole('table')).toHaveTextContent('Environment');
    expect(within(preview).getByText('#platform-help').tagName).toBe('STRONG');
    expect(backend.callsTo('get_platform_docs')).toEqual([{ cmd: 'get_platform_docs', args: { platformId: 'p-1' } }]);
  });

  it("opens the documentation's links in the system browser", async () => {
    vi.mocked(openUrl).mockResolvedValue(undefined);
    const { user, dialog } = await openDocs({
      overrides: {
        // As pb-registry platform_docs.rs writes them: autolinks, and a value
        // from a definition file that is not a web or mail address as text.
        get_platform_docs: () => ({
          fileStem: 'event-streaming',
          markdown:
            '# Event streaming\n\n## Support and documentation\n\n- Support: <mailto:streaming@example.com>\n- Documentation: javascript:alert\\(1\\)\n',
          html: '',
        }),
      },
    });
    const preview = await within(dialog).findByTestId('platform-docs-preview');
    await user.click(within(preview).getByRole('link', { name: 'mailto:streaming@example.com' }));
    expect(openUrl).toHaveBeenCalledExactlyOnceWith('mailto:streaming@example.com');
    expect(within(preview).getAllByRole('link')).toHaveLength(1);
    expect(preview).toHaveTextContent('Documentation: javascript:alert(1)');
  });

  it('saves as Markdown and as HTML to the paths chosen in the save dialog', async () => {
    const { backend, user, dialog } = await openDocs();
    await within(dialog).findByTestId('platform-docs-preview');

    vi.mocked(save).mockResolvedValueOnce('/home/admin/docs/streaming.md');
    await user.click(within(dialog).getByRole('button', { name: 'Save as Markdown…' }));
    expect(await screen.findByTestId('success-notification')).toHaveTextContent(
      'Documentation saved to /home/admin/docs/streaming.md',
    );
    expect(save).toHaveBeenLastCalledWith(
      expect.objectContaining({
        defaultPath: 'event-streaming.md',
        filters: [{ name: 'Markdown', extensions: ['md'] }],
      }),
    );

    vi.mocked(save).mockResolvedValueOnce('/home/admin/docs/streaming.html');
    await user.click(within(dialog).getByRole('button', { name: 'Save as HTML…' }));
    await waitFor(() => expect(backend.callsTo('save_platform_docs')).toHaveLength(2));
    expect(save).toHaveBeenLastCalledWith(expect.objectContaining({ defaultPath: 'event-streaming.html' }));

    expect(backend.callsTo('save_platform_docs').map((c) => c.args)).toEqual([
      { platformId: 'p-1', path: '/home/admin/docs/streaming.md', format: 'markdown' },
      { platformId: 'p-1', path: '/home/admin/docs/streaming.html', format: 'html' },
    ]);
    expect(backend.defs.savedDocs.map((d) => d.text.slice(0, 15))).toEqual(['# Event streami', '<!doctype html>']);
  });

  it('saves nothing when the dialog is cancelled', async () => {
    const { backend, user, dialog } = await openDocs();
    await within(dialog).findByTestId('platform-docs-preview');

    vi.mocked(save).mockResolvedValueOnce(null);
    await user.click(within(dialog).getByRole('button', { name: 'Save as Markdown…' }));

    await waitFor(() => expect(save).toHaveBeenCalledTimes(1));
    await waitFor(() => expect(within(dialog).getByRole('button', { name: 'Save as Markdown…' })).toBeEnabled());
    expect(backend.callsTo('save_platform_docs')).toEqual([]);
    expect(screen.queryByTestId('success-notification')).not.toBeInTheDocument();
  });

  it("names the path and the cause when the file can't be written", async () => {
    const { user, dialog } = await openDocs({ unwritable: ['/readonly/event-streaming.md'] });
    await within(dialog).findByTestId('platform-docs-preview');

    vi.mocked(save).mockResolvedValueOnce('/readonly/event-streaming.md');
    await user.click(within(dialog).getByRole('button', { name: 'Save as Markdown…' }));

    const error = await screen.findByTestId('error-notification');
    expect(error).toHaveTextContent('Could not save the documentation');
    expect(error).toHaveTextContent('Cannot write /readonly/event-streaming.md: Permission denied');
    expect(error).toHaveAttribute('data-code', 'validation');
  });

  it('explains a failure to generate the documentation', async () => {
    const { dialog } = await openDocs({
      overrides: {
        get_platform_docs: () => {
          throw { code: 'internal', message: 'The database is locked' };
        },
      },
    });
    const alert = await within(dialog).findByTestId('query-error');
    expect(alert).toHaveTextContent('Could not generate the documentation');
    expect(alert).toHaveTextContent('The database is locked');
  });
});

import type { MouseEvent, ReactNode } from 'react';
import ReactMarkdown from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { Typography } from '@mantine/core';
import { openUrl } from '@tauri-apps/plugin-opener';
import { toIpcFailure } from '../ipc';
import { notifyFailure } from '../notify';

/** The schemes the opener capability allows (src-tauri/capabilities/main.json). */
const OPENABLE = ['http:', 'https:', 'mailto:'];

/**
 * The address to open for a link, or null when it must stay text: anything but a
 * web page or an e-mail (`javascript:`, `file:`, a relative path with nothing to
 * resolve it against). The text comes from definition files, so it is untrusted.
 */
export function openableUrl(href: string | undefined): string | null {
  if (!href) return null;
  try {
    const url = new URL(href);
    return OPENABLE.includes(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

/** Opens a web or e-mail address in the system browser or mail program; a failure is shown. */
export function openExternally(url: string) {
  openUrl(url).catch((error: unknown) => notifyFailure(toIpcFailure(error), 'Could not open the link'));
}

function Link({ href, children }: { href?: string; children?: ReactNode }) {
  const url = openableUrl(href);
  if (!url) {
    // Not clickable. A relative address is still worth reading (`/wiki`); one
    // react-markdown blanked as unsafe (`javascript:`, `file:`) is gone.
    return (
      <span>
        {children}
        {href && href !== String(children) ? ` (${href})` : null}
      </span>
    );
  }
  const open = (event: MouseEvent) => {
    // Never inside the window: the app would be replaced by the page (the Rust
    // side refuses such a navigation too, src-tauri/src/navigation.rs).
    event.preventDefault();
    openExternally(url);
  };
  return (
    <a
      href={url}
      title={`${url} (opens outside Platform Builder)`}
      rel="noreferrer"
      onClick={open}
      // The middle button ("open in a new tab") opens it outside too; the right
      // button keeps its menu.
      onAuxClick={(event) => event.button === 1 && open(event)}
    >
      {children}
    </a>
  );
}

/**
 * Markdown typed by an administrator (access information) or generated from the
 * registry (platform documentation). Raw HTML in it is shown as text, never
 * rendered, and images as their description (the CSP allows no remote content).
 * A web or e-mail link opens in the system browser or mail program; any other
 * link is text. GitHub-flavoured tables are rendered: generated platform
 * documentation is mostly tables.
 */
export function Markdown({ source, testId }: { source: string; testId?: string }) {
  return (
    <Typography data-testid={testId}>
      <ReactMarkdown
        skipHtml
        remarkPlugins={[remarkGfm]}
        components={{
          a: ({ children, href }) => <Link href={href}>{children}</Link>,
          img: ({ alt }) => <span>{alt ?? ''}</span>,
        }}
      >
        {source}
      </ReactMarkdown>
    </Typography>
  );
}

import ReactMarkdown from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { Typography } from '@mantine/core';

/**
 * Markdown typed by an administrator (access information). Raw HTML in it is
 * shown as text, never rendered, and links are not followed inside the app's
 * window (the CSP allows no remote content): they render as their text and URL.
 * GitHub-flavoured tables are rendered: generated platform documentation is
 * mostly tables.
 */
export function Markdown({ source, testId }: { source: string; testId?: string }) {
  return (
    <Typography data-testid={testId}>
      <ReactMarkdown
        skipHtml
        remarkPlugins={[remarkGfm]}
        components={{
          // A bare URL (autolinked) is shown once, as the URL.
          a: ({ children, href }) =>
            href && String(children) === href ? (
              <code>{href}</code>
            ) : (
              <span>
                {children}
                {href ? <code style={{ marginLeft: 4 }}>{href}</code> : null}
              </span>
            ),
          img: ({ alt }) => <span>{alt ?? ''}</span>,
        }}
      >
        {source}
      </ReactMarkdown>
    </Typography>
  );
}

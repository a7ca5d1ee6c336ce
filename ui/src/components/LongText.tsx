import type { CSSProperties } from 'react';
import { Code, Text, Tooltip, type TextProps } from '@mantine/core';

/**
 * Names, locations and URLs have no spaces to break at, and one long value must
 * not widen a table or the page: break anywhere, like a hyphen-less word wrap.
 */
export const WRAP_ANYWHERE: CSSProperties = { overflowWrap: 'anywhere', minWidth: 0 };

// Small print: a 2000-character description must still fit on the screen.
const TOOLTIP_STYLES = {
  tooltip: { fontSize: 'var(--mantine-font-size-xs)', overflowWrap: 'anywhere' as const, whiteSpace: 'pre-line' as const },
};

type ClampedTextProps = Omit<TextProps, 'children' | 'lineClamp' | 'truncate'> & {
  children: string;
  /** Lines to show; 1 truncates with an ellipsis on one line. */
  lines?: number;
  'data-testid'?: string;
};

/**
 * Text cut to a fixed number of lines, with the whole text in a tooltip so the
 * rest stays readable. The tooltip wraps and is bounded, as the text may be long.
 */
export function ClampedText({ children, lines = 1, ...props }: ClampedTextProps) {
  return (
    <Tooltip label={children} multiline maw={480} openDelay={300} styles={TOOLTIP_STYLES}>
      <Text
        {...(lines === 1 ? { truncate: 'end' as const } : { lineClamp: lines })}
        style={lines === 1 ? { minWidth: 0 } : WRAP_ANYWHERE}
        // The layout check in the e2e suite accepts cut text only where the whole
        // value is one hover away; this marks it.
        data-full-text=""
        {...props}
      >
        {children}
      </Text>
    </Tooltip>
  );
}

/**
 * A URL on one line, cut with an ellipsis; hovering shows all of it (title), and
 * copying the text still copies the whole URL.
 */
export function UrlCode({ url, 'data-testid': testId }: { url: string; 'data-testid'?: string }) {
  return (
    <Code
      title={url}
      data-testid={testId}
      style={{
        display: 'block',
        maxWidth: '100%',
        minWidth: 0,
        overflow: 'hidden',
        textOverflow: 'ellipsis',
        whiteSpace: 'nowrap',
      }}
    >
      {url}
    </Code>
  );
}

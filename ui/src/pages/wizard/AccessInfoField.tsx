import type { ReactNode } from 'react';
import { Paper, Tabs, Text, Textarea, Typography } from '@mantine/core';
import ReactMarkdown, { type Components } from 'react-markdown';
import { FieldError } from '../../components/FieldError';

// Inside the desktop app a followed link would replace the app's own page, so links
// are shown with their address instead of being clickable.
const COMPONENTS: Components = {
  a: ({ href, children }: { href?: string; children?: ReactNode }) => (
    <Text span td="underline" title={href}>
      {children}
      {href ? ` (${href})` : ''}
    </Text>
  ),
  img: ({ alt, src }: { alt?: string; src?: string }) => (
    <Text span c="dimmed">
      [image: {alt || src}]
    </Text>
  ),
};

/** Markdown as application teams will read it; raw HTML is dropped, never rendered. */
export function MarkdownPreview({ text, 'data-testid': testId }: { text: string; 'data-testid'?: string }) {
  if (!text.trim()) {
    return (
      <Text size="sm" c="dimmed" data-testid={testId}>
        Nothing to preview yet.
      </Text>
    );
  }
  return (
    <Typography data-testid={testId}>
      <ReactMarkdown skipHtml components={COMPONENTS}>
        {text}
      </ReactMarkdown>
    </Typography>
  );
}

interface AccessInfoFieldProps {
  value: string;
  onChange: (value: string) => void;
  error?: ReactNode;
}

/** Access information: markdown with a Write and a Preview tab. */
export function AccessInfoField({ value, onChange, error }: AccessInfoFieldProps) {
  return (
    <Tabs defaultValue="write" keepMounted={false}>
      <Tabs.List>
        <Tabs.Tab value="write" data-testid="access-info-write">
          Write
        </Tabs.Tab>
        <Tabs.Tab value="preview" data-testid="access-info-preview-tab">
          Preview
        </Tabs.Tab>
      </Tabs.List>
      <Tabs.Panel value="write" pt="xs">
        <Textarea
          label="Access information"
          description="Markdown: how application teams request and get access (who to ask, which groups, links)"
          autosize
          minRows={4}
          maxRows={14}
          value={value}
          onChange={(event) => onChange(event.currentTarget.value)}
          error={error ? <FieldError testId="platform-access-info">{error}</FieldError> : undefined}
          data-testid="platform-access-info"
        />
      </Tabs.Panel>
      <Tabs.Panel value="preview" pt="xs">
        <Text size="sm" fw={500} mb={4}>
          Access information (preview)
        </Text>
        <Paper withBorder p="sm">
          <MarkdownPreview text={value} data-testid="access-info-preview" />
        </Paper>
      </Tabs.Panel>
    </Tabs>
  );
}

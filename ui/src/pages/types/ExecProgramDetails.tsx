import type { ReactNode } from 'react';
import { Code, Stack, Text } from '@mantine/core';
import type { ExecFingerprint } from '../../bindings/ExecFingerprint';
import { WRAP_ANYWHERE } from '../../components/LongText';

// A `sh -c` script is one long argument, and a path or a SHA-256 has no space to
// break at: kept as written (line breaks too) but wrapped anywhere, so nothing
// widens the page; a very long script scrolls inside its block.
const ARGUMENT_STYLE = { ...WRAP_ANYWHERE, whiteSpace: 'pre-wrap', maxHeight: 240, overflow: 'auto' } as const;
const VALUE_STYLE = { ...WRAP_ANYWHERE, whiteSpace: 'pre-wrap' } as const;

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={2} style={{ minWidth: 0 }}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      {children}
    </Stack>
  );
}

/**
 * What is trusted, exactly as the fingerprint covers it: the command argument by
 * argument (never joined into one line a reader would have to unquote), the
 * program file found and its SHA-256, the files the arguments name, and the
 * environment. Only names and templates are in `env`; secrets never reach the UI.
 */
export function ExecProgramDetails({ fingerprint }: { fingerprint: ExecFingerprint }) {
  return (
    <Stack gap="xs" style={{ minWidth: 0 }}>
      <Item label="Command">
        <Stack gap={4} data-testid="exec-trust-command">
          {fingerprint.command.map((argument, i) => (
            <Code key={i} block style={ARGUMENT_STYLE} data-testid="exec-trust-argument">
              {argument}
            </Code>
          ))}
        </Stack>
      </Item>
      <Item label="Program">
        <Code style={VALUE_STYLE} data-testid="exec-trust-program">
          {fingerprint.program}
        </Code>
      </Item>
      <Item label="SHA-256 of the program">
        <Code style={VALUE_STYLE} data-testid="exec-trust-sha256">
          {fingerprint.programSha256}
        </Code>
      </Item>
      {fingerprint.argumentFiles.length > 0 && (
        <Item label="Files named in the command">
          <Stack gap={4} data-testid="exec-trust-argument-files">
            {fingerprint.argumentFiles.map(([path, sha256]) => (
              <Stack key={path} gap={0} data-testid="exec-trust-argument-file">
                <Code style={VALUE_STYLE}>{path}</Code>
                <Text size="xs" c="dimmed" style={VALUE_STYLE}>
                  SHA-256 <Code style={VALUE_STYLE}>{sha256}</Code>
                </Text>
              </Stack>
            ))}
          </Stack>
        </Item>
      )}
      <Item label="Environment it sets">
        {fingerprint.env.length === 0 ? (
          <Text size="sm" c="dimmed">
            It sets no variables of its own.
          </Text>
        ) : (
          <Stack gap={2} data-testid="exec-trust-env">
            {fingerprint.env.map(([name, value]) => (
              <Code key={name} style={VALUE_STYLE} data-testid="exec-trust-env-var">
                {name}={value}
              </Code>
            ))}
          </Stack>
        )}
        {fingerprint.env.length > 0 && (
          <Text size="xs" c="dimmed">
            Values are templates or the names of secrets; the secrets themselves are filled in only when it runs.
          </Text>
        )}
      </Item>
    </Stack>
  );
}

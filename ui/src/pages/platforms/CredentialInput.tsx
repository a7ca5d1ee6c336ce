import type { ReactNode } from 'react';
import { PasswordInput, Text } from '@mantine/core';
import { FieldError } from '../../components/FieldError';
import type { CredentialPrompt } from './credentialPrompt';

interface CredentialInputProps {
  prompt: CredentialPrompt;
  /** Held by the caller in plain component state only: never a form library, a draft or the query cache. */
  value: string;
  onChange: (value: string) => void;
  /** A credential is stored already: typing replaces it, leaving the input empty keeps it. */
  configured: boolean;
  /** When a typed value is stored, e.g. "It is stored in the OS keyring when the instance is added." */
  storedWhen: string;
  error?: ReactNode;
  disabled?: boolean;
  testId: string;
}

/**
 * The instance's credential, typed once and sent to the OS keyring by the caller's
 * save; write-only, so a stored one is never shown, only replaced. For a scheme
 * without a secret (none, mutual TLS) it only says so.
 */
export function CredentialInput(props: CredentialInputProps) {
  const { prompt, value, onChange, configured, storedWhen, error, disabled, testId } = props;
  if (!prompt.needed) {
    return (
      <Text size="sm" c="dimmed" data-testid={`${testId}-not-needed`}>
        {prompt.prompt}
      </Text>
    );
  }
  const keep = configured ? ` ${/^[aeiou]/i.test(prompt.noun) ? 'An' : 'A'} ${prompt.noun} is stored; leave this empty to keep it, or type a new one to replace it.` : '';
  return (
    <PasswordInput
      label={prompt.label}
      description={`${prompt.prompt}${keep} ${storedWhen}`}
      // Never offered by the browser's password manager, nor saved by it.
      autoComplete="new-password"
      value={value}
      disabled={disabled}
      onChange={(event) => onChange(event.currentTarget.value)}
      error={error ? <FieldError testId={testId}>{error}</FieldError> : undefined}
      data-testid={testId}
    />
  );
}

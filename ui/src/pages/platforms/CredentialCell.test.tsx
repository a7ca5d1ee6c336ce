import { render, screen } from '@testing-library/react';
import { MantineProvider } from '@mantine/core';
import { describe, expect, it, vi } from 'vitest';
import { instance } from '../../test/fixtures';
import { CredentialCell } from './CredentialCell';

function show(credential: Partial<ReturnType<typeof instance>['credential']>) {
  const i = instance({ credential: { ...instance().credential, ...credential } });
  render(
    <MantineProvider>
      <CredentialCell instance={i} onSet={vi.fn()} onRemove={vi.fn()} />
    </MantineProvider>,
  );
}

describe('CredentialCell', () => {
  it('says a credential an import could not store is missing, not merely unset', () => {
    show({ configured: false, problem: 'the import at 2026-12-02 could not store it: keyring locked' });
    expect(screen.getByTestId('credential-status')).toHaveTextContent(/^Missing$/);
  });

  it('shows Not set when nobody stored one', () => {
    show({ configured: false, problem: null });
    expect(screen.getByTestId('credential-status')).toHaveTextContent(/^Not set$/);
  });
});

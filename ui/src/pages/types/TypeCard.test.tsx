import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import { BUILTIN_TYPES } from '../../test/fixtures';
import { renderWithProviders } from '../../test/render';
import { TypeCard } from './TypeCard';

const noop = () => undefined;

describe('TypeCard connector proof', () => {
  it('names the real server a built-in type’s connector is proven against', () => {
    const openstack = { ...BUILTIN_TYPES[6], provenAgainst: 'OpenStack Keystone 22 (Debian 12 package keystone)' };
    renderWithProviders(<TypeCard type={openstack} onEdit={noop} onDelete={noop} />);
    expect(screen.getByTestId('type-connector-proof')).toHaveTextContent(
      'Connector proven against OpenStack Keystone 22 (Debian 12 package keystone).',
    );
  });

  it('says plainly when no connector ships for a built-in type', () => {
    renderWithProviders(<TypeCard type={BUILTIN_TYPES[0]} onEdit={noop} onDelete={noop} />);
    expect(screen.getByTestId('type-connector-proof')).toHaveTextContent(
      'No connector ships for this type yet: none has been proven against a real server.',
    );
  });
});

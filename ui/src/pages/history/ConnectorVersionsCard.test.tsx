import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ConnectorVersion } from '../../bindings/ConnectorVersion';
import type { SideBySide } from '../../bindings/SideBySide';
import { installBackend } from '../../test/fakeBackend';
import { instance, platform } from '../../test/fixtures';
import { renderWithProviders } from '../../test/render';
import { connectorChange, ConnectorChangedNotice } from '../validation/ConnectorChangedNotice';
import { ConnectorVersionsCard } from './ConnectorVersionsCard';

function version(n: number, extra: Partial<ConnectorVersion> = {}): ConnectorVersion {
  return { typeId: 'KAFKA', version: n, savedAt: '2026-12-04T10:00:00.000Z', user: 'alice', via: 'app', removed: false, ...extra };
}

/** 12 unchanged lines, one changed, 12 unchanged: the long runs fold. */
function diffOf(from: number, to: number): SideBySide {
  const same = (k: number) =>
    Array.from({ length: 12 }, (_, i) => ({
      kind: 'same' as const,
      left: { number: k + i + 1, text: `line ${k + i + 1}` },
      right: { number: k + i + 1, text: `line ${k + i + 1}` },
    }));
  return {
    rows: [
      ...same(0),
      { kind: 'changed', left: { number: 13, text: `totalMs: ${from}000` }, right: { number: 13, text: `totalMs: ${to}000` } },
      ...same(13),
    ],
    added: 1,
    removed: 1,
  };
}

function install() {
  const versions = [version(2), version(1)];
  const backend = installBackend({
    overrides: {
      list_connector_versions: () => [...versions],
      diff_connector_versions: ({ identifier, from, to }: Record<string, unknown>) => ({
        typeId: identifier,
        from,
        to,
        diff: diffOf(from as number, to as number),
      }),
      roll_back_connector: ({ version: v }: Record<string, unknown>) => {
        const saved = version(versions.length + 1, { restoredFrom: v as number });
        versions.unshift(saved);
        return saved;
      },
    },
  });
  return { backend, versions };
}

describe('connector versions', () => {
  it('lists the versions, shows the previous against the current side by side, and folds unchanged lines', async () => {
    install();
    const user = userEvent.setup();
    renderWithProviders(<ConnectorVersionsCard platform={platform()} />);
    await user.click(screen.getByTestId('connector-versions-toggle'));
    const rows = await screen.findAllByTestId('connector-version');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent('v2');
    expect(rows[0]).toHaveTextContent('current');

    const changed = await screen.findByTestId('diff-row-changed');
    expect(changed).toHaveTextContent('totalMs: 1000');
    expect(changed).toHaveTextContent('totalMs: 2000');
    expect(screen.getByTestId('connector-diff-summary')).toHaveTextContent('v1 → v2: 1 line added, 1 removed');
    // 12 leading lines: 9 folded with 3 kept before the change; 12 after: 3 kept, 9 folded.
    const folds = screen.getAllByTestId('connector-diff-unfold');
    expect(folds.map((f) => f.textContent)).toEqual(['9 unchanged lines', '9 unchanged lines']);
    await user.click(folds[0]);
    expect(screen.getAllByTestId('connector-diff-unfold')).toHaveLength(1);
  });

  it('rolls back to the older version as a new one', async () => {
    const { backend } = install();
    const user = userEvent.setup();
    renderWithProviders(<ConnectorVersionsCard platform={platform()} />);
    await user.click(screen.getByTestId('connector-versions-toggle'));
    await user.click(await screen.findByTestId('connector-roll-back'));
    expect(await screen.findByTestId('success-notification')).toHaveTextContent(
      'Rolled back: version 1 saved again as version 3',
    );
    expect(backend.callsTo('roll_back_connector')[0].args).toEqual({ identifier: 'KAFKA', version: 1 });
    const rows = await screen.findAllByTestId('connector-version');
    expect(rows).toHaveLength(3);
    expect(within(rows[0]).getByText('rolled back to v1')).toBeInTheDocument();
  });
});

describe('validated with an older connector', () => {
  it('says which version was validated and which runs now, and offers to validate again', async () => {
    const stale = instance({
      validation: { status: 'passed', startedAt: '2026-12-01T10:00:00.000Z', connectorVersion: 3 },
      connectorVersion: 5,
    });
    expect(connectorChange(stale)).toEqual({ validatedWith: 3, current: 5 });
    expect(connectorChange({ ...stale, connectorVersion: 3 })).toBeNull();
    expect(connectorChange({ ...stale, validation: null })).toBeNull();
    let asked = 0;
    installBackend();
    const user = userEvent.setup();
    renderWithProviders(<ConnectorChangedNotice instance={stale} onValidate={() => asked++} />);
    expect(screen.getByTestId('connector-changed')).toHaveTextContent(
      'Validated with v3; the connector changed since (v5): validate again',
    );
    await user.click(screen.getByTestId('connector-changed-validate'));
    expect(asked).toBe(1);
  });
});

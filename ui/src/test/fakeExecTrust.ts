// Stand-ins for the exec trust commands, layered on installBackend through its
// `overrides` (like fakeDefinitions.ts). The rules mimic pb-registry's
// exec_trust.rs: trust is pinned to the fingerprint's key, a key that no longer
// matches is refused as a `platformType` field error, and a built-in is trusted
// as shipped.
import type { ExecFingerprint } from '../bindings/ExecFingerprint';
import type { ExecTrustState } from '../bindings/ExecTrustState';
import { installBackend, ipcError } from './fakeBackend';

type BackendOptions = NonNullable<Parameters<typeof installBackend>[0]>;

export const TRUSTED_AT = '2025-06-01T12:00:00Z';

/** A connector that runs `sh -c` with a script long enough to need wrapping. */
export function execFingerprint(overrides: Partial<ExecFingerprint> = {}): ExecFingerprint {
  return {
    command: [
      'sh',
      '-c',
      'set -eu; exec /opt/kafka-admin/bin/kafka-tenants --bootstrap "$KAFKA_BOOTSTRAP" --config /etc/kafka-admin/client.properties --json',
    ],
    env: [
      ['KAFKA_BOOTSTRAP', '{{ instance.endpoint }}'],
      ['KAFKA_PASSWORD', 'admin_password'],
    ],
    program: '/usr/bin/sh',
    programSha256: '3f5a9c0e6b1d2c4f8a7e9b0d1c2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e',
    argumentFiles: [['/etc/kafka-admin/client.properties', 'aa11bb22cc33dd44ee55ff66aa77bb88cc99dd00ee11ff22aa33bb44cc55dd66']],
    key: 'key-1',
    ...overrides,
  };
}

export function execTrustState(overrides: Partial<ExecTrustState> = {}): ExecTrustState {
  return {
    platformType: 'KAFKA',
    fingerprint: execFingerprint(),
    problem: null,
    trusted: false,
    builtin: false,
    trustedAt: null,
    staleTrust: false,
    ...overrides,
  };
}

interface ExecTrustBackendOptions extends BackendOptions {
  /** The type's state as get_exec_trust first answers; null: not an exec connector. */
  execTrust?: ExecTrustState | null;
}

/** installBackend plus get/set/remove_exec_trust over one type's state. */
export function installExecTrustBackend({ execTrust = execTrustState(), overrides, ...rest }: ExecTrustBackendOptions = {}) {
  const trust = { state: execTrust };
  const handlers = {
    get_exec_trust: ({ identifier }: Record<string, unknown>) => {
      if (trust.state && identifier !== trust.state.platformType) {
        throw ipcError('not_found', `Platform type ${String(identifier)} does not exist`);
      }
      return trust.state;
    },
    set_exec_trust: ({ key }: Record<string, unknown>) => {
      const fingerprint = trust.state?.fingerprint;
      if (!trust.state || !fingerprint) {
        throw ipcError('validation', 'there is nothing to trust', [['platformType', 'there is nothing to trust']]);
      }
      if (key !== fingerprint.key) {
        const message = 'the program or its command changed since it was shown; review it again before trusting it';
        throw ipcError('validation', message, [['platformType', message]]);
      }
      trust.state = { ...trust.state, trusted: true, trustedAt: TRUSTED_AT, staleTrust: false };
      return fingerprint;
    },
    remove_exec_trust: () => {
      if (!trust.state) return 0;
      const had = trust.state.trusted || trust.state.staleTrust ? 1 : 0;
      trust.state = { ...trust.state, trusted: trust.state.builtin, trustedAt: null, staleTrust: false };
      return had;
    },
  };
  const backend = installBackend({ ...rest, overrides: { ...handlers, ...overrides } });
  return { ...backend, trust };
}

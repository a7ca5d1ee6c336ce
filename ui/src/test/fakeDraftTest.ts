import type { ConnectionTest } from '../bindings/ConnectionTest';
import type { DraftInstance } from '../bindings/DraftInstance';
import type { Instance } from '../bindings/Instance';
import type { IpcError } from '../bindings/IpcError';
import type { Platform } from '../bindings/Platform';
import type { Stage } from '../bindings/Stage';
import { connectionTest } from './validationFixtures';

// test_connection_draft of the fake backend (see fakeBackend.ts): a connection test
// of unsaved form values with the secret stored for the saved instance, if any.

type Handler = (args: Record<string, unknown>) => unknown;

interface Deps {
  state: {
    platforms: Platform[];
    keyring: Map<string, string>;
    /** Every draft test's argument, as received, oldest first. */
    draftTests: DraftInstance[];
  };
  findInstance: (id: unknown) => Instance;
  ipcError: (code: string, message: string, fields?: [string, string][]) => IpcError;
}

/** The backend's endpoint rule (validate.rs): a full http(s) URL with a host. */
function endpointError(endpoint: string): string | null {
  if (!endpoint.trim()) return 'Endpoint URL is required';
  let url: URL;
  try {
    url = new URL(endpoint.trim());
  } catch {
    return 'Endpoint URL must be a full URL such as https://api.example.com';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return 'Endpoint URL must be a full URL such as https://api.example.com';
  }
  return null;
}

function stage(
  name: Stage['name'],
  status: Stage['status'],
  message: string,
  remediation: string | null = null,
): Stage {
  const durationMs = status === 'skipped' ? 0 : 20;
  return { name, status, durationMs, message, detail: null, class: null, remediation, code: null, certificate: null };
}

/**
 * What the engine reports when the connector reads a secret the instance does not
 * have (engine.rs `secret`, classed as configuration by error.rs): nothing is sent.
 */
export function missingSecretStage(secret: string): Stage {
  return {
    ...stage(
      'auth',
      'failed',
      `check: the connector needs the secret '${secret}', which this instance does not have`,
      "Set the instance's credential (or the secret field the message names), then test again; nothing was sent.",
    ),
    class: 'configuration',
    code: 'secret_missing',
  };
}

/**
 * How the fake goes: a host ending in ".invalid" fails DNS; without a secret
 * (none typed, none stored for the saved instance) AUTH fails; else all pass.
 */
export function draftTestHandlers({ state, findInstance, ipcError }: Deps): Record<string, Handler> {
  return {
    test_connection_draft: ({ draft }) => {
      const d = draft as DraftInstance;
      state.draftTests.push(structuredClone(d));
      const error = endpointError(d.input.endpoint);
      if (error) throw ipcError('validation', 'Some fields are invalid', [['endpoint', error]]);
      if (!state.platforms.some((p) => p.id === d.platformId)) {
        throw ipcError('not_found', `Platform ${d.platformId} does not exist`);
      }
      const saved = d.instanceId === null ? null : findInstance(d.instanceId);
      const host = new URL(d.input.endpoint).hostname;
      if (host.endsWith('.invalid')) {
        const dns = stage('dns', 'failed', `could not resolve ${host}`, 'Check the host name in the endpoint URL.');
        const skipped = (['tcp', 'tls', 'auth', 'probe'] as const).map((n) =>
          stage(n, 'skipped', 'not run: an earlier stage failed'),
        );
        return { stages: [dns, ...skipped], exchanges: [], status: 'failed' } satisfies ConnectionTest;
      }
      const hasSecret =
        d.secret !== null || (saved !== null && (state.keyring.has(saved.id) || saved.credential.configured));
      if (!hasSecret) {
        const base = connectionTest();
        const stages = base.stages.map((s) =>
          s.name === 'auth'
            ? missingSecretStage('api_key')
            : s.name === 'probe'
              ? stage('probe', 'skipped', 'not run: an earlier stage failed')
              : s,
        );
        return { ...base, stages, status: 'failed' } satisfies ConnectionTest;
      }
      return connectionTest();
    },
  };
}

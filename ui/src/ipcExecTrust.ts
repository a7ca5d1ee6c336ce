// Commands of the exec trust prompt: what a type's exec connector runs on this
// machine, and the administrator's decision about it. Same contract as `ipc`:
// every rejection is an IpcFailure.
import { call } from './ipc';
import type { ExecFingerprint } from './bindings/ExecFingerprint';
import type { ExecTrustState } from './bindings/ExecTrustState';

export const execTrustIpc = {
  /** The program the type's connector runs and whether it is trusted; null when it is not an exec connector. */
  getExecTrust: (identifier: string) => call<ExecTrustState | null>('get_exec_trust', { identifier }),
  /**
   * Trusts the program as it was shown: `key` is the fingerprint's key. A program
   * that changed since is refused (field error `platformType`), never trusted unseen.
   */
  setExecTrust: (identifier: string, key: string) => call<ExecFingerprint>('set_exec_trust', { identifier, key }),
  /** Withdraws this machine's trust; resolves with how many trusts there were. */
  removeExecTrust: (identifier: string) => call<number>('remove_exec_trust', { identifier }),
};

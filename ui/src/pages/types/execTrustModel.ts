import type { ExecTrustState } from '../../bindings/ExecTrustState';
import { formatTime } from '../validation/format';

/** The connector error code of a program this machine has not trusted. */
export const EXEC_NOT_TRUSTED = 'exec_not_trusted';

export type ExecTrustKind = 'builtin' | 'trusted' | 'unreadable' | 'changed' | 'untrusted';

export interface ExecTrustStatus {
  kind: ExecTrustKind;
  /** One sentence: whether the program runs, and why (not). */
  label: string;
  color: string;
  /** "Trust this program…" makes sense: untrusted, and there is a program to look at. */
  canTrust: boolean;
  /** "Withdraw trust": trusted by an administrator here (a built-in is trusted as shipped). */
  canWithdraw: boolean;
}

/**
 * What the trust state means for the administrator. A built-in comes first: it is
 * trusted whatever the trust list says. An unreadable program comes before a stale
 * trust, since it cannot be trusted again until it can be read.
 */
export function execTrustStatus(state: ExecTrustState): ExecTrustStatus {
  const off = { canTrust: false, canWithdraw: false };
  if (state.builtin) return { ...off, kind: 'builtin', label: 'Built in — ships with Platform Builder', color: 'teal' };
  if (state.trusted) {
    const since = state.trustedAt ? ` since ${formatTime(state.trustedAt)}` : '';
    return { ...off, kind: 'trusted', label: `Trusted on this machine${since}`, color: 'teal', canWithdraw: true };
  }
  if (!state.fingerprint) {
    return { ...off, kind: 'unreadable', label: 'The program cannot be read: it will not run', color: 'red' };
  }
  if (state.staleTrust) {
    return {
      ...off,
      kind: 'changed',
      label: 'Changed since it was trusted: it will not run until trusted again',
      color: 'orange',
      canTrust: true,
    };
  }
  return { ...off, kind: 'untrusted', label: 'Not trusted on this machine: it will not run', color: 'red', canTrust: true };
}

// Commands of definitions as code (issue 6): platform documentation and the
// provisioning folder. Same contract as `ipc`: every rejection is an IpcFailure.
import { call } from './ipc';
import type { PlatformDocs } from './bindings/PlatformDocs';
import type { ProvisioningSetting } from './bindings/ProvisioningSetting';
import type { ProvisioningStatus } from './bindings/ProvisioningStatus';

export type DocsFormat = 'markdown' | 'html';

export const definitionsIpc = {
  /** The platform's documentation for application teams, as Markdown and HTML. Never holds a secret. */
  getPlatformDocs: (platformId: string) => call<PlatformDocs>('get_platform_docs', { platformId }),
  /** Writes the documentation to a path chosen in the save dialog (field error `path` when it cannot). */
  savePlatformDocs: (platformId: string, path: string, format: DocsFormat) =>
    call<null>('save_platform_docs', { platformId, path, format }),

  /**
   * Saves the folder chosen in Settings and applies it now (field error `folder`).
   * Null when no folder is in force; a start-up flag or variable stays in force.
   */
  setProvisioningSettings: (setting: ProvisioningSetting) =>
    call<ProvisioningStatus | null>('set_provisioning_settings', { setting }),
  /** Applies the folder in force again, e.g. after its files changed; null when there is none. */
  runProvisioning: () => call<ProvisioningStatus | null>('run_provisioning', {}),
};

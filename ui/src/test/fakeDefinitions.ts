import type { PlatformDocs } from '../bindings/PlatformDocs';
import type { ProvisioningReport } from '../bindings/ProvisioningReport';
import type { ProvisioningSetting } from '../bindings/ProvisioningSetting';
import type { ProvisioningStatus } from '../bindings/ProvisioningStatus';
import type { Platform } from '../bindings/Platform';
import { installBackend, ipcError } from './fakeBackend';

// Definitions as code in the fake backend: platform documentation and the
// provisioning folder, layered on installBackend through its `overrides` (like
// fakeRegistry.ts), so the shared fake stays untouched.

type Handler = (args: Record<string, unknown>) => unknown;
type BackendOptions = NonNullable<Parameters<typeof installBackend>[0]>;

/** What applying a folder gives, without the folder (filled in). */
export type FakeReport = Omit<ProvisioningReport, 'folder'>;

export interface DefinitionsBackendOptions extends BackendOptions {
  /** The folders that exist, with what applying each one reports. */
  folders?: Record<string, FakeReport>;
  /** The folder saved in Settings. */
  setting?: ProvisioningSetting;
  /** A folder chosen by the start command, which wins over Settings. */
  startCommand?: { folder: string; prune: boolean; source: 'flag' | 'environment' };
  /** Paths save_platform_docs cannot write. */
  unwritable?: string[];
}

export const EMPTY_REPORT: FakeReport = { changes: [], pruned: [], problems: [] };

/** Generated the way the backend words it, enough for the preview to have structure. */
export function fakeDocs(p: Platform): PlatformDocs {
  return {
    fileStem: p.identifier,
    markdown: `# ${p.name}\n\n${p.description}\n\n| Environment | Endpoint |\n|---|---|\n| prod | https://prod.example.com |\n\n## Requesting a tenant\n\nAsk in **#platform-help**.\n`,
    html: `<!doctype html><html><body><h1>${p.name}</h1></body></html>`,
  };
}

export interface SavedDocs {
  platformId: string;
  path: string;
  format: string;
  text: string;
}

export function installDefinitionsBackend(options: DefinitionsBackendOptions = {}) {
  const { folders = {}, setting, startCommand, unwritable = [], ...rest } = options;
  const overrides: Record<string, Handler> = {};
  const backend = installBackend({ ...rest, overrides });
  const defs = {
    setting: setting ?? { folder: '', prune: false },
    savedDocs: [] as SavedDocs[],
    /** How often a folder was applied (at "start" included). */
    applied: 0,
  };

  // Like AppContext::reprovision: the start command's folder, else Settings', else none.
  const reprovision = (): ProvisioningStatus | null => {
    const chosen = startCommand ?? (defs.setting.folder ? { ...defs.setting, source: 'settings' } : null);
    if (!chosen) {
      backend.state.status = { ...backend.state.status, provisioning: undefined };
      return null;
    }
    defs.applied += 1;
    const found = folders[chosen.folder];
    const report: ProvisioningReport = found
      ? { folder: chosen.folder, ...found }
      : {
          folder: chosen.folder,
          changes: [],
          pruned: [],
          problems: [{ file: chosen.folder, line: null, path: '', message: 'The folder does not exist' }],
        };
    const status: ProvisioningStatus = { ...chosen, report, setting: { ...defs.setting }, running: false };
    backend.state.status = { ...backend.state.status, provisioning: status };
    return status;
  };
  if (!rest.status?.provisioning) reprovision();

  const findPlatform = (id: unknown) => {
    const found = backend.state.platforms.find((p) => p.id === id);
    if (!found) throw ipcError('not_found', `Platform ${String(id)} does not exist`);
    return found;
  };

  Object.assign(overrides, {
    get_platform_docs: ({ platformId }) => fakeDocs(findPlatform(platformId)),
    save_platform_docs: ({ platformId, path, format }) => {
      const docs = fakeDocs(findPlatform(platformId));
      if (format !== 'markdown' && format !== 'html') {
        throw ipcError('validation', 'Some fields are invalid', [['format', 'Choose markdown or html']]);
      }
      if (unwritable.includes(path as string)) {
        throw ipcError('validation', 'Some fields are invalid', [
          ['path', `Cannot write ${String(path)}: Permission denied (os error 13)`],
        ]);
      }
      const text = format === 'markdown' ? docs.markdown : docs.html;
      defs.savedDocs.push({ platformId: platformId as string, path: path as string, format, text });
      return null;
    },
    set_provisioning_settings: ({ setting: input }) => {
      const { folder, prune } = input as ProvisioningSetting;
      const trimmed = folder.trim();
      if (trimmed && !trimmed.startsWith('/')) {
        throw ipcError('validation', 'Some fields are invalid', [
          ['folder', 'Enter an absolute path, e.g. /etc/platform-builder/definitions'],
        ]);
      }
      if (trimmed && !(trimmed in folders)) {
        throw ipcError('validation', 'Some fields are invalid', [
          ['folder', 'This folder does not exist or cannot be read'],
        ]);
      }
      defs.setting = { folder: trimmed, prune };
      return reprovision();
    },
    run_provisioning: () => reprovision(),
    ...rest.overrides,
  } satisfies Record<string, Handler>);

  return { ...backend, defs };
}

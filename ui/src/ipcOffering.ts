// Commands of what makes a platform ready for application teams: locations,
// landing zones, availability and publication, and the export to meshStack.
// Same contract as `ipc`: every rejection is an IpcFailure.
import { call } from './ipc';
import type { Availability } from './bindings/Availability';
import type { ExportSummary } from './bindings/ExportSummary';
import type { LandingZone } from './bindings/LandingZone';
import type { LandingZoneInput } from './bindings/LandingZoneInput';
import type { Platform } from './bindings/Platform';
import type { Readiness } from './bindings/Readiness';

export const offeringIpc = {
  listLandingZones: (platformId: string) => call<LandingZone[]>('list_landing_zones', { platformId }),
  /** Field errors `identifier`, `name`, `infoLink`, `quotas.<key>`, `roleMappings.<i>.*`. */
  saveLandingZone: (platformId: string, existing: string | null, input: LandingZoneInput) =>
    call<LandingZone>('save_landing_zone', { platformId, existing, input }),
  deleteLandingZone: (identifier: string) => call<null>('delete_landing_zone', { identifier }),
  getReadiness: (platformId: string) => call<Readiness>('get_publication_readiness', { platformId }),
  /** Field errors `restrictedTo`, `restrictedTo.<i>`, `publication` (what publishing still needs). */
  setAvailability: (platformId: string, availability: Availability) =>
    call<Platform>('set_availability', { platformId, availability }),
  exportMeshstack: (dir: string, platforms: string[]) =>
    call<ExportSummary>('export_meshstack', { dir, platforms }),
};

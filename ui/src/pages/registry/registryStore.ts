import { useSyncExternalStore } from 'react';
import type { RegistryColumn } from '../../bindings/RegistryColumn';
import type { Tag } from '../../bindings/Tag';

/** Everything of a registry query but the page: what the administrator chose. */
export interface RegistryFilters {
  search: string;
  typeIds: string[];
  environments: string[];
  locations: string[];
  /** draft, published, deprecated, unpublished. */
  publications: string[];
  statuses: string[];
  tags: Tag[];
  /** Only instances whose connector changed since their newest validation. */
  connectorChanged: boolean;
  sort: RegistryColumn;
  descending: boolean;
}

export const DEFAULT_FILTERS: RegistryFilters = {
  search: '',
  typeIds: [],
  environments: [],
  locations: [],
  publications: [],
  statuses: [],
  tags: [],
  connectorChanged: false,
  sort: 'platform',
  descending: false,
};

// Module state rather than component state: opening an instance unmounts the
// registry, and coming back must show the same search, filters, sort and scroll
// position, not a fresh table.
let current: RegistryFilters = DEFAULT_FILTERS;
let scrollOffset = 0;
const listeners = new Set<() => void>();
const clearListeners = new Set<() => void>();

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function updateRegistryFilters(patch: Partial<RegistryFilters>) {
  current = { ...current, ...patch };
  // Another query is another list: its top is where reading starts.
  scrollOffset = 0;
  listeners.forEach((l) => l());
}

/** Search and filters cleared; the sort order is a preference and stays. */
export function clearRegistryFilters() {
  updateRegistryFilters({ ...DEFAULT_FILTERS, sort: current.sort, descending: current.descending });
  clearListeners.forEach((l) => l());
}

/** The search box drops text it has not applied yet, or it would undo a clear moments later. */
export function onRegistryFiltersCleared(listener: () => void) {
  clearListeners.add(listener);
  return () => {
    clearListeners.delete(listener);
  };
}

/** Tests start from a clean registry, as the app does on launch. */
export function resetRegistryStore() {
  current = DEFAULT_FILTERS;
  scrollOffset = 0;
  listeners.forEach((l) => l());
}

export function useRegistryFilters(): RegistryFilters {
  return useSyncExternalStore(subscribe, () => current);
}

export function rememberScrollOffset(offset: number) {
  scrollOffset = offset;
}

export function rememberedScrollOffset(): number {
  return scrollOffset;
}

export function hasActiveFilters(f: RegistryFilters): boolean {
  return (
    f.search.trim() !== '' ||
    f.typeIds.length > 0 ||
    f.environments.length > 0 ||
    f.locations.length > 0 ||
    f.publications.length > 0 ||
    f.statuses.length > 0 ||
    f.tags.length > 0 ||
    f.connectorChanged
  );
}

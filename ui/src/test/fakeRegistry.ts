import type { Instance } from '../bindings/Instance';
import type { Platform } from '../bindings/Platform';
import type { RegistryColumn } from '../bindings/RegistryColumn';
import type { RegistryFacets } from '../bindings/RegistryFacets';
import type { RegistryPage } from '../bindings/RegistryPage';
import type { RegistryQuery } from '../bindings/RegistryQuery';
import type { RegistryRow } from '../bindings/RegistryRow';
import { installBackend, ipcError } from './fakeBackend';

// The registry half of the fake backend: query_registry, registry_facets and
// clone_instance, layered on installBackend through its `overrides`, so the
// shared fake stays untouched.

type Handler = (args: Record<string, unknown>) => unknown;
type BackendOptions = NonNullable<Parameters<typeof installBackend>[0]>;

export interface RegistryBackendOptions extends BackendOptions {
  /** A fixed registry (e.g. 10,000 generated rows); otherwise built from platforms and instances. */
  registryRows?: RegistryRow[];
}

const MAX_PAGE = 500;
const NOW = '2025-06-01T12:00:00Z';

/** What the backend joins: one row per instance, one for a platform without any. */
export function rowsFrom(platforms: Platform[], instances: Instance[]): RegistryRow[] {
  return platforms.flatMap((p): RegistryRow[] => {
    const base = {
      platformId: p.id,
      platformName: p.name,
      platformStatus: p.status,
      typeId: p.typeId,
      location: p.locationName || p.location,
      availability: p.availability,
      tags: p.tags,
    };
    const own = instances.filter((i) => i.platformId === p.id);
    if (own.length === 0) return [{ ...base, instance: null }];
    return own.map((i) => ({
      ...base,
      instance: {
        id: i.id,
        name: i.name,
        environment: i.environment,
        endpoint: i.endpoint,
        insecureTls: i.tls.insecureSkipVerify,
        lastTest: i.lastTest,
      },
    }));
  });
}

/** `count` rows over a few platforms, types, environments and statuses, for the virtualized table. */
export function generatedRows(count: number): RegistryRow[] {
  const types = ['KAFKA', 'KUBERNETES', 'SCIM2'];
  const environments = ['dev', 'staging', 'prod'];
  const statuses = ['ok', 'failed', 'warning', null];
  return Array.from({ length: count }, (_, n) => {
    const status = statuses[n % statuses.length];
    return {
      platformId: `p-${n % 50}`,
      platformName: `Platform ${String(n % 50).padStart(2, '0')}`,
      platformStatus: 'active',
      typeId: types[n % types.length],
      location: n % 2 === 0 ? 'eu-central' : 'us-east',
      availability: { restriction: 'public', publication: n % 3 === 0 ? 'published' : 'draft' },
      tags: [{ key: 'team', value: n % 5 === 0 ? 'payments' : 'core' }],
      instance: {
        id: `i-${n}`,
        name: `instance-${String(n).padStart(5, '0')}`,
        environment: environments[n % environments.length],
        endpoint: `https://api-${n}.example.com`,
        insecureTls: n % 7 === 0,
        lastTest: status ? { kind: 'connection_test', status, startedAt: NOW, summary: 'all stages passed' } : null,
      },
    } satisfies RegistryRow;
  });
}

function sortValue(row: RegistryRow, column: RegistryColumn): string {
  const i = row.instance;
  switch (column) {
    case 'platform':
      return row.platformName.toLowerCase();
    case 'instance':
      return i?.name.toLowerCase() ?? '';
    case 'environment':
      return i?.environment ?? '';
    case 'type':
      return row.typeId;
    case 'location':
      return row.location.toLowerCase();
    case 'status':
      return i?.lastTest?.status ?? '';
    case 'last_tested':
      return i?.lastTest?.startedAt ?? '';
  }
}

function matches(row: RegistryRow, q: RegistryQuery): boolean {
  const i = row.instance;
  const search = q.search.trim().toLowerCase();
  if (search) {
    const haystack = [row.platformName, i?.name, i?.endpoint, row.typeId, row.location, i?.environment]
      .concat(JSON.stringify(row.tags))
      .map((v) => (v ?? '').toLowerCase());
    if (!haystack.some((v) => v.includes(search))) return false;
  }
  if (q.typeIds.length && !q.typeIds.includes(row.typeId)) return false;
  if (q.environments.length && !(i && q.environments.includes(i.environment))) return false;
  if (q.locations.length && !q.locations.includes(row.location)) return false;
  if (q.connectorChanged && !i?.connectorChanged) return false;
  if (q.statuses.length) {
    const untested = i !== null && i.lastTest === null && q.statuses.includes('untested');
    const tested = i?.lastTest != null && q.statuses.includes(i.lastTest.status);
    if (!untested && !tested) return false;
  }
  return q.tags.every((t) => row.tags.some((r) => r.key === t.key && r.value === t.value));
}

/** Same contract as the backend: filter, sort with stable tie-breaks, then one page. */
export function queryRows(rows: RegistryRow[], q: RegistryQuery): RegistryPage {
  if (q.search.length > 200) {
    throw ipcError('validation', 'Some fields are invalid', [['search', 'Search text must be at most 200 characters']]);
  }
  const direction = q.descending ? -1 : 1;
  const tieBreak = (r: RegistryRow) => `${r.platformName.toLowerCase()}\u0000${r.instance?.name.toLowerCase() ?? ''}`;
  const found = rows
    .filter((r) => matches(r, q))
    .sort((a, b) => {
      const primary = sortValue(a, q.sort).localeCompare(sortValue(b, q.sort));
      return primary !== 0 ? primary * direction : tieBreak(a).localeCompare(tieBreak(b));
    });
  const limit = q.limit === 0 ? MAX_PAGE : Math.min(q.limit, MAX_PAGE);
  return { total: found.length, offset: q.offset, rows: found.slice(q.offset, q.offset + limit) };
}

const unique = (values: string[]) => [...new Set(values)].sort();

export function facetsOf(rows: RegistryRow[]): RegistryFacets {
  const instances = rows.flatMap((r) => (r.instance ? [r.instance] : []));
  const tags = new Map(rows.flatMap((r) => r.tags).map((t) => [`${t.key}=${t.value}`, t]));
  return {
    typeIds: unique(rows.map((r) => r.typeId)),
    environments: unique(instances.map((i) => i.environment)),
    locations: unique(rows.map((r) => r.location)),
    publications: unique(rows.map((r) => r.availability.publication)),
    statuses: [...unique(instances.flatMap((i) => (i.lastTest ? [i.lastTest.status] : []))), 'untested'],
    tags: [...tags.keys()].sort().map((key) => tags.get(key)!),
  };
}

/**
 * installBackend plus the registry commands. query_registry reads the backend's
 * platforms and instances as they are at the time of the call (so a clone or a
 * delete shows up), unless `registryRows` fixes the rows.
 */
export function installRegistryBackend(options: RegistryBackendOptions = {}) {
  const { registryRows, ...rest } = options;
  const overrides: Record<string, Handler> = {};
  const backend = installBackend({ ...rest, overrides });
  const rows = () => registryRows ?? rowsFrom(backend.state.platforms, backend.state.instances);

  Object.assign(overrides, {
    query_registry: ({ query }) => queryRows(rows(), query as RegistryQuery),
    registry_facets: () => facetsOf(rows()),
    clone_instance: ({ id, name, environment }) => {
      const source = backend.state.instances.find((i) => i.id === id);
      if (!source) throw ipcError('not_found', `Instance ${String(id)} does not exist`);
      const taken = backend.state.instances.some((i) => i.platformId === source.platformId && i.name === name);
      if (taken) {
        throw ipcError('validation', 'Some fields are invalid', [
          ['name', `An instance named ${String(name)} already exists on this platform`],
        ]);
      }
      // Like the backend: configuration is copied, secrets are not.
      const clone: Instance = {
        ...source,
        id: `i-clone-${backend.state.instances.length + 1}`,
        name: name as string,
        environment: environment as string,
        credential: { configured: false, version: 0, updatedAt: null, problem: null },
        tls: { ...source.tls, clientKeyConfigured: false, clientKeyUpdatedAt: null },
        secretFields: [],
        secretProblems: {},
        lastTest: null,
        createdAt: NOW,
        updatedAt: NOW,
      };
      backend.state.instances.push(clone);
      return clone;
    },
    ...rest.overrides,
  } satisfies Record<string, Handler>);

  return backend;
}

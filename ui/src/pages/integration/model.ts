// The connector as the editor holds it, and the way between it and YAML text.
// Rust is the validator; this only reads the shape the form needs, and reports
// what the form could not show (so nothing in the file is silently dropped).
import YAML from 'yaml';
import type { Auth } from '../../bindings/Auth';
import type { Duplicate } from '../../bindings/Duplicate';
import type { Method } from '../../bindings/Method';
import type { Operation } from '../../bindings/Operation';
import type { OperationSpec } from '../../bindings/OperationSpec';
import type { Paging } from '../../bindings/Paging';
import type { RequestSpec } from '../../bindings/RequestSpec';

export const API_VERSION = 'platformbuilder.dev/connector/v1';

export const OPERATIONS: readonly Operation[] = [
  'check',
  'create_tenant',
  'get_tenant',
  'delete_tenant',
  'add_user',
  'remove_user',
  'list_users',
  'set_quota',
  'get_quota',
  'probe_quota',
  'list_tenants',
];

export const OPERATION_INFO: Record<Operation, { label: string; description: string }> = {
  check: { label: 'Check health and identity', description: 'Proves the platform answers and accepts the credential.' },
  create_tenant: { label: 'Create a tenant', description: 'Makes the isolated slice (namespace, project, group…).' },
  get_tenant: { label: 'Read a tenant', description: 'Finds a tenant, or reports that it does not exist.' },
  delete_tenant: { label: 'Delete a tenant', description: 'Removes a tenant; used by clean-up after tests.' },
  add_user: { label: 'Add a user', description: 'Gives a user access to a tenant with a platform role.' },
  remove_user: { label: 'Remove a user', description: "Takes a user's access to a tenant away." },
  list_users: { label: 'List users', description: "Reads a tenant's users." },
  set_quota: { label: 'Set a quota', description: "Sets one of a tenant's limits." },
  get_quota: { label: 'Read a quota', description: "Reads one of a tenant's limits back." },
  probe_quota: { label: 'Probe quota enforcement', description: 'Asks for more than the quota allows; expects a refusal.' },
  list_tenants: {
    label: 'List tenants',
    description: 'Lists every tenant with name and id, page by page; finds validation leftovers.',
  },
};

/**
 * Operations that change the platform. probe_quota is one too: on a platform that
 * does not enforce the quota, the over-sized request is granted.
 */
export const MUTATING: ReadonlySet<Operation> = new Set<Operation>([
  'create_tenant',
  'delete_tenant',
  'add_user',
  'remove_user',
  'set_quota',
  'probe_quota',
]);

export const METHODS: readonly Method[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];

export interface HttpDef {
  apiVersion: string;
  kind: 'http';
  headers: Record<string, string>;
  /** Absent keys keep the engine's defaults, so they stay absent. */
  timeouts: { connectMs: number; totalMs: number } | null;
  retries: { max: number; backoffMs: number; maxWaitMs: number } | null;
  auth: Auth;
  operations: Partial<Record<Operation, OperationSpec>>;
  /**
   * Operations deliberately left out, with the reason the validation suite shows
   * when it skips them. An operation defined in `operations` is no longer left
   * out, so serializeConnector writes only the others.
   */
  unsupported: Partial<Record<Operation, string>>;
  /**
   * Origins besides the instance endpoint's that requests may go to, as Rust reads
   * them (`https://host[:port]`); every other origin is refused before sending.
   */
  allowedOrigins: string[];
}

export type ParseResult =
  | { kind: 'http'; def: HttpDef }
  /** A valid-looking definition the form cannot edit (an exec connector). */
  | { kind: 'other'; message: string }
  | { kind: 'error'; message: string };

class ShapeError extends Error {}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function only(where: string, value: Record<string, unknown>, allowed: readonly string[]) {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) throw new ShapeError(`${where}: unknown key \`${key}\`; expected one of ${allowed.join(', ')}`);
  }
}

function record(where: string, value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) throw new ShapeError(`${where} must be a mapping of names to values`);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
}

function num(where: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new ShapeError(`${where} must be a number`);
  return value;
}

function optString(where: string, value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new ShapeError(`${where} must be text`);
  return value;
}

const REQUEST_KEYS = ['name', 'when', 'method', 'path', 'query', 'headers', 'body', 'expect', 'notFound', 'extract', 'success', 'errorMessage'];

function toRequest(where: string, raw: unknown): RequestSpec {
  if (!isRecord(raw)) throw new ShapeError(`${where} must be a mapping`);
  only(where, raw, REQUEST_KEYS);
  if (raw.when !== undefined && raw.when !== null && typeof raw.when !== 'string') {
    throw new ShapeError(`${where}.when must be an expression as text, e.g. fields.mode == 'deactivate'`);
  }
  const method = String(raw.method ?? '').toUpperCase() as Method;
  if (!METHODS.includes(method)) throw new ShapeError(`${where}.method must be one of ${METHODS.join(', ')}`);
  if (typeof raw.path !== 'string') throw new ShapeError(`${where}.path is required`);
  let body: RequestSpec['body'] = null;
  if (isRecord(raw.body)) {
    if ('json' in raw.body) body = { json: raw.body.json ?? null };
    else if ('form' in raw.body) body = { form: record(`${where}.body.form`, raw.body.form) };
    else throw new ShapeError(`${where}.body must be \`json: …\` or \`form: …\``);
  } else if (raw.body !== undefined && raw.body !== null) {
    throw new ShapeError(`${where}.body must be \`json: …\` or \`form: …\``);
  }
  const expect = raw.expect === undefined || raw.expect === null ? [] : raw.expect;
  const success = raw.success ?? [];
  if (!Array.isArray(success)) throw new ShapeError(`${where}.success must be a list`);
  return {
    name: optString(`${where}.name`, raw.name),
    method,
    path: raw.path,
    query: record(`${where}.query`, raw.query),
    headers: record(`${where}.headers`, raw.headers),
    body,
    expect: (Array.isArray(expect) ? expect : [expect]).map((s, i) => num(`${where}.expect[${i}]`, s)),
    notFound: raw.notFound === undefined || raw.notFound === null ? null : num(`${where}.notFound`, raw.notFound),
    extract: record(`${where}.extract`, raw.extract),
    success: success.map((rule, i) => {
      if (!isRecord(rule) || typeof rule.pointer !== 'string') {
        throw new ShapeError(`${where}.success[${i}] needs a pointer and a value to equal`);
      }
      return { pointer: rule.pointer, equals: rule.equals ?? null };
    }),
    errorMessage: optString(`${where}.errorMessage`, raw.errorMessage),
    // Kept only when set: most requests are sent unconditionally.
    ...(typeof raw.when === 'string' && raw.when.trim() ? { when: raw.when } : {}),
  };
}

/** The scheme as written; a login's request and token get their full shape (absent keys as empty). */
function toAuth(raw: Record<string, unknown>): Auth {
  if (raw.type !== 'login') return raw as Auth;
  const token = isRecord(raw.token) ? raw.token : {};
  const lifetime = raw.lifetimeSeconds === undefined || raw.lifetimeSeconds === null ? null : num('auth.lifetimeSeconds', raw.lifetimeSeconds);
  if (lifetime !== null && !(Number.isInteger(lifetime) && lifetime >= 0)) {
    throw new ShapeError('auth.lifetimeSeconds must be a whole number of seconds');
  }
  return {
    type: 'login',
    secret: typeof raw.secret === 'string' ? raw.secret : '',
    request: toRequest('auth.request', raw.request),
    token: { header: optString('auth.token.header', token.header), pointer: optString('auth.token.pointer', token.pointer) },
    expiresAt: optString('auth.expiresAt', raw.expiresAt),
    lifetimeSeconds: lifetime === null ? null : BigInt(lifetime),
    send: record('auth.send', raw.send),
  };
}

/** `unsupported: {<operation>: "<reason>"}`, as Rust reads it. */
function toUnsupported(raw: unknown, operations: HttpDef['operations']): HttpDef['unsupported'] {
  if (raw === undefined || raw === null) return {};
  if (!isRecord(raw)) throw new ShapeError('unsupported must be a mapping of operation names to reasons');
  const out: HttpDef['unsupported'] = {};
  for (const [name, reason] of Object.entries(raw)) {
    const op = name as Operation;
    if (!OPERATIONS.includes(op)) {
      throw new ShapeError(`unsupported: unknown operation \`${name}\`; expected one of ${OPERATIONS.join(', ')}`);
    }
    if (typeof reason !== 'string') throw new ShapeError(`unsupported.${name} must be text (the reason it is left out)`);
    if (operations[op]) throw new ShapeError(`operation ${name} is both defined and listed as unsupported`);
    out[op] = reason;
  }
  return out;
}

/** create_tenant's `duplicate`: `adopt`, or `{conflict: <4xx status>}` (as Rust reads it). */
function toDuplicate(raw: unknown): Duplicate {
  if (raw === 'adopt') return 'adopt';
  if (isRecord(raw)) {
    only('create_tenant.duplicate', raw, ['conflict']);
    const conflict = num('create_tenant.duplicate.conflict', raw.conflict);
    if (conflict >= 400 && conflict < 500) return { conflict };
  }
  throw new ShapeError('create_tenant.duplicate must be `adopt` or `{conflict: <4xx status>}`, e.g. {conflict: 409}');
}

/** list_tenants' `paging`: `{next: <expression>}` or `{offset: {size, total?}}` (as Rust reads it). */
function toPaging(raw: unknown): Paging {
  if (isRecord(raw) && typeof raw.next === 'string' && raw.next.trim() !== '') {
    only('list_tenants.paging', raw, ['next']);
    return { next: raw.next };
  }
  if (isRecord(raw) && isRecord(raw.offset)) {
    only('list_tenants.paging', raw, ['offset']);
    only('list_tenants.paging.offset', raw.offset, ['size', 'total']);
    const size = num('list_tenants.paging.offset.size', raw.offset.size);
    if (size < 1 || size > 1000) throw new ShapeError('list_tenants.paging.offset.size must be between 1 and 1000');
    const { total } = raw.offset;
    if (total === undefined) return { offset: { size } };
    if (typeof total !== 'string') throw new ShapeError('list_tenants.paging.offset.total must be an expression, e.g. /totalResults');
    return { offset: { size, total } };
  }
  throw new ShapeError('list_tenants.paging must be `{next: <where the next link is>}` or `{offset: {size: <1–1000>}}`');
}

/** The keys an operation takes besides its requests. */
function extraKeys(op: Operation): string[] {
  if (op === 'create_tenant') return ['duplicate'];
  if (op === 'list_tenants') return ['paging'];
  return [];
}

function toDef(raw: Record<string, unknown>): HttpDef {
  only('connector', raw, [
    'apiVersion',
    'kind',
    'headers',
    'timeouts',
    'retries',
    'auth',
    'allowedOrigins',
    'operations',
    'unsupported',
  ]);
  const allowedOrigins = raw.allowedOrigins ?? [];
  if (!Array.isArray(allowedOrigins) || !allowedOrigins.every((o) => typeof o === 'string')) {
    throw new ShapeError('allowedOrigins must be a list of origins, e.g. [https://login.example.com]');
  }
  const operations: HttpDef['operations'] = {};
  if (!isRecord(raw.operations)) throw new ShapeError('operations must be a mapping of operation names');
  for (const [name, spec] of Object.entries(raw.operations)) {
    const op = name as Operation;
    if (!OPERATIONS.includes(op)) throw new ShapeError(`unknown operation \`${name}\`; expected one of ${OPERATIONS.join(', ')}`);
    if (!isRecord(spec) || !Array.isArray(spec.requests)) throw new ShapeError(`${name} needs a list of requests`);
    only(name, spec, ['requests', ...extraKeys(op)]);
    const requests = spec.requests.map((r, i) => toRequest(`${name}.requests[${i}]`, r));
    const read: OperationSpec = { requests };
    if (spec.duplicate !== undefined) read.duplicate = toDuplicate(spec.duplicate);
    if (spec.paging !== undefined) read.paging = toPaging(spec.paging);
    operations[op] = read;
  }
  const timeouts = isRecord(raw.timeouts)
    ? { connectMs: num('timeouts.connectMs', raw.timeouts.connectMs), totalMs: num('timeouts.totalMs', raw.timeouts.totalMs) }
    : null;
  const retries = isRecord(raw.retries)
    ? {
        max: num('retries.max', raw.retries.max),
        backoffMs: num('retries.backoffMs', raw.retries.backoffMs),
        maxWaitMs: num('retries.maxWaitMs', raw.retries.maxWaitMs),
      }
    : null;
  const auth = isRecord(raw.auth) && typeof raw.auth.type === 'string' ? toAuth(raw.auth) : { type: 'none' as const };
  return {
    apiVersion: typeof raw.apiVersion === 'string' ? raw.apiVersion : API_VERSION,
    kind: 'http',
    headers: record('headers', raw.headers),
    timeouts,
    retries,
    auth,
    operations,
    unsupported: toUnsupported(raw.unsupported, operations),
    allowedOrigins,
  };
}

export function parseConnector(text: string): ParseResult {
  let raw: unknown;
  try {
    raw = YAML.parse(text);
  } catch (error) {
    return { kind: 'error', message: `Not valid YAML: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (!isRecord(raw)) return { kind: 'error', message: 'The definition must be a mapping (apiVersion, kind, operations…)' };
  if (raw.kind === 'exec') {
    return { kind: 'other', message: 'This is an exec connector (an external program); edit it as YAML.' };
  }
  if (raw.kind !== 'http') return { kind: 'error', message: "kind must be 'http' or 'exec'" };
  try {
    return { kind: 'http', def: toDef(raw) };
  } catch (error) {
    if (error instanceof ShapeError) return { kind: 'error', message: error.message };
    throw error;
  }
}

const nonEmpty = (r: Record<string, string>) => Object.keys(r).length > 0;

/** A request with only the keys that say something, in the order the docs use. */
export function cleanRequest(r: RequestSpec): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (r.name?.trim()) out.name = r.name.trim();
  if (r.when?.trim()) out.when = r.when.trim();
  out.method = r.method;
  out.path = r.path;
  if (nonEmpty(r.query)) out.query = r.query;
  if (nonEmpty(r.headers)) out.headers = r.headers;
  if (r.body) out.body = r.body;
  if (r.expect.length > 0) out.expect = r.expect;
  if (r.notFound !== null) out.notFound = r.notFound;
  if (nonEmpty(r.extract)) out.extract = r.extract;
  if (r.success.length > 0) out.success = r.success;
  if (r.errorMessage?.trim()) out.errorMessage = r.errorMessage.trim();
  return out;
}

export function cleanOperations(ops: HttpDef['operations']): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const op of OPERATIONS) {
    const spec = ops[op];
    if (!spec) continue;
    // `duplicate` and `paging` before the requests, as the presets write them.
    const written: Record<string, unknown> = {};
    if (spec.duplicate !== undefined) written.duplicate = spec.duplicate;
    if (spec.paging !== undefined) written.paging = spec.paging;
    written.requests = spec.requests.map(cleanRequest);
    out[op] = written;
  }
  return out;
}

const sameEntries = (a: Record<string, unknown>, b: Record<string, unknown>) =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(b).every(([k, v]) => a[k] === v);

/** The operations left out, in the usual order, without those now defined. */
export function cleanUnsupported(def: HttpDef): Record<string, string> {
  const out: Record<string, string> = {};
  for (const op of OPERATIONS) {
    const reason = def.unsupported[op];
    if (reason !== undefined && !def.operations[op]) out[op] = reason;
  }
  return out;
}

/**
 * Writes `def` into `previous` (when it parses), so the comments and layout of
 * the parts the form did not touch survive; otherwise a fresh document.
 */
export function serializeConnector(def: HttpDef, previous?: string | null): string {
  const doc = previous ? YAML.parseDocument(previous) : null;
  const target = doc && doc.errors.length === 0 && isRecord(doc.toJS()) ? doc : new YAML.Document({});
  target.set('apiVersion', def.apiVersion);
  target.set('kind', 'http');
  if (nonEmpty(def.headers)) target.set('headers', target.createNode(def.headers));
  else target.delete('headers');
  if (def.timeouts) target.set('timeouts', target.createNode(def.timeouts));
  else target.delete('timeouts');
  if (def.retries) target.set('retries', target.createNode(def.retries));
  else target.delete('retries');
  target.set('auth', target.createNode(cleanAuth(def.auth)));
  if (def.allowedOrigins.length) target.set('allowedOrigins', target.createNode(def.allowedOrigins));
  else target.delete('allowedOrigins');
  const unsupported = cleanUnsupported(def);
  // Unchanged reasons keep their comments and layout.
  const written = target.get('unsupported');
  const same = YAML.isMap(written) && sameEntries(written.toJSON() as Record<string, unknown>, unsupported);
  if (!nonEmpty(unsupported)) target.delete('unsupported');
  else if (!same) target.set('unsupported', target.createNode(unsupported));
  target.set('operations', target.createNode(cleanOperations(def.operations)));
  // Status lists read best on one line, as the docs and presets write them.
  YAML.visit(target, {
    Pair(_, pair) {
      if (YAML.isScalar(pair.key) && pair.key.value === 'expect' && YAML.isSeq(pair.value)) pair.value.flow = true;
    },
  });
  return target.toString({ lineWidth: 0, flowCollectionPadding: false });
}

export function emptyRequest(overrides: Partial<RequestSpec> = {}): RequestSpec {
  return {
    name: null,
    method: 'GET',
    path: '/',
    query: {},
    headers: {},
    body: null,
    expect: [],
    notFound: null,
    extract: {},
    success: [],
    errorMessage: null,
    ...overrides,
  };
}

/** "Start from scratch": the smallest connector the backend accepts. */
export function scratchConnector(): HttpDef {
  return {
    apiVersion: API_VERSION,
    kind: 'http',
    headers: { Accept: 'application/json' },
    timeouts: null,
    retries: null,
    auth: { type: 'none' },
    operations: { check: { requests: [emptyRequest({ name: 'health' })] } },
    unsupported: {},
    allowedOrigins: [],
  };
}

/** The scheme without its unset optional keys (`query: null`), as people write it. */
export function cleanAuth(auth: Auth): Record<string, unknown> {
  const set = (o: object) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));
  if (auth.type !== 'login') return set(auth);
  return set({ ...auth, request: cleanRequest(auth.request), token: set(auth.token) });
}

/** Whether two connectors send the same operations (e.g. still a preset's). */
export function sameOperations(a: HttpDef, b: HttpDef): boolean {
  return JSON.stringify(cleanOperations(a.operations)) === JSON.stringify(cleanOperations(b.operations));
}

/** The name of the secret an auth scheme reads, if it reads one. */
export function authSecret(auth: Auth): string | null {
  return 'secret' in auth ? auth.secret : null;
}

/**
 * Sets only `auth` and `timeouts` in the YAML text, keeping everything else
 * (operations, comments) exactly as written.
 */
export function withAuthAndTimeouts(text: string, auth: Auth, timeouts: { connectMs: number; totalMs: number }): string {
  const doc = YAML.parseDocument(text);
  if (doc.errors.length > 0) throw new Error(`The stored connector is not valid YAML: ${doc.errors[0].message}`);
  doc.set('auth', doc.createNode(cleanAuth(auth)));
  doc.set('timeouts', doc.createNode(timeouts));
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

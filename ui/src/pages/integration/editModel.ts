// The form's copy of the operations: text where the administrator types (a body
// may be half-written JSON, a status list half-typed), converted and checked on
// save or on switching to YAML, with problems keyed `<operation>.<request>.<input>`.
import type { Method } from '../../bindings/Method';
import type { Operation } from '../../bindings/Operation';
import type { RequestSpec } from '../../bindings/RequestSpec';
import { OPERATIONS, type HttpDef } from './model';
import { fromEditRules, statusProblem, toEditRule, type EditSuccessRule } from './successModel';

export interface Pair {
  key: string;
  value: string;
}

export type BodyKind = 'none' | 'json' | 'form';

export interface EditRequest {
  name: string;
  method: Method;
  path: string;
  query: Pair[];
  headers: Pair[];
  bodyKind: BodyKind;
  bodyText: string;
  form: Pair[];
  expectText: string;
  notFoundText: string;
  extract: Pair[];
  /** Conditions on the response body (`success`), in the order written. */
  success: EditSuccessRule[];
  errorMessage: string;
  /** The request's `when` condition: sent only when true ('' = always). */
  when: string;
}

export type EditOperations = Partial<Record<Operation, EditRequest[]>>;

const toPairs = (r: Record<string, string>): Pair[] => Object.entries(r).map(([key, value]) => ({ key, value }));

export function toEditRequest(r: RequestSpec): EditRequest {
  const body = r.body;
  return {
    name: r.name ?? '',
    method: r.method,
    path: r.path,
    query: toPairs(r.query),
    headers: toPairs(r.headers),
    bodyKind: body === null ? 'none' : 'json' in body ? 'json' : 'form',
    bodyText: body !== null && 'json' in body ? JSON.stringify(body.json, null, 2) : '',
    form: body !== null && 'form' in body ? toPairs(body.form) : [],
    expectText: r.expect.join(', '),
    notFoundText: r.notFound === null ? '' : String(r.notFound),
    extract: toPairs(r.extract),
    success: r.success.map(toEditRule),
    errorMessage: r.errorMessage ?? '',
    when: r.when ?? '',
  };
}

export function toEditOperations(def: HttpDef): EditOperations {
  const out: EditOperations = {};
  for (const op of OPERATIONS) {
    const spec = def.operations[op];
    if (spec) out[op] = spec.requests.map(toEditRequest);
  }
  return out;
}

export function newEditRequest(overrides: Partial<EditRequest> = {}): EditRequest {
  return {
    name: '',
    method: 'GET',
    path: '/',
    query: [],
    headers: [],
    bodyKind: 'none',
    bodyText: '',
    form: [],
    expectText: '',
    notFoundText: '',
    extract: [],
    success: [],
    errorMessage: '',
    when: '',
    ...overrides,
  };
}

/** Problems of one group of rows (`headers.0.key` → `0.key`). */
export function errorsUnder(errors: Record<string, string>, prefix: string): Record<string, string> {
  return Object.fromEntries(
    Object.entries(errors)
      .filter(([k]) => k.startsWith(`${prefix}.`))
      .map(([k, v]) => [k.slice(prefix.length + 1), v]),
  );
}

/** "200, 201" → [200, 201]; null when a part is not an HTTP status. */
export function parseStatuses(text: string): number[] | null {
  const parts = text.split(/[,\s]+/).filter((p) => p !== '');
  const statuses = parts.map((p) => (/^\d{3}$/.test(p) ? Number(p) : NaN));
  return statuses.every((s) => s >= 100 && s <= 599) ? statuses : null;
}

export function fromPairs(pairs: Pair[], at: string, what: string, errors: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  pairs.forEach((p, i) => {
    const key = p.key.trim();
    if (key === '' && p.value === '') return;
    if (key === '') errors[`${at}.${i}.key`] = `Enter the ${what} name`;
    else if (key in out) errors[`${at}.${i}.key`] = `${key} is listed twice`;
    else out[key] = p.value;
  });
  return out;
}

export function fromEditRequest(r: EditRequest, at: string, errors: Record<string, string>): RequestSpec {
  let body: RequestSpec['body'] = null;
  if (r.bodyKind === 'json') {
    try {
      body = { json: JSON.parse(r.bodyText) as unknown };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      errors[`${at}.body`] = `The body is not valid JSON: ${reason}. Templates go inside strings: "{{ tenant.name }}".`;
    }
  } else if (r.bodyKind === 'form') {
    body = { form: fromPairs(r.form, `${at}.form`, 'form field', errors) };
  }
  const expectProblem = statusProblem(r.expectText);
  if (expectProblem) errors[`${at}.expect`] = expectProblem;
  const notFoundProblem = statusProblem(r.notFoundText, true);
  if (notFoundProblem) errors[`${at}.notFound`] = notFoundProblem;
  const expect = expectProblem ? [] : (parseStatuses(r.expectText) ?? []);
  const notFound = notFoundProblem ? [] : (parseStatuses(r.notFoundText) ?? []);
  if (r.path.trim() === '') errors[`${at}.path`] = 'Enter a path such as / or /api/health';
  return {
    name: r.name.trim() === '' ? null : r.name.trim(),
    method: r.method,
    path: r.path.trim(),
    query: fromPairs(r.query, `${at}.query`, 'query parameter', errors),
    headers: fromPairs(r.headers, `${at}.headers`, 'header', errors),
    body,
    expect,
    notFound: notFound[0] ?? null,
    extract: fromPairs(r.extract, `${at}.extract`, 'output', errors),
    success: fromEditRules(r.success, `${at}.success`, errors),
    errorMessage: r.errorMessage.trim() === '' ? null : r.errorMessage.trim(),
    ...(r.when.trim() === '' ? {} : { when: r.when.trim() }),
  };
}

export type Converted = { ok: true; def: HttpDef } | { ok: false; errors: Record<string, string>; first: Operation };

/** The definition with the form's operations, or every problem found. */
export function fromEditOperations(base: HttpDef, ops: EditOperations): Converted {
  const errors: Record<string, string> = {};
  const operations: HttpDef['operations'] = {};
  let first: Operation | null = null;
  for (const op of OPERATIONS) {
    const requests = ops[op];
    if (!requests) continue;
    const before = Object.keys(errors).length;
    // What the form does not edit (create_tenant's `duplicate`, list_tenants' `paging`) is kept as it was.
    operations[op] = {
      ...base.operations[op],
      requests: requests.map((r, i) => fromEditRequest(r, `${op}.${i}`, errors)),
    };
    if (first === null && Object.keys(errors).length > before) first = op;
  }
  return first === null ? { ok: true, def: { ...base, operations } } : { ok: false, errors, first };
}

/** Per operation, per request: the output names it extracts (for `outputs.*`). */
export function extractNames(ops: EditOperations): Partial<Record<Operation, string[][]>> {
  const out: Partial<Record<Operation, string[][]>> = {};
  for (const [op, requests] of Object.entries(ops) as [Operation, EditRequest[]][]) {
    out[op] = requests.map((r) => r.extract.map((p) => p.key.trim()).filter((k) => k !== ''));
  }
  return out;
}

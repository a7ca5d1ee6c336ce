// Turning picked OpenAPI endpoints into connector requests.
import type { OpenApiEndpoint } from '../../bindings/OpenApiEndpoint';
import type { Operation } from '../../bindings/Operation';
import { newEditRequest, type EditRequest } from './editModel';

const TENANT_OPS: ReadonlySet<Operation> = new Set(['create_tenant', 'get_tenant', 'delete_tenant', 'list_users']);
const USER_OPS: ReadonlySet<Operation> = new Set(['add_user', 'remove_user']);
const QUOTA_OPS: ReadonlySet<Operation> = new Set(['set_quota', 'get_quota', 'probe_quota']);

export interface ConvertedPath {
  path: string;
  /** Parameters left as `{{ name }}`: nothing provides them until someone decides. */
  review: string[];
}

/** Which parameter (by index) an operation's own value goes into, or -1. */
function mappedIndex(operation: Operation, params: string[]): number {
  if (params.length === 0) return -1;
  if (TENANT_OPS.has(operation)) return 0;
  if (USER_OPS.has(operation)) return params.length - 1;
  if (QUOTA_OPS.has(operation)) {
    const key = params.findIndex((p) => /key/i.test(p));
    return key >= 0 ? key : params.findIndex((p) => /quota|resource|limit/i.test(p));
  }
  return -1;
}

const VALUE: Partial<Record<Operation, string>> = {};
for (const op of TENANT_OPS) VALUE[op] = '{{ tenant.name | path }}';
for (const op of USER_OPS) VALUE[op] = '{{ user.name | path }}';
for (const op of QUOTA_OPS) VALUE[op] = '{{ quota.key | path }}';

/**
 * `/tenants/{id}/users/{user}` → `/tenants/{{ id }}/users/{{ user.name | path }}`
 * for add_user: the operation's own value goes into its parameter, the others
 * stay as their names for review (strict templates make a forgotten one an error
 * that names it, never an empty path segment).
 */
export function convertOpenApiPath(path: string, operation: Operation): ConvertedPath {
  const params = [...path.matchAll(/\{([^{}]+)\}/g)].map((m) => m[1]);
  const mapped = mappedIndex(operation, params);
  const review: string[] = [];
  let index = 0;
  const converted = path.replace(/\{([^{}]+)\}/g, (_, name: string) => {
    const i = index++;
    if (i === mapped) return VALUE[operation] as string;
    review.push(name);
    return `{{ ${name} }}`;
  });
  return { path: converted, review };
}

export interface ImportChoice {
  endpoint: OpenApiEndpoint;
  operation: Operation;
}

export interface ImportResult {
  operations: Partial<Record<Operation, EditRequest[]>>;
  /** One line per imported endpoint, for the summary. */
  lines: string[];
  /** Parameters to review, as "get_tenant: id". */
  review: string[];
}

/** One request per chosen endpoint; endpoints mapped to the same operation run in order. */
export function importEndpoints(choices: readonly ImportChoice[]): ImportResult {
  const result: ImportResult = { operations: {}, lines: [], review: [] };
  for (const { endpoint, operation } of choices) {
    const { path, review } = convertOpenApiPath(endpoint.path, operation);
    const body = endpoint.bodyExample;
    const request = newEditRequest({
      name: endpoint.summary || endpoint.operationId || '',
      method: endpoint.method,
      path,
      bodyKind: body === null || body === undefined ? 'none' : 'json',
      bodyText: body === null || body === undefined ? '' : JSON.stringify(body, null, 2),
      notFoundText: operation === 'get_tenant' ? '404' : '',
    });
    (result.operations[operation] ??= []).push(request);
    result.lines.push(`${operation}: ${endpoint.method} ${endpoint.path}`);
    result.review.push(...review.map((name) => `${operation}: {{ ${name} }}`));
  }
  return result;
}

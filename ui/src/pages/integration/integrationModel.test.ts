import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { CompletionContext, type CompletionResult } from '@codemirror/autocomplete';
import { EditorState } from '@codemirror/state';
import { OPENSTACK_KEYSTONE as OPENSTACK, PRESETS } from '../../test/fakeIntegration';
import { customType } from '../../test/fixtures';
import { fromEditOperations, parseStatuses, toEditOperations } from './editModel';
import { parseConnector, scratchConnector, serializeConnector, withAuthAndTimeouts, type HttpDef } from './model';
import { convertOpenApiPath, importEndpoints } from './openapi';
import { equalsText, equalsValue, fromEditRules, statusProblem, toEditRule } from './successModel';
import { templateCompletionSource, templateVariables } from './templateVars';
import { buildValues, neededValues } from './TryItPanel';

function httpDef(text: string): HttpDef {
  const parsed = parseConnector(text);
  if (parsed.kind !== 'http') throw new Error(`not http: ${JSON.stringify(parsed)}`);
  return parsed.def;
}

describe('connector model', () => {
  it.each(PRESETS.filter((p) => p.id !== 'postgresql').map((p) => [p.id, p.definition]))('reads HTTP preset %s and writes it back unchanged in meaning', (_, text) => {
    const def = httpDef(text);
    const back = fromEditOperations(def, toEditOperations(def));
    if (!back.ok) throw new Error(JSON.stringify(back.errors));
    const written = serializeConnector(back.def, text);
    expect(YAML.parse(written)).toEqual(YAML.parse(text));
    // Comments outside the rewritten operations survive.
    expect(written.split('\n')[0]).toBe(text.split('\n')[0]);
  });

  it('keeps a request\'s when condition through the form and back', () => {
    const text = `apiVersion: platformbuilder.dev/connector/v1
kind: http
auth: {type: none}
operations:
  check:
    requests:
      - {method: GET, path: /health}
  remove_user:
    requests:
      - name: deactivate the user
        when: fields.deprovision == 'deactivate'
        method: PATCH
        path: /Users/x
      - {method: DELETE, path: /Users/x}
`;
    const def = httpDef(text);
    expect(def.operations.remove_user?.requests[0].when).toBe("fields.deprovision == 'deactivate'");
    const edit = toEditOperations(def);
    expect(edit.remove_user?.[0].when).toBe("fields.deprovision == 'deactivate'");
    const back = fromEditOperations(def, edit);
    if (!back.ok) throw new Error(JSON.stringify(back.errors));
    expect(YAML.parse(serializeConnector(back.def, text))).toEqual(YAML.parse(text));
    expect(parseConnector(text.replace("when: fields.deprovision == 'deactivate'", 'when: 3'))).toMatchObject({ kind: 'error' });
  });

  it("keeps create_tenant's duplicate declaration through the form and back", () => {
    const text = `apiVersion: platformbuilder.dev/connector/v1
kind: http
auth: {type: none}
operations:
  check:
    requests:
      - {method: GET, path: /health}
  create_tenant:
    duplicate: {conflict: 409}
    requests:
      - {method: POST, path: /tenants, expect: [201]}
`;
    const def = httpDef(text);
    expect(def.operations.create_tenant?.duplicate).toEqual({ conflict: 409 });
    const back = fromEditOperations(def, toEditOperations(def));
    if (!back.ok) throw new Error(JSON.stringify(back.errors));
    expect(YAML.parse(serializeConnector(back.def, text))).toEqual(YAML.parse(text));
    const adopt = httpDef(text.replace('{conflict: 409}', 'adopt'));
    expect(adopt.operations.create_tenant?.duplicate).toBe('adopt');
  });

  it('reads the OpenStack preset, with its unsupported operation, and writes it back', () => {
    const def = httpDef(OPENSTACK);
    expect(def.unsupported).toEqual({ probe_quota: 'Keystone stores limits; the services (Nova, Cinder) enforce them' });
    expect(def.auth.type).toBe('login');
    const back = fromEditOperations(def, toEditOperations(def));
    if (!back.ok) throw new Error(JSON.stringify(back.errors));
    const written = serializeConnector(back.def, OPENSTACK);
    expect(YAML.parse(written)).toEqual(YAML.parse(OPENSTACK));
    expect(written.split('\n')[0]).toBe(OPENSTACK.split('\n')[0]);
    expect(httpDef(written)).toEqual(def);
  });

  it('keeps unsupported operations, drops one once defined, and omits the key when empty', () => {
    const http = [
      'apiVersion: platformbuilder.dev/connector/v1',
      'kind: http',
      'auth: {type: none}',
      'unsupported:',
      '  probe_quota: quotas are advisory # the platform never refuses',
      '  set_quota: read-only API',
      'operations:',
      '  check: {requests: [{method: GET, path: /}]}',
      '',
    ].join('\n');
    expect(parseConnector(http).kind).toBe('http');
    const def = httpDef(http);
    expect(def.unsupported).toEqual({ probe_quota: 'quotas are advisory', set_quota: 'read-only API' });
    // Unchanged, it stays as written, comment included.
    expect(serializeConnector(def, http)).toContain('# the platform never refuses');
    // Defining set_quota takes it off the list (Rust refuses an operation in both).
    const withQuota = { ...def, operations: { ...def.operations, set_quota: def.operations.check! } };
    expect(YAML.parse(serializeConnector(withQuota, http)).unsupported).toEqual({ probe_quota: 'quotas are advisory' });
    // With nothing left out, no `unsupported` key at all.
    expect(YAML.parse(serializeConnector({ ...def, unsupported: {} }, http))).not.toHaveProperty('unsupported');
    expect(YAML.parse(serializeConnector(scratchConnector()))).not.toHaveProperty('unsupported');
  });

  it('reports unsupported lists Rust would refuse', () => {
    const base = 'apiVersion: platformbuilder.dev/connector/v1\nkind: http\noperations:\n  check: {requests: [{method: GET, path: /}]}\n';
    expect(parseConnector(`${base}unsupported: [probe_quota]\n`)).toEqual({ kind: 'error', message: expect.stringContaining('unsupported must be a mapping') });
    expect(parseConnector(`${base}unsupported: {probe: x}\n`)).toEqual({ kind: 'error', message: expect.stringContaining('unknown operation `probe`') });
    expect(parseConnector(`${base}unsupported: {probe_quota: {why: x}}\n`)).toEqual({ kind: 'error', message: expect.stringContaining('unsupported.probe_quota must be text') });
    expect(parseConnector(`${base}unsupported: {check: x}\n`)).toEqual({
      kind: 'error',
      message: 'operation check is both defined and listed as unsupported',
    });
  });

  it('reports what the form cannot read, with where it is', () => {
    const base = 'apiVersion: platformbuilder.dev/connector/v1\nkind: http\n';
    expect(parseConnector(`${base}operations:\n  check:\n    requests:\n      - method: GET\n        path: /\n        bdy: {}\n`)).toEqual({
      kind: 'error',
      message: expect.stringContaining('check.requests[0]: unknown key `bdy`'),
    });
    expect(parseConnector(`${base}operations:\n  chek: {requests: []}\n`).kind).toBe('error');
    expect(parseConnector('kind: [').kind).toBe('error');
    expect(parseConnector('apiVersion: x\nkind: exec\ncommand: [a]\noperations: [check]\n').kind).toBe('other');
  });

  it('starts from scratch with only GET / as check', () => {
    const parsed = YAML.parse(serializeConnector(scratchConnector()));
    expect(parsed).toEqual({
      apiVersion: 'platformbuilder.dev/connector/v1',
      kind: 'http',
      headers: { Accept: 'application/json' },
      auth: { type: 'none' },
      operations: { check: { requests: [{ name: 'health', method: 'GET', path: '/' }] } },
    });
  });

  it('changes only auth and timeouts, keeping comments', () => {
    const text = PRESETS[0].definition;
    const out = withAuthAndTimeouts(text, { type: 'bearer', secret: 'token' }, { connectMs: 1000, totalMs: 2000 });
    expect(out).toContain('# Generic REST preset');
    const parsed = YAML.parse(out);
    expect(parsed.auth).toEqual({ type: 'bearer', secret: 'token' });
    expect(parsed.timeouts).toEqual({ connectMs: 1000, totalMs: 2000 });
    expect(parsed.operations).toEqual(YAML.parse(text).operations);
  });

  it('reads status lists', () => {
    expect(parseStatuses('200, 201')).toEqual([200, 201]);
    expect(parseStatuses('')).toEqual([]);
    expect(parseStatuses('200, abc')).toBeNull();
    expect(parseStatuses('99')).toBeNull();
  });

  it('names the bad part of a status list, and explains that ranges are not statuses', () => {
    expect(statusProblem('')).toBeNull();
    expect(statusProblem('200, 201 204')).toBeNull();
    expect(statusProblem('200, 2000')).toMatch(/^2000 is not an HTTP status/);
    expect(statusProblem('99')).toMatch(/^99 is not an HTTP status/);
    expect(statusProblem('2xx')).toMatch(/^2xx is a range; list each status .* or leave the field empty for any 2xx/);
    expect(statusProblem('200-204')).toMatch(/^200-204 is a range/);
    expect(statusProblem('404', true)).toBeNull();
    expect(statusProblem('404, 410', true)).toBe('Enter one status, e.g. 404: a request has one not-found status');
  });

  it('reads back every value a condition compares with, text staying text', () => {
    for (const value of ['ok', 'true', '42', '', ' 7 ', '"quoted"', '{{ quota.value }}', true, 42, null, [1, 'a'], { a: 1 }]) {
      expect(equalsValue(equalsText(value))).toEqual(value);
    }
    expect(equalsText('ok')).toBe('ok');
    expect(equalsText('42')).toBe('"42"');
    const errors: Record<string, string> = {};
    const rules = [toEditRule({ pointer: '/status', equals: 'ok' }), { pointer: '', equalsText: '' }, { pointer: 'state', equalsText: 'on' }];
    expect(fromEditRules(rules, 'check.0.success', errors)).toEqual([
      { pointer: '/status', equals: 'ok' },
      { pointer: 'state', equals: 'on' },
    ]);
    expect(errors).toEqual({ 'check.0.success.2.pointer': 'A JSON Pointer starts with /, e.g. /state' });
  });

  it('marks a body that is not JSON and a bad status under their inputs', () => {
    const def = httpDef(PRESETS[0].definition);
    const ops = toEditOperations(def);
    ops.create_tenant![0] = { ...ops.create_tenant![0], bodyText: '{"name": ', expectText: '20x' };
    const result = fromEditOperations(def, ops);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.first).toBe('create_tenant');
    expect(Object.keys(result.errors).sort()).toEqual(['create_tenant.0.body', 'create_tenant.0.expect']);
  });
});

describe('template completion', () => {
  const type = customType({
    customFields: [
      { key: 'region', label: 'Region', help: '', kind: 'text', required: true, default: null, pattern: null, min: null, max: null, options: [] },
      { key: 'adminToken', label: 'Admin token', help: '', kind: 'secret', required: false, default: null, pattern: null, min: null, max: null, options: [] },
    ],
  });
  const vars = templateVariables({
    customFields: type.customFields,
    authSecret: 'api_key',
    extracts: { create_tenant: [['tenant_id']], check: [['identity'], []] },
    operation: 'check',
    requestIndex: 1,
  });

  function complete(doc: string, explicit = false): CompletionResult | null {
    const state = EditorState.create({ doc });
    const result = templateCompletionSource(vars)(new CompletionContext(state, doc.length, explicit));
    return result instanceof Promise ? null : result;
  }

  it('offers fields.<key> of the custom fields, outputs and the auth secret after {{', () => {
    const result = complete('{"region": "{{ fie');
    expect(result).not.toBeNull();
    const labels = result!.options.map((o) => o.label);
    expect(labels).toContain('fields.region');
    expect(labels).toContain('secrets.adminToken');
    expect(labels).not.toContain('fields.adminToken');
    expect(labels).toEqual(expect.arrayContaining(['tenant.name', 'user.role', 'quota.key', 'instance.environment', 'platform.location']));
    expect(labels).toEqual(expect.arrayContaining(['outputs.identity', 'outputs.tenant_id', 'secrets.api_key']));
    // Completion replaces what was typed after "{{ " and closes the expression.
    expect(result!.from).toBe('{"region": "{{ '.length);
    expect(result!.options.find((o) => o.label === 'fields.region')!.apply).toBe('fields.region }}');
  });

  it('adds the space and leaves an existing }} alone', () => {
    const state = EditorState.create({ doc: '/t/{{}}' });
    const result = templateCompletionSource(vars)(new CompletionContext(state, 5, false)) as CompletionResult;
    expect(result.options.find((o) => o.label === 'tenant.name')!.apply).toBe(' tenant.name');
  });

  it('offers nothing outside a template', () => {
    expect(complete('{"region": "eu')).toBeNull();
    expect(complete('{{ tenant.name }} and')).toBeNull();
  });
});

describe('OpenAPI paths', () => {
  it('puts the operation value into its parameter and flags the others', () => {
    expect(convertOpenApiPath('/tenants/{id}', 'get_tenant')).toEqual({ path: '/tenants/{{ tenant.name | path }}', review: [] });
    expect(convertOpenApiPath('/tenants', 'create_tenant')).toEqual({ path: '/tenants', review: [] });
    expect(convertOpenApiPath('/tenants/{tid}/users/{uid}', 'add_user')).toEqual({
      path: '/tenants/{{ tid }}/users/{{ user.name | path }}',
      review: ['tid'],
    });
    expect(convertOpenApiPath('/t/{tenant}/quotas/{quotaKey}', 'set_quota')).toEqual({
      path: '/t/{{ tenant }}/quotas/{{ quota.key | path }}',
      review: ['tenant'],
    });
    expect(convertOpenApiPath('/orgs/{org}/status', 'check')).toEqual({ path: '/orgs/{{ org }}/status', review: ['org'] });
  });

  it('builds one request per endpoint, with the body example and 404 for get_tenant', () => {
    const result = importEndpoints([
      {
        operation: 'create_tenant',
        endpoint: { method: 'POST', path: '/tenants', summary: 'Create', operationId: null, suggestedOperation: 'create_tenant', bodyExample: { name: 'x' } },
      },
      {
        operation: 'get_tenant',
        endpoint: { method: 'GET', path: '/tenants/{id}', summary: '', operationId: 'getTenant', suggestedOperation: 'get_tenant', bodyExample: null },
      },
    ]);
    expect(result.operations.create_tenant![0]).toMatchObject({ method: 'POST', path: '/tenants', name: 'Create', bodyKind: 'json', bodyText: '{\n  "name": "x"\n}' });
    expect(result.operations.get_tenant![0]).toMatchObject({ name: 'getTenant', bodyKind: 'none', notFoundText: '404' });
    expect(result.lines).toEqual(['create_tenant: POST /tenants', 'get_tenant: GET /tenants/{id}']);
  });
});

describe('Try it values', () => {
  it('asks only for what the templates read, and not for outputs produced inside the operation', () => {
    const def = httpDef(PRESETS[0].definition);
    const needed = neededValues(def.operations.add_user!);
    expect([...needed.groups].sort()).toEqual(['user']);
    expect(needed.outputs).toEqual(['tenant_id']);
    expect(neededValues(def.operations.check!).outputs).toEqual([]);
    const values = buildValues(
      { tenantName: 't', tenantDescription: 'd', userName: 'ada', userEmail: 'a@x', userRole: 'admin', quotaKey: 'cpu', quotaValue: '4', outputs: { tenant_id: '42' } },
      needed,
    );
    expect(values).toEqual({ user: { name: 'ada', email: 'a@x', role: 'admin' }, outputs: { tenant_id: '42' } });
  });
});

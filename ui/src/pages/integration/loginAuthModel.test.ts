import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { checkAuthForm, fromAuthForm, toAuthForm, type AuthForm, type LoginAuth } from './authModel';
import { carriesToken, DEFAULT_LOGIN, loginUsesSecret } from './loginAuthModel';
import { parseConnector, withAuthAndTimeouts } from './model';

const KEYSTONE: LoginAuth = {
  type: 'login',
  secret: 'os_password',
  request: {
    name: 'keystone login',
    method: 'POST',
    path: '/v3/auth/tokens',
    query: { nocatalog: 'true' },
    headers: { 'X-Trace': '{{ instance.name }}' },
    body: {
      json: {
        auth: {
          identity: {
            methods: ['password'],
            password: { user: { name: '{{ fields.username }}', password: '{{ secrets.os_password }}' } },
          },
        },
      },
    },
    expect: [201],
    notFound: null,
    extract: {},
    success: [],
    errorMessage: '/error/message',
  },
  token: { header: 'X-Subject-Token', pointer: null },
  expiresAt: '/token/expires_at',
  lifetimeSeconds: BigInt(1800),
  send: { 'X-Auth-Token': '{{ token }}' },
};

const login = (patch: Partial<AuthForm> = {}): AuthForm => ({ ...toAuthForm(KEYSTONE), ...patch });

describe('login auth in the form', () => {
  it('round-trips every login value through the flat form', () => {
    const form = toAuthForm(KEYSTONE);
    expect(form).toMatchObject({
      type: 'login',
      secret: 'os_password',
      loginMethod: 'POST',
      loginPath: '/v3/auth/tokens',
      loginBodyKind: 'json',
      loginExpectText: '201',
      loginErrorMessage: '/error/message',
      tokenFrom: 'header',
      tokenHeader: 'X-Subject-Token',
      expiresAt: '/token/expires_at',
      lifetimeText: '1800',
      send: [{ key: 'X-Auth-Token', value: '{{ token }}' }],
    });
    expect(checkAuthForm(form)).toEqual({});
    expect(fromAuthForm(form)).toEqual(KEYSTONE);
  });

  it('round-trips a form body and a token taken from the body', () => {
    const rancher: LoginAuth = {
      ...KEYSTONE,
      request: { ...KEYSTONE.request, method: 'PUT', body: { form: { username: 'admin', password: '{{ secrets.os_password }}' } }, expect: [] },
      token: { header: null, pointer: 'token' },
      expiresAt: null,
      lifetimeSeconds: null,
      send: { Authorization: 'Bearer {{ token }}', Accept: 'application/json' },
    };
    const form = toAuthForm(rancher);
    expect(form.tokenFrom).toBe('pointer');
    expect(form.loginBodyKind).toBe('form');
    expect(fromAuthForm(form)).toEqual(rancher);
  });

  it('survives a save to YAML and a parse back, as Rust reads it', () => {
    const text = withAuthAndTimeouts('apiVersion: platformbuilder.dev/connector/v1\nkind: http\noperations: {}\n', KEYSTONE, {
      connectMs: 5000,
      totalMs: 30000,
    });
    const written = YAML.parse(text) as { auth: Record<string, unknown> };
    // No null keys nor empty mappings: as people write it.
    expect(written.auth.token).toEqual({ header: 'X-Subject-Token' });
    expect(written.auth.lifetimeSeconds).toBe(1800);
    expect(Object.keys(written.auth.request as object)).not.toContain('notFound');
    const parsed = parseConnector(text);
    expect(parsed.kind === 'http' && parsed.def.auth).toEqual(KEYSTONE);
  });

  it('keeps the login values while another scheme is chosen, without blocking it', () => {
    const asBearer: AuthForm = { ...login({ loginPath: '/v2/login', tokenFrom: '' }), type: 'bearer' };
    expect(checkAuthForm(asBearer)).toEqual({});
    expect(fromAuthForm(asBearer)).toEqual({ type: 'bearer', secret: 'os_password' });
    const back = fromAuthForm({ ...asBearer, type: 'login', tokenFrom: 'header' });
    expect(back).toEqual({ ...KEYSTONE, request: { ...KEYSTONE.request, path: '/v2/login' } });
  });

  it.each<[string, Partial<AuthForm>, string, string]>([
    ['an empty path', { loginPath: ' ' }, 'loginPath', 'Enter the login path'],
    ['invalid JSON', { loginBodyText: '{"user": {{ fields.username }}}' }, 'loginBody', 'The login body is not valid JSON'],
    ['a form field without a name', { loginBodyKind: 'form', loginForm: [{ key: '', value: 'x' }] }, 'loginForm.0.key', 'Enter the form field name'],
    ['a status that is not one', { loginExpectText: '201, ok' }, 'loginExpect', 'Enter HTTP statuses separated by commas'],
    ['no token source', { tokenFrom: '' }, 'tokenFrom', 'Choose where the token comes from'],
    ['an empty token header', { tokenHeader: '' }, 'tokenHeader', 'Enter the response header that carries the token'],
    ['an empty token pointer', { tokenFrom: 'pointer', tokenPointer: '' }, 'tokenPointer', 'Enter the JSON Pointer or JMESPath to the token'],
    ['a lifetime of 0', { lifetimeText: '0' }, 'lifetimeSeconds', 'Enter a whole number of seconds above 0'],
    ['a fractional lifetime', { lifetimeText: '1.5' }, 'lifetimeSeconds', 'Enter a whole number of seconds above 0'],
    ['no token header to send', { send: [] }, 'send', 'At least one header must carry {{ token }}, e.g. X-Auth-Token: {{ token }}'],
    ['send headers without the token', { send: [{ key: 'X-Auth-Token', value: 'static' }] }, 'send', 'At least one header must carry {{ token }}'],
    ['a send header listed twice', { send: [{ key: 'A', value: '{{ token }}' }, { key: 'A', value: 'b' }] }, 'send.1.key', 'A is listed twice'],
  ])('names %s under its input', (_, patch, key, message) => {
    const errors = checkAuthForm(login(patch));
    expect(errors[key]).toContain(message);
    expect(Object.keys(errors)).toEqual([key]);
  });

  it('refuses a stored token source with both a header and a pointer (as Rust does)', () => {
    const form = toAuthForm({ ...KEYSTONE, token: { header: 'X-Subject-Token', pointer: '/token' } });
    expect(form.tokenFrom).toBe('');
    expect(checkAuthForm(form)).toEqual({ tokenFrom: 'Choose where the token comes from' });
  });

  it('recognises the token and the credential in templates', () => {
    expect(carriesToken('Bearer {{ token }}')).toBe(true);
    expect(carriesToken('{{token|trim}}')).toBe(true);
    expect(carriesToken('{{ tokens }}')).toBe(false);
    const fields = toAuthForm(DEFAULT_LOGIN);
    expect(loginUsesSecret(fields, 'password')).toBe(true);
    expect(loginUsesSecret(fields, 'api_key')).toBe(false);
  });
});

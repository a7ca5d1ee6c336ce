// The session-login scheme (`auth: {type: login}`) as the form holds it: text where
// the administrator types (a half-written JSON body, a status list), converted and
// checked on save with the same rules Rust applies, problems keyed by input.
import type { Auth } from '../../bindings/Auth';
import type { Method } from '../../bindings/Method';
import type { RequestSpec } from '../../bindings/RequestSpec';
import { fromPairs, parseStatuses, type BodyKind, type Pair } from './editModel';

export type LoginAuth = Extract<Auth, { type: 'login' }>;

/** Where the login response carries the token; '' when the connector says neither (or both). */
export type TokenFrom = 'header' | 'pointer' | '';

/** The methods a login request usually uses; a stored other one is offered too. */
export const LOGIN_METHODS: readonly Method[] = ['POST', 'GET', 'PUT'];

/** The login request's parts the form does not show, kept as they are. */
type KeptRequest = Pick<RequestSpec, 'name' | 'query' | 'notFound' | 'extract' | 'success'>;

export interface LoginFields {
  loginMethod: Method;
  loginPath: string;
  loginHeaders: Pair[];
  loginBodyKind: BodyKind;
  loginBodyText: string;
  loginForm: Pair[];
  loginExpectText: string;
  loginErrorMessage: string;
  loginKept: KeptRequest;
  tokenFrom: TokenFrom;
  tokenHeader: string;
  tokenPointer: string;
  expiresAt: string;
  lifetimeText: string;
  /** Headers that carry the token: name → template with `{{ token }}`. */
  send: Pair[];
}

/** A login to start from: a JSON login whose token comes back in a header (as Keystone does). */
export const DEFAULT_LOGIN: LoginAuth = {
  type: 'login',
  secret: 'password',
  request: {
    name: null,
    method: 'POST',
    path: '/login',
    query: {},
    headers: {},
    body: { json: { username: '{{ fields.username }}', password: '{{ secrets.password }}' } },
    expect: [],
    notFound: null,
    extract: {},
    success: [],
    errorMessage: null,
  },
  token: { header: 'X-Subject-Token', pointer: null },
  expiresAt: null,
  lifetimeSeconds: null,
  send: { 'X-Auth-Token': '{{ token }}' },
};

const toPairs = (r: Record<string, string>): Pair[] => Object.entries(r).map(([key, value]) => ({ key, value }));

export function toLoginFields(auth: LoginAuth): LoginFields {
  const { request: r, token } = auth;
  const body = r.body;
  const hasHeader = token.header !== null && token.header !== undefined;
  const hasPointer = token.pointer !== null && token.pointer !== undefined;
  return {
    loginMethod: r.method,
    loginPath: r.path,
    loginHeaders: toPairs(r.headers),
    loginBodyKind: body === null ? 'none' : 'json' in body ? 'json' : 'form',
    loginBodyText: body !== null && 'json' in body ? JSON.stringify(body.json, null, 2) : '',
    loginForm: body !== null && 'form' in body ? toPairs(body.form) : [],
    loginExpectText: r.expect.join(', '),
    loginErrorMessage: r.errorMessage ?? '',
    loginKept: { name: r.name, query: r.query, notFound: r.notFound, extract: r.extract, success: r.success },
    tokenFrom: hasHeader === hasPointer ? '' : hasHeader ? 'header' : 'pointer',
    tokenHeader: token.header ?? '',
    tokenPointer: token.pointer ?? '',
    expiresAt: auth.expiresAt ?? '',
    lifetimeText: auth.lifetimeSeconds === null || auth.lifetimeSeconds === undefined ? '' : String(auth.lifetimeSeconds),
    send: toPairs(auth.send),
  };
}

/** A template that uses the token, e.g. `Bearer {{ token }}` (Rust only looks for the word). */
export function carriesToken(template: string): boolean {
  return /\{\{[^}]*\btoken\b/.test(template);
}

export const SEND_NEEDS_TOKEN = 'At least one header must carry {{ token }}, e.g. X-Auth-Token: {{ token }}';

/**
 * The scheme the form describes, with `secret` as its secret name. Problems are
 * added to `errors` (keys `loginPath`, `loginBody`, `loginForm.0.key`, `tokenFrom`,
 * `send`…); the result is only meant to be saved when none were found.
 */
export function fromLoginFields(form: LoginFields, secret: string, errors: Record<string, string>): LoginAuth {
  let body: RequestSpec['body'] = null;
  if (form.loginBodyKind === 'json') {
    try {
      body = { json: JSON.parse(form.loginBodyText) as unknown };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      errors.loginBody = `The login body is not valid JSON: ${reason}. Templates go inside strings: "{{ secrets.${secret} }}".`;
    }
  } else if (form.loginBodyKind === 'form') {
    body = { form: fromPairs(form.loginForm, 'loginForm', 'form field', errors) };
  }
  if (form.loginPath.trim() === '') errors.loginPath = 'Enter the login path, e.g. /v3/auth/tokens';
  const expect = parseStatuses(form.loginExpectText);
  if (expect === null) errors.loginExpect = 'Enter HTTP statuses separated by commas, e.g. 200, 201';

  const header = form.tokenHeader.trim();
  const pointer = form.tokenPointer.trim();
  if (form.tokenFrom === '') errors.tokenFrom = 'Choose where the token comes from';
  if (form.tokenFrom === 'header' && header === '') {
    errors.tokenHeader = 'Enter the response header that carries the token, e.g. X-Subject-Token';
  }
  if (form.tokenFrom === 'pointer' && pointer === '') {
    errors.tokenPointer = 'Enter the JSON Pointer or JMESPath to the token, e.g. /access_token';
  }

  const lifetime = form.lifetimeText.trim();
  if (lifetime !== '' && !/^[1-9]\d*$/.test(lifetime)) {
    errors.lifetimeSeconds = 'Enter a whole number of seconds above 0, e.g. 3600';
  }

  const send = fromPairs(form.send, 'send', 'header', errors);
  if (!Object.values(send).some(carriesToken)) errors.send = SEND_NEEDS_TOKEN;

  return {
    type: 'login',
    secret,
    request: {
      ...form.loginKept,
      method: form.loginMethod,
      path: form.loginPath.trim(),
      headers: fromPairs(form.loginHeaders, 'loginHeaders', 'header', errors),
      body,
      expect: expect ?? [],
      errorMessage: form.loginErrorMessage.trim() === '' ? null : form.loginErrorMessage.trim(),
    },
    token: {
      header: form.tokenFrom === 'header' ? header : null,
      pointer: form.tokenFrom === 'pointer' ? pointer : null,
    },
    expiresAt: form.expiresAt.trim() === '' ? null : form.expiresAt.trim(),
    lifetimeSeconds: errors.lifetimeSeconds || lifetime === '' ? null : BigInt(lifetime),
    send,
  };
}

/**
 * Whether the login request reads the credential. Rust does not insist (a login
 * may use only custom fields), but a login that ignores it is usually a renamed
 * secret the body was not updated for.
 */
export function loginUsesSecret(form: LoginFields, secret: string): boolean {
  const escaped = secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const uses = new RegExp(`\\{\\{[^}]*\\bsecrets\\.${escaped}\\b`);
  const texts = [
    form.loginPath,
    ...form.loginHeaders.map((p) => p.value),
    ...Object.values(form.loginKept.query),
    form.loginBodyKind === 'json' ? form.loginBodyText : '',
    ...(form.loginBodyKind === 'form' ? form.loginForm.map((p) => p.value) : []),
  ];
  return texts.some((t) => uses.test(t));
}

// The auth schemes a connector can use, and the form's flat copy of one.
import type { Auth } from '../../bindings/Auth';
import { DEFAULT_LOGIN, fromLoginFields, toLoginFields, type LoginFields } from './loginAuthModel';

export { DEFAULT_LOGIN, type LoginAuth } from './loginAuthModel';

export type AuthType = Auth['type'];

export const AUTH_LABELS: Record<AuthType, string> = {
  none: 'None',
  api_key: 'API key',
  bearer: 'Bearer token',
  basic: 'Basic',
  oauth2_client_credentials: 'OAuth2 client credentials',
  mutual_tls: 'Mutual TLS (client certificate)',
  login: 'Session login (token from a login request)',
  hmac_signature: 'HMAC signature',
};

export const AUTH_TYPES = Object.keys(AUTH_LABELS) as AuthType[];

/** The secret name a scheme reads when the connector names none yet. */
export const DEFAULT_SECRET: Partial<Record<AuthType, string>> = {
  api_key: 'api_key',
  bearer: 'token',
  basic: 'password',
  oauth2_client_credentials: 'client_secret',
  hmac_signature: 'signing_secret',
  login: 'password',
};

/** What the instance's credential is, per scheme, in words. */
export const CREDENTIAL_MEANING: Record<AuthType, string> = {
  none: 'Requests are sent without authentication; an instance needs no credential.',
  api_key: "The instance's credential is the API key.",
  bearer: "The instance's credential is the token, sent as Authorization: Bearer <token>.",
  basic: "The instance's credential is the password of the user named here (the user name is part of the connector).",
  oauth2_client_credentials: "The instance's credential is the client secret, used to fetch an access token.",
  mutual_tls:
    "The instance's client certificate authenticates (set on the instance's TLS settings); no other credential is sent.",
  hmac_signature: "The instance's credential is the shared signing secret; it is never sent, only used to sign.",
  login:
    "The instance's credential is the password (or key) the login request sends; the token it issues is sent with every request and never stored.",
};

/**
 * What to type in the instance's credential dialog, per scheme (for the dialog in
 * pages/platforms/CredentialModal.tsx, which reads the scheme from the type's connector).
 */
export const CREDENTIAL_PROMPT: Record<AuthType, string> = {
  none: 'This connector sends no credential; nothing needs to be stored.',
  api_key: 'The API key.',
  bearer: 'The token, sent as Authorization: Bearer <token>.',
  basic: 'The password of the user named in the connector.',
  oauth2_client_credentials: 'The OAuth2 client secret of the client named in the connector.',
  mutual_tls: 'Nothing: the client certificate in the TLS settings authenticates.',
  hmac_signature: 'The shared signing secret (used to sign, never sent).',
  login: 'The password (or key) the login request sends; the token it issues is never stored.',
};

export type ApiKeyPlacement = 'header' | 'query';

/** Every scheme's fields at once, so switching scheme back and forth loses nothing. */
export interface AuthForm extends LoginFields {
  type: AuthType;
  secret: string;
  apiKeyIn: ApiKeyPlacement;
  apiKeyName: string;
  username: string;
  tokenUrl: string;
  clientId: string;
  scope: string;
  signatureHeader: string;
  timestampHeader: string;
}

export function toAuthForm(auth: Auth): AuthForm {
  const form: AuthForm = {
    type: auth.type,
    secret: 'secret' in auth ? auth.secret : '',
    apiKeyIn: 'header',
    apiKeyName: 'X-API-Key',
    username: '',
    tokenUrl: '/oauth/token',
    clientId: '',
    scope: '',
    signatureHeader: 'X-Signature',
    timestampHeader: 'X-Timestamp',
    ...toLoginFields(DEFAULT_LOGIN),
  };
  switch (auth.type) {
    case 'api_key':
      return auth.header
        ? { ...form, apiKeyIn: 'header', apiKeyName: auth.header }
        : { ...form, apiKeyIn: 'query', apiKeyName: auth.query ?? '' };
    case 'basic':
      return { ...form, username: auth.username };
    case 'oauth2_client_credentials':
      return { ...form, tokenUrl: auth.tokenUrl, clientId: auth.clientId, scope: auth.scope ?? '' };
    case 'hmac_signature':
      return { ...form, signatureHeader: auth.signatureHeader, timestampHeader: auth.timestampHeader };
    case 'login':
      return { ...form, ...toLoginFields(auth) };
    default:
      return form;
  }
}

/** The secret name saved: the connector's own, else the scheme's usual one. */
export function secretName(form: AuthForm): string {
  return form.secret.trim() || DEFAULT_SECRET[form.type] || '';
}

export function fromAuthForm(form: AuthForm): Auth {
  const secret = secretName(form);
  switch (form.type) {
    case 'none':
    case 'mutual_tls':
      return { type: form.type };
    case 'api_key':
      return form.apiKeyIn === 'header'
        ? { type: 'api_key', header: form.apiKeyName.trim(), query: null, secret }
        : { type: 'api_key', header: null, query: form.apiKeyName.trim(), secret };
    case 'bearer':
      return { type: 'bearer', secret };
    case 'basic':
      return { type: 'basic', username: form.username.trim(), secret };
    case 'oauth2_client_credentials':
      return {
        type: 'oauth2_client_credentials',
        tokenUrl: form.tokenUrl.trim(),
        clientId: form.clientId.trim(),
        secret,
        scope: form.scope.trim() === '' ? null : form.scope.trim(),
      };
    case 'hmac_signature':
      return {
        type: 'hmac_signature',
        secret,
        signatureHeader: form.signatureHeader.trim() || 'X-Signature',
        timestampHeader: form.timestampHeader.trim() || 'X-Timestamp',
      };
    case 'login':
      return fromLoginFields(form, secret, {});
  }
}

/** Problems the form can see before Rust does, keyed by input. */
export function checkAuthForm(form: AuthForm): Record<string, string> {
  const errors: Record<string, string> = {};
  if (form.type === 'api_key' && form.apiKeyName.trim() === '') {
    errors.apiKeyName = form.apiKeyIn === 'header' ? 'Enter the header name, e.g. X-API-Key' : 'Enter the query parameter name';
  }
  if (form.type === 'basic' && form.username.trim() === '') errors.username = 'Enter the user name (a template is fine)';
  if (form.type === 'oauth2_client_credentials') {
    if (form.tokenUrl.trim() === '') errors.tokenUrl = 'Enter the token URL';
    if (form.clientId.trim() === '') errors.clientId = 'Enter the client id';
  }
  if (form.type === 'login') fromLoginFields(form, secretName(form), errors);
  return errors;
}

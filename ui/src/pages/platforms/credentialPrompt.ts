import type { Auth } from '../../bindings/Auth';
import type { ConnectionTest } from '../../bindings/ConnectionTest';
import { parseConnector } from '../integration/model';
import { useConnectorText } from '../integration/useConnector';

// What an instance's credential is, in the words of its connector's auth scheme:
// the label of the secret input and the sentence under it. A Basic-auth connector
// asks for "the password for user alice", not for "a secret, e.g. an API token".

/** The parts of a scheme that change the wording; null when the connector does not say. */
export type CredentialScheme =
  | { type: 'none' | 'bearer' | 'mutual_tls' | 'login' | 'hmac_signature' }
  | { type: 'basic'; username: string }
  | { type: 'api_key'; header: string | null; query: string | null }
  | { type: 'oauth2_client_credentials'; clientId: string };

export interface CredentialPrompt {
  /** False when the scheme sends no secret (none, mutual TLS): no input is offered. */
  needed: boolean;
  /** The secret input's label: Password, Token, API key, Client secret… */
  label: string;
  /** The same within a sentence: password, token, API key, client secret… */
  noun: string;
  /** One sentence saying what to type. */
  prompt: string;
}

/** Said while the connector loads, or when it does not tell (none, an exec connector, unreadable). */
export const NEUTRAL_PROMPT: CredentialPrompt = {
  needed: true,
  label: 'Credential',
  noun: 'credential',
  prompt: "The secret this instance's connector sends to the platform (an API key, token or password).",
};

export function schemeOf(auth: Auth): CredentialScheme {
  switch (auth.type) {
    case 'basic':
      return { type: 'basic', username: auth.username };
    case 'api_key':
      return { type: 'api_key', header: auth.header, query: auth.query };
    case 'oauth2_client_credentials':
      return { type: 'oauth2_client_credentials', clientId: auth.clientId };
    default:
      return { type: auth.type };
  }
}

const FIELD_TEMPLATE = /^\{\{\s*fields\.([A-Za-z0-9_-]+)\s*\}\}$/;

/** "user alice" for a literal or a filled-in custom field; otherwise where the name comes from. */
function userPhrase(template: string, fieldValues: Record<string, unknown>): string {
  const t = template.trim();
  if (t === '') return 'the user named in the connector';
  const field = FIELD_TEMPLATE.exec(t);
  if (field) {
    const value = fieldValues[field[1]];
    return typeof value === 'string' && value.trim() !== ''
      ? `user ${value.trim()}`
      : `the user in the custom field “${field[1]}”`;
  }
  return t.includes('{{') ? `the user ${t}` : `user ${t}`;
}

/**
 * The wording for a scheme. `fieldValues` are the instance's custom-field values,
 * so a user name taken from a field (`{{ fields.username }}`) reads as that user.
 */
export function credentialPrompt(
  scheme: CredentialScheme | null,
  fieldValues: Record<string, unknown> = {},
): CredentialPrompt {
  if (!scheme) return NEUTRAL_PROMPT;
  const asks = (label: string, noun: string, prompt: string): CredentialPrompt => ({ needed: true, label, noun, prompt });
  const none = (prompt: string): CredentialPrompt => ({ needed: false, label: 'Credential', noun: 'credential', prompt });
  switch (scheme.type) {
    case 'basic':
      return asks('Password', 'password', `The password for ${userPhrase(scheme.username, fieldValues)}.`);
    case 'bearer':
      return asks('Token', 'token', 'The token, sent as Authorization: Bearer <token>.');
    case 'api_key': {
      const where = scheme.header
        ? ` It is sent in the ${scheme.header} header.`
        : scheme.query
          ? ` It is sent as the ${scheme.query} query parameter.`
          : '';
      return asks('API key', 'API key', `The API key of this instance.${where}`);
    }
    case 'oauth2_client_credentials': {
      const id = scheme.clientId.trim();
      const client = id ? `client ${id}` : 'the client named in the connector';
      return asks('Client secret', 'client secret', `The OAuth2 client secret of ${client}, used to fetch an access token.`);
    }
    case 'login':
      return asks(
        'Password',
        'password',
        'The password used in the login request; the token it issues is never stored.',
      );
    case 'hmac_signature':
      return asks('Signing secret', 'signing secret', 'The shared signing secret; it signs requests and is never sent.');
    case 'mutual_tls':
      return none(
        "No credential: the client certificate and its client key (in the instance's TLS settings) authenticate.",
      );
    case 'none':
      return none('This connector sends no credential; nothing needs to be stored.');
  }
}

/** The scheme of the stored connector of a platform type; null while loading or when it does not tell. */
export function useCredentialScheme(typeId: string): CredentialScheme | null {
  const connector = useConnectorText(typeId);
  if (!connector.data) return null;
  const parsed = parseConnector(connector.data);
  return parsed.kind === 'http' ? schemeOf(parsed.def.auth) : null;
}

// The engine's code when a connector reads a secret the instance does not have
// (engine.rs and exec.rs): nothing was sent, so the connector is not to blame.
const MISSING_SECRET = 'secret_missing';

/** True when the test stopped because the instance has no credential to send. */
export function failedForMissingCredential(test: ConnectionTest | null | undefined): boolean {
  return test?.stages.some((s) => s.status === 'failed' && s.name === 'auth' && s.code === MISSING_SECRET) ?? false;
}

/** What to do about a missing credential, where the input is right above the result. */
export function enterCredentialAdvice(prompt: CredentialPrompt): string {
  return `No credential is set for this instance: enter its ${prompt.noun} above, then test again.`;
}

/** The same, where a saved instance's credential is set with its Set credential button. */
export const SET_CREDENTIAL_ADVICE = 'No credential is set for this instance: use Set credential, then test again.';

/**
 * The test as shown when it failed for want of a credential: the auth stage tells
 * the administrator to set it (`advice`), instead of the generic advice to fix the
 * connector. Only when no credential was stored or typed: otherwise the missing
 * secret is another one (a secret custom field) and the generic advice stands.
 */
export function explainMissingCredential(
  test: ConnectionTest | null | undefined,
  hasCredential: boolean,
  advice: string,
): ConnectionTest | null | undefined {
  if (!test || hasCredential || !failedForMissingCredential(test)) return test;
  return {
    ...test,
    stages: test.stages.map((s) =>
      s.name === 'auth' && s.status === 'failed' ? { ...s, remediation: advice } : s,
    ),
  };
}

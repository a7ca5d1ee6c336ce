// Mirrors the backend's rules and wording (pb-registry validate.rs) so an error
// reads the same whether it was caught here or by the backend, which stays the
// authority: its field errors are shown too.

const TYPE_IDENTIFIER = /^[A-Z0-9](?:[A-Z0-9-]*[A-Z0-9])?$/;
// Same rule as the backend: no '-' at the start or end.
const ENVIRONMENT = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

export function typeIdentifierError(value: string): string | null {
  const id = value.trim();
  if (id === '') return 'Identifier is required';
  if (id.length > 40) return 'Identifier must be at most 40 characters';
  if (!TYPE_IDENTIFIER.test(id)) {
    return "Identifier may contain only capital letters A-Z, digits and '-', and must not start or end with '-'";
  }
  return null;
}

export function requiredText(label: string, max: number) {
  return (value: string): string | null => {
    const len = [...value.trim()].length;
    if (len === 0) return `${label} is required`;
    if (len > max) return `${label} must be at most ${max} characters`;
    return null;
  };
}

export function environmentError(value: string): string | null {
  const env = value.trim();
  if (env === '') return 'Environment is required';
  if (!ENVIRONMENT.test(env) || env.length > 40) {
    return "Environment uses lower-case letters, digits and '-' (not at the start or end), e.g. dev, staging, prod";
  }
  return null;
}

/** Blank optional text means "not set", which the bindings spell as null. */
export function optionalText(value: string): string | null {
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

export function optionalTextMax(label: string, max: number) {
  return (value: string): string | null =>
    [...value.trim()].length > max ? `${label} must be at most ${max} characters` : null;
}

/** The backend's limit for type and platform descriptions. */
export const DESCRIPTION_MAX = 2000;

export const URL_CREDENTIALS_ERROR = "Do not put credentials in the URL; store them as the instance's credential";
export const PLAIN_HTTP_WARNING = 'Plain HTTP: credentials would travel unencrypted. Prefer https://.';

function parseUrl(value: string): URL | null {
  try {
    return new URL(value.trim());
  } catch {
    return null;
  }
}

/**
 * Same rule as the backend (any user name or password in the URL): such a URL
 * would be stored in SQLite, exports and logs, where a secret must never go.
 */
export function urlCredentialsError(value: string): string | null {
  const url = parseUrl(value);
  if (url) return url.username !== '' || url.password !== '' ? URL_CREDENTIALS_ERROR : null;
  // Not a URL the browser accepts yet (still being typed): look for "scheme://user:pass@".
  return /^[a-z][a-z0-9+.-]*:\/\/[^/@\s]+@/i.test(value.trim()) ? URL_CREDENTIALS_ERROR : null;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Plain http is allowed (labs, internal test systems) but only harmless on the
 * local machine; elsewhere a credential sent to it can be read on the wire.
 */
export function plainHttpWarning(value: string): string | null {
  const trimmed = value.trim();
  if (!/^http:\/\//i.test(trimmed)) return null;
  const url = parseUrl(trimmed);
  if (url && LOOPBACK_HOSTS.has(url.hostname)) return null;
  return PLAIN_HTTP_WARNING;
}

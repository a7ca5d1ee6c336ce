// Mirrors the backend's rules and wording (pb-registry validate.rs) so an error
// reads the same whether it was caught here or by the backend, which stays the
// authority: its field errors are shown too.

const TYPE_IDENTIFIER = /^[A-Z0-9](?:[A-Z0-9-]*[A-Z0-9])?$/;
const ENVIRONMENT = /^[a-z0-9][a-z0-9-]*$/;

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
    return "Environment uses lower-case letters, digits and '-', e.g. dev, staging, prod";
  }
  return null;
}

/** Blank optional text means "not set", which the bindings spell as null. */
export function optionalText(value: string): string | null {
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

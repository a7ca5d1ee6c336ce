// What the preset picker says about a preset, and how a preset compares with
// the connector in the editor. Read from the shipped definitions themselves: the
// preset list (list_connector_presets) carries only a name and a description.
import YAML from 'yaml';
import type { Auth } from '../../bindings/Auth';
import type { ConnectorPreset } from '../../bindings/ConnectorPreset';
import { AUTH_LABELS } from './authModel';
import { cleanAuth, cleanOperations, cleanUnsupported, OPERATIONS, parseConnector, type HttpDef } from './model';

export interface PresetSummary {
  /** How many of the ten operations it defines; null for a program (exec). */
  operations: number | null;
  /** The authentication scheme, or that it runs a program. */
  auth: string;
}

/** What a preset covers, read from its definition; null when it cannot be read. */
export function presetSummary(preset: ConnectorPreset): PresetSummary | null {
  const parsed = parseConnector(preset.definition);
  if (parsed.kind === 'other') return { operations: null, auth: 'Runs a program (exec)' };
  if (parsed.kind !== 'http') return null;
  return {
    operations: OPERATIONS.filter((op) => parsed.def.operations[op]).length,
    auth: AUTH_LABELS[parsed.def.auth.type],
  };
}

/** The comment the definition starts with (what it maps, how it was checked), as written. */
export function presetNotes(definition: string): string {
  const lines: string[] = [];
  for (const line of definition.split('\n')) {
    if (!line.startsWith('#')) break;
    lines.push(line.replace(/^# ?/, ''));
  }
  return lines.join('\n').trim();
}

const PROOF = /\b(checked live against|proven against|tested against|matches the sample platform)\b/i;

/**
 * The sentence of the preset's notes that says what it was checked against, or
 * null when its notes name nothing.
 */
export function presetProof(definition: string): string | null {
  const prose = presetNotes(definition).split('\n\n')[0].replace(/\s+/g, ' ');
  return prose.split(/(?<=\.)\s+(?=[A-Z])/).find((s) => PROOF.test(s))?.trim() ?? null;
}

/** JSON with the login lifetime (a bigint) as a number, for comparing. */
const canonical = (value: unknown) => JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? Number(v) : v));

function authText(auth: Auth): string {
  return AUTH_LABELS[auth.type];
}

/**
 * What loading `next` would replace in `current` (the editor's connector as
 * text, or null when the form holds edits that cannot be written yet); empty
 * when they are the same text.
 */
export function connectorDifferences(current: string | null, next: string): string[] {
  if (current === null) return ['your edits in the form (some still need fixing)'];
  if (current.trim() === next.trim()) return [];
  const a = parseConnector(current);
  const b = parseConnector(next);
  if (a.kind !== 'http' || b.kind !== 'http') return ['the whole definition'];
  const out: string[] = [];
  const x = a.def;
  const y = b.def;
  if (canonical(cleanOperations(x.operations)) !== canonical(cleanOperations(y.operations)) || canonical(cleanUnsupported(x)) !== canonical(cleanUnsupported(y))) {
    out.push('the operations');
  }
  if (canonical(cleanAuth(x.auth)) !== canonical(cleanAuth(y.auth))) {
    out.push(
      x.auth.type === y.auth.type
        ? `the authentication settings (${authText(x.auth)})`
        : `the authentication (${authText(x.auth)}, replaced by ${authText(y.auth)})`,
    );
  }
  if (canonical([x.headers, x.timeouts, x.retries, x.allowedOrigins]) !== canonical([y.headers, y.timeouts, y.retries, y.allowedOrigins])) {
    out.push('the headers, timeouts, retries or allowed origins');
  }
  return out.length > 0 ? out : ['its comments and layout'];
}

/** Whether keeping `current`'s authentication and timeouts would change what `next` holds. */
export function keepsSomething(current: HttpDef, next: HttpDef): boolean {
  return canonical([cleanAuth(current.auth), current.timeouts]) !== canonical([cleanAuth(next.auth), next.timeouts]);
}

/**
 * `next` (a preset's text) with `current`'s authentication and timeouts, keeping
 * the preset's comments and everything else as shipped.
 */
export function withAuthOf(next: string, current: HttpDef): string {
  const doc = YAML.parseDocument(next);
  doc.set('auth', doc.createNode(cleanAuth(current.auth)));
  if (current.timeouts) doc.set('timeouts', doc.createNode(current.timeouts));
  else doc.delete('timeouts');
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

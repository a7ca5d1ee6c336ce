// Which answers count as success, as the form edits them: the status lists
// (`expect`, `notFound`) and the body conditions (`success: [{pointer, equals}]`).
// Each input is checked on its own, so a problem shows under the input it is in.
import type { SuccessRule } from '../../bindings/SuccessRule';

/** One body condition as typed: the value is text until it is converted. */
export interface EditSuccessRule {
  pointer: string;
  equalsText: string;
}

const STATUS = /^\d{3}$/;
const RANGE = /^(\d{3}\s*-\s*\d{3}|[1-5]xx)$/i;

/**
 * What is wrong with a status list (`single`: at most one status), or null.
 * Rust reads `expect` as a list of codes and `notFound` as one code: a range
 * has no place in the definition, so it gets its own explanation.
 */
export function statusProblem(text: string, single = false): string | null {
  const parts = text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  for (const part of parts) {
    if (RANGE.test(part)) {
      return single
        ? `${part} is a range; enter one status, e.g. 404`
        : `${part} is a range; list each status (e.g. 200, 201, 204), or leave the field empty for any 2xx`;
    }
    const words = part.split(/\s+/);
    const bad = words.find((w) => !STATUS.test(w) || Number(w) < 100 || Number(w) > 599);
    if (bad !== undefined) return `${bad} is not an HTTP status: use three-digit codes from 100 to 599, e.g. ${single ? '404' : '200, 201'}`;
  }
  if (single && parts.join(' ').split(/\s+/).length > 1) return 'Enter one status, e.g. 404: a request has one not-found status';
  return null;
}

/** Where a condition reads the response body; the engine reads JSON Pointers only. */
export function pointerProblem(pointer: string): string | null {
  if (pointer === '') return 'Enter where the value is in the response body, e.g. /status';
  if (!pointer.startsWith('/')) {
    return `A JSON Pointer starts with /, e.g. /${pointer.replace(/^[./]+/, '').replace(/\./g, '/')}`;
  }
  return null;
}

/**
 * The value a condition compares with: JSON when the text is JSON (true, 42,
 * null, "quoted", [..], {..}), else the text itself (e.g. ok, {{ tenant.name }}).
 */
export function equalsValue(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** The text that reads back as `value` through equalsValue. */
export function equalsText(value: unknown): string {
  if (typeof value !== 'string') return JSON.stringify(value);
  return equalsValue(value) === value ? value : JSON.stringify(value);
}

/** How the engine will compare, in words (shown under the value). */
export function describeEquals(text: string): string {
  const value = equalsValue(text);
  if (typeof value === 'string') {
    if (value === '') return 'Compared with empty text';
    return /\{\{.*\}\}/.test(value) ? `Compared with the template ${value}` : `Compared with the text "${value}"`;
  }
  if (value === null) return 'Compared with null (the value is absent or null)';
  if (typeof value === 'boolean') return `Compared with ${String(value)} (yes/no, not text)`;
  if (typeof value === 'number') return `Compared with the number ${value} (not the text "${value}")`;
  return Array.isArray(value) ? 'Compared with this JSON list' : 'Compared with this JSON object';
}

export function toEditRule(rule: SuccessRule): EditSuccessRule {
  return { pointer: rule.pointer, equalsText: equalsText(rule.equals) };
}

/** The conditions to write; problems keyed `<at>.<index>.pointer`. A blank row is dropped. */
export function fromEditRules(rules: EditSuccessRule[], at: string, errors: Record<string, string>): SuccessRule[] {
  const out: SuccessRule[] = [];
  rules.forEach((rule, i) => {
    const pointer = rule.pointer.trim();
    if (pointer === '' && rule.equalsText.trim() === '') return;
    const problem = pointerProblem(pointer);
    if (problem) errors[`${at}.${i}.pointer`] = problem;
    out.push({ pointer, equals: equalsValue(rule.equalsText) });
  });
  return out;
}

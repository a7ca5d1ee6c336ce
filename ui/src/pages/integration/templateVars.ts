// Which template values a request can use, and completing them after `{{`.
import type { CompletionContext, CompletionResult, CompletionSource } from '@codemirror/autocomplete';
import type { CustomField } from '../../bindings/CustomField';
import type { Operation } from '../../bindings/Operation';

export interface TemplateVariable {
  name: string;
  detail: string;
}

// The values the engine and the validation suite provide (docs/connectors.md).
// `tenant.purpose` is deliberately absent: nothing supplies it, and with strict
// undefined variables a connector using it would fail every run.
const BASE: TemplateVariable[] = [
  { name: 'endpoint', detail: 'the instance endpoint' },
  { name: 'platform.name', detail: 'platform' },
  { name: 'platform.location', detail: 'platform' },
  { name: 'platform.tags', detail: 'platform tags (a mapping)' },
  { name: 'instance.name', detail: 'instance' },
  { name: 'instance.environment', detail: 'instance' },
];

const TENANT: TemplateVariable[] = [
  { name: 'tenant.name', detail: 'the tenant' },
  { name: 'tenant.identifier', detail: 'the tenant' },
  { name: 'tenant.description', detail: "the tenant's purpose" },
  { name: 'tenant.tags', detail: 'tenant tags (a mapping)' },
];

const USER: TemplateVariable[] = [
  { name: 'user.name', detail: 'the user' },
  { name: 'user.email', detail: 'the user' },
  { name: 'user.role', detail: 'platform role from the role mapping' },
  { name: 'user.password', detail: 'generated initial password (secret)' },
];

const QUOTA: TemplateVariable[] = [
  { name: 'quota.key', detail: 'the quota' },
  { name: 'quota.value', detail: 'the quota (a number)' },
];

const PAGE: TemplateVariable[] = [
  { name: 'page.offset', detail: 'tenants on the pages before (offset paging)' },
  { name: 'page.size', detail: 'the page size (offset paging)' },
  { name: 'page.number', detail: 'this page: 1, 2, …' },
];

export interface VariableScope {
  customFields: readonly CustomField[];
  /** The auth scheme's secret name, offered as `secrets.<name>`. */
  authSecret: string | null;
  /** Per operation, per request: the output names it extracts (`outputs.*`). */
  extracts: Partial<Record<Operation, string[][]>>;
  operation: Operation;
  /** The request being edited: outputs of the requests before it in its operation. */
  requestIndex: number;
}

export function templateVariables(scope: VariableScope): TemplateVariable[] {
  const fields = scope.customFields.map((f) =>
    f.kind === 'secret'
      ? { name: `secrets.${f.key}`, detail: `${f.label} (secret field)` }
      : { name: `fields.${f.key}`, detail: f.label },
  );
  const secrets = scope.authSecret ? [{ name: `secrets.${scope.authSecret}`, detail: 'the credential (masked)' }] : [];
  const earlier = (scope.extracts[scope.operation] ?? []).slice(0, scope.requestIndex).flat();
  // Outputs of other operations reach this one in a validation run (create_tenant's
  // tenant_id is read by get_tenant), so they are offered too.
  const others = Object.entries(scope.extracts)
    .filter(([op]) => op !== scope.operation)
    .flatMap(([, names]) => (names ?? []).flat());
  const outputs = [...new Set([...earlier, ...others])].map((name) => ({
    name: `outputs.${name}`,
    detail: earlier.includes(name) ? 'extracted by an earlier request' : 'extracted by another operation',
  }));
  // Only list_tenants is paged; elsewhere page.* is undefined.
  const page = scope.operation === 'list_tenants' ? PAGE : [];
  return [...BASE, ...fields, ...TENANT, ...USER, ...QUOTA, ...page, ...outputs, ...secrets];
}

/**
 * What a session login's request can use: no tenant, user or quota (it runs
 * before any operation), but the instance, its custom fields and the credential.
 */
export function loginTemplateVariables(customFields: readonly CustomField[], authSecret: string): TemplateVariable[] {
  const fields = customFields.map((f) =>
    f.kind === 'secret'
      ? { name: `secrets.${f.key}`, detail: `${f.label} (secret field)` }
      : { name: `fields.${f.key}`, detail: f.label },
  );
  return [...BASE, ...fields, { name: `secrets.${authSecret}`, detail: 'the credential (masked)' }];
}

/** `{{`, optional spaces and the part of a name typed so far, ending at the cursor. */
const OPEN = /\{\{(\s*)([\w.]*)$/;

/** Where a completion would go in `before` (the text up to the cursor), or null. */
export function templateQuery(before: string): { typed: string; spaced: boolean } | null {
  const match = OPEN.exec(before);
  return match ? { typed: match[2], spaced: match[1].length > 0 } : null;
}

/** What to insert for `name`, closing the expression unless it already is. */
export function completionText(name: string, spaced: boolean, after: string): string {
  return `${spaced ? '' : ' '}${name}${/^\s*\}\}/.test(after) ? '' : ' }}'}`;
}

/** A CodeMirror completion source offering `vars` inside `{{ … }}`. */
export function templateCompletionSource(vars: readonly TemplateVariable[]): CompletionSource {
  return (context: CompletionContext): CompletionResult | null => {
    const line = context.state.doc.lineAt(context.pos);
    const query = templateQuery(line.text.slice(0, context.pos - line.from));
    if (!query) return null;
    const after = context.state.sliceDoc(context.pos, Math.min(line.to, context.pos + 4));
    return {
      from: context.pos - query.typed.length,
      options: vars.map((v) => ({
        label: v.name,
        detail: v.detail,
        type: 'variable',
        apply: completionText(v.name, query.spaced, after),
      })),
      validFor: /^[\w.]*$/,
    };
  };
}

/** Template names used in `text` (e.g. outputs.tenant_id), for Try it's questions. */
export function usedVariables(text: string): Set<string> {
  const used = new Set<string>();
  for (const m of text.matchAll(/\b(tenant|user|quota|outputs)\.(\w+)/g)) used.add(`${m[1]}.${m[2]}`);
  return used;
}

import { useQueries } from '@tanstack/react-query';
import type { Instance } from '../../bindings/Instance';
import type { TestRunRecord } from '../../bindings/TestRunRecord';
import { ipc } from '../../ipc';
import { queryKeys } from '../../queries';
import type { WizardData } from './wizardModel';

// What actually ran against each instance, per kind: the review must never let a
// connection test pass for a validation, nor one instance's run for another's.

/** The newest run of one kind against one instance. */
export interface RanResult {
  status: string;
  summary: string;
  /** Unknown when only the wizard's own note of it is left. */
  startedAt: string | null;
}

export interface InstanceResults {
  connection: RanResult | null;
  validation: RanResult | null;
}

function fromRecord(record: TestRunRecord | undefined): RanResult | null {
  return record ? { status: record.status, summary: record.summary, startedAt: record.startedAt } : null;
}

/**
 * From the instance's history (newest first) when it loaded; what the instance's
 * status and the draft remember fills in when it did not, or when the run is older
 * than the history keeps. Each source is only ever read for its own kind.
 */
export function instanceResults(
  instance: Instance,
  records: TestRunRecord[] | undefined,
  data: Pick<WizardData, 'tests' | 'validation' | 'instanceId'>,
): InstanceResults {
  const ofKind = (kind: string) => fromRecord(records?.find((r) => r.kind === kind));
  const last = instance.lastTest;
  const lastOf = (kind: string): RanResult | null =>
    last && last.kind === kind ? { status: last.status, summary: last.summary, startedAt: last.startedAt } : null;
  const note = data.tests[instance.id];
  const v = data.validation;
  // A draft from before runs were named ran the suite against the first instance.
  const validatedHere = v !== null && (v.instanceId ?? data.instanceId) === instance.id;
  return {
    connection:
      ofKind('connection_test') ??
      lastOf('connection_test') ??
      (note ? { status: note.status, summary: '', startedAt: null } : null),
    validation:
      ofKind('validation') ??
      lastOf('validation') ??
      (validatedHere ? { status: v.status, summary: v.summary, startedAt: v.startedAt ?? null } : null),
  };
}

/** Each instance's results, from the same history queries the instance page uses. */
export function useInstanceResults(instances: Instance[], data: WizardData) {
  const histories = useQueries({
    queries: instances.map((i) => ({
      queryKey: queryKeys.testRuns(i.id),
      queryFn: () => ipc.listTestRuns(i.id),
    })),
  });
  const results: Record<string, InstanceResults> = {};
  instances.forEach((instance, k) => {
    results[instance.id] = instanceResults(instance, histories[k]?.data, data);
  });
  return { results, pending: histories.some((h) => h.isPending) };
}

/** How the instance's traffic is protected, from its endpoint and TLS settings. */
export function tlsDescription(instance: Instance): string {
  const endpoint = instance.endpoint.trim();
  // TLS settings do not apply to plain http; saying "verified" there would be false.
  if (/^http:\/\//i.test(endpoint)) return 'none: plain HTTP, not encrypted';
  if (!/^https:\/\//i.test(endpoint)) return 'as the connector sets up the connection (not an https endpoint)';
  const verification = instance.tls.insecureSkipVerify
    ? 'certificate verification switched off'
    : instance.tls.caBundlePem
      ? 'certificate verified against the CA bundle'
      : 'certificate verified against the system CAs';
  return `HTTPS, ${verification}${instance.tls.clientCertificatePem ? ', client certificate' : ''}`;
}

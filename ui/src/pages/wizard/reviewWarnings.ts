import type { Instance } from '../../bindings/Instance';
import { formatTime } from '../validation/format';
import { EXPIRY_WARNING_DAYS } from '../validation/CertificateDetails';
import { plainHttpWarning } from '../../validation';
import type { InstanceResults } from './instanceResults';
import type { WizardData } from './wizardModel';

export interface ReviewWarning {
  /** Stable, for tests and keys. */
  id: string;
  message: string;
  /** The step where it is fixed. */
  step: number;
}

const VALIDATE_STEP = 7;
const INSTANCES_STEP = 8;

/**
 * What deserves attention before Finish. None of it blocks: a platform may go live
 * with a known gap, but never without the administrator having seen it. Every
 * warning about a test is per instance and per kind: a connection test does not
 * stand for a validation run, nor one instance's run for another's.
 */
export function reviewWarnings(
  data: WizardData,
  instances: Instance[],
  hasConnector: boolean | undefined,
  results: Record<string, InstanceResults>,
): ReviewWarning[] {
  const warnings: ReviewWarning[] = [];
  if (hasConnector === false) {
    warnings.push({
      id: 'no-connector',
      message: 'The platform type has no connector, so tenants, users and quotas cannot be managed yet.',
      step: 4,
    });
  }
  const validated = instances.filter((i) => results[i.id]?.validation);
  if (validated.length === 0) {
    warnings.push({
      id: 'no-validation',
      message:
        instances.length > 1
          ? 'The validation suite has not run against any instance.'
          : 'The validation suite has not run.',
      step: VALIDATE_STEP,
    });
  }
  for (const instance of instances) {
    const name = `Instance “${instance.name}”`;
    const { connection, validation } = results[instance.id] ?? { connection: null, validation: null };
    if (!connection && !validation) {
      warnings.push({ id: `untested-${instance.id}`, message: `${name} has never been tested.`, step: INSTANCES_STEP });
    } else if (connection?.status === 'failed') {
      warnings.push({
        id: `failed-${instance.id}`,
        message: `${name}: the last connection test failed${connection.summary ? ` (${connection.summary})` : ''}.`,
        step: INSTANCES_STEP,
      });
    } else if (connection?.status === 'warning') {
      warnings.push({
        id: `connection-warning-${instance.id}`,
        message: `${name}: the last connection test ended with a warning${connection.summary ? ` (${connection.summary})` : ''}.`,
        step: INSTANCES_STEP,
      });
    }
    if (!validation && validated.length > 0) {
      warnings.push({
        id: `not-validated-${instance.id}`,
        message: connection
          ? `${name} is not validated yet: only its connection was tested.`
          : `${name} is not validated yet.`,
        step: VALIDATE_STEP,
      });
    } else if (validation && validation.status !== 'passed') {
      warnings.push({
        id: `validation-failed-${instance.id}`,
        message: `${name}: the last validation run did not pass (${validation.status}${validation.summary ? `: ${validation.summary}` : ''}).`,
        step: VALIDATE_STEP,
      });
    }
    if (!instance.credential.configured) {
      warnings.push({ id: `no-credential-${instance.id}`, message: `${name} has no credential.`, step: INSTANCES_STEP });
    }
    // Over plain http there is no certificate to skip; the plain-http warning says what matters.
    if (instance.tls.insecureSkipVerify && !/^http:\/\//i.test(instance.endpoint.trim())) {
      warnings.push({
        id: `insecure-${instance.id}`,
        message: `${name} skips TLS certificate verification: its traffic, credential included, could be read and changed.`,
        step: instance.id === data.instanceId ? 2 : INSTANCES_STEP,
      });
    }
    if (plainHttpWarning(instance.endpoint)) {
      warnings.push({
        id: `plain-http-${instance.id}`,
        message: `${name} uses plain HTTP: its traffic, credential included, is not encrypted.`,
        step: instance.id === data.instanceId ? 2 : INSTANCES_STEP,
      });
    }
    const certificate = data.tests[instance.id]?.certificate;
    if (certificate && certificate.daysToExpiry <= EXPIRY_WARNING_DAYS) {
      const when = formatTime(certificate.notAfter);
      warnings.push({
        id: `expiring-${instance.id}`,
        message:
          certificate.daysToExpiry < 0
            ? `${name}: the platform's certificate expired on ${when}.`
            : `${name}: the platform's certificate expires in ${certificate.daysToExpiry} days (${when}).`,
        step: INSTANCES_STEP,
      });
    }
  }
  return warnings;
}

/**
 * The all-clear, worded from what ran: with no warning every instance passed the
 * suite, but not every one need have had a connection test of its own.
 */
export function allClearMessage(instances: Instance[], results: Record<string, InstanceResults>): string {
  const each = instances.length === 1 ? 'the instance' : `each of the ${instances.length} instances`;
  const allConnected = instances.every((i) => results[i.id]?.connection?.status === 'ok');
  return allConnected
    ? `Nothing to point out: ${each} passed its connection test and the validation suite.`
    : `Nothing to point out: the validation suite passed against ${each}.`;
}

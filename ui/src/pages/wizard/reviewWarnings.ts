import type { Instance } from '../../bindings/Instance';
import { formatTime } from '../validation/format';
import { EXPIRY_WARNING_DAYS } from '../validation/CertificateDetails';
import type { WizardData } from './wizardModel';

export interface ReviewWarning {
  /** Stable, for tests and keys. */
  id: string;
  message: string;
  /** The step where it is fixed. */
  step: number;
}

const INSTANCES_STEP = 7;

/**
 * What deserves attention before Finish. None of it blocks: a platform may go live
 * with a known gap, but never without the administrator having seen it.
 */
export function reviewWarnings(
  data: WizardData,
  instances: Instance[],
  hasConnector: boolean | undefined,
): ReviewWarning[] {
  const warnings: ReviewWarning[] = [];
  if (hasConnector === false) {
    warnings.push({
      id: 'no-connector',
      message: 'The platform type has no connector, so tenants, users and quotas cannot be managed yet.',
      step: 4,
    });
  }
  if (!data.validation) {
    warnings.push({ id: 'no-validation', message: 'The validation suite has not run.', step: 6 });
  } else if (data.validation.status !== 'passed') {
    warnings.push({
      id: 'validation-failed',
      message: `The last validation run did not pass: ${data.validation.summary}`,
      step: 6,
    });
  }
  for (const instance of instances) {
    const name = `Instance “${instance.name}”`;
    if (!instance.lastTest) {
      warnings.push({ id: `untested-${instance.id}`, message: `${name} has never been tested.`, step: INSTANCES_STEP });
    } else if (instance.lastTest.status === 'failed') {
      warnings.push({
        id: `failed-${instance.id}`,
        message: `${name}: the last test failed (${instance.lastTest.summary}).`,
        step: INSTANCES_STEP,
      });
    }
    if (!instance.credential.configured) {
      warnings.push({ id: `no-credential-${instance.id}`, message: `${name} has no credential.`, step: INSTANCES_STEP });
    }
    if (instance.tls.insecureSkipVerify) {
      warnings.push({
        id: `insecure-${instance.id}`,
        message: `${name} skips TLS certificate verification: its traffic, credential included, could be read and changed.`,
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

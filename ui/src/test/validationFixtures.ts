import type { CertificateReport } from '../bindings/CertificateReport';
import type { ConnectionTest } from '../bindings/ConnectionTest';
import type { Exchange } from '../bindings/Exchange';
import type { StepReport } from '../bindings/StepReport';
import type { TestRun } from '../bindings/TestRun';
import type { TestRunRecord } from '../bindings/TestRunRecord';
import type { ValidationSettings } from '../bindings/ValidationSettings';

/** What get_validation_settings returns for a platform that never saved any. */
export function defaultValidationSettings(): ValidationSettings {
  return {
    naming: { template: '{prefix}-{purpose}-{suffix}', pattern: '^[a-z][a-z0-9-]{2,62}$', prefix: 'pb' },
    roleMappings: [],
    quotas: [],
    strictness: 'strict',
    knownDeviations: [],
  };
}

/**
 * A redacted exchange as the backend records it. The headers hold a masked token
 * on purpose: tests check that the UI never shows headers at all.
 */
export function exchange(overrides: Partial<Exchange> = {}): Exchange {
  return {
    request: 'create_tenant',
    attempt: 1,
    method: 'POST',
    url: 'https://kafka-prod.example.com/api/tenants',
    requestHeaders: [['authorization', 'Bearer ***masked-header***']],
    requestBody: '{"name":"pb-validation-a1b2c3"}',
    status: 500,
    responseHeaders: [['x-request-id', 'req-header-42']],
    responseBody: '{"error":"quota service unavailable"}',
    durationMs: 412,
    error: null,
    ...overrides,
  };
}

export function stepReport(overrides: Partial<StepReport> = {}): StepReport {
  return {
    name: 'check',
    operation: 'check',
    status: 'passed',
    durationMs: 120,
    message: 'reachable',
    error: null,
    exchanges: [],
    cleanup: false,
    differences: [],
    ...overrides,
  };
}

export function testRun(overrides: Partial<TestRun> = {}): TestRun {
  return {
    status: 'passed',
    startedAtMs: Date.parse('2025-06-01T12:00:00Z'),
    durationMs: 2300,
    tenantName: 'pb-validation-a1b2c3',
    steps: [stepReport()],
    leftovers: [],
    strictness: 'strict',
    ...overrides,
  };
}

export function testRunRecord(overrides: Partial<TestRunRecord> = {}): TestRunRecord {
  return {
    id: 'run-1',
    instanceId: 'i-1',
    kind: 'validation',
    status: 'passed',
    startedAt: '2025-06-01T12:00:00Z',
    finishedAt: '2025-06-01T12:00:02Z',
    durationMs: 2300,
    summary: '10 of 10 steps passed',
    ...overrides,
  };
}

export function connectionTest(overrides: Partial<ConnectionTest> = {}): ConnectionTest {
  const stage = (name: ConnectionTest['stages'][number]['name'], message: string) => ({
    name,
    status: 'ok' as const,
    durationMs: 15,
    message,
    detail: null,
    class: null,
    remediation: null,
    code: null,
    certificate: null,
  });
  return {
    stages: [
      stage('dns', 'resolved to 10.0.0.5'),
      stage('tcp', 'connected'),
      stage('tls', 'TLS 1.3, certificate valid'),
      stage('auth', 'token accepted'),
      stage('probe', 'the API answered 200'),
    ],
    exchanges: [],
    status: 'ok',
    ...overrides,
  };
}

/** The platform's certificate, as the TLS stage reports it: here ten days before it expires. */
export function certificateReport(overrides: Partial<CertificateReport> = {}): CertificateReport {
  return {
    protocol: 'TLSv1.3',
    subject: 'CN=kafka-prod.example.com',
    issuer: 'CN=Example CA',
    sans: ['kafka-prod.example.com'],
    notAfter: '2025-06-11T00:00:00Z',
    daysToExpiry: 10,
    verificationError: null,
    ...overrides,
  };
}

/** connectionTest() whose TLS stage carries `certificate`. */
export function connectionTestWithCertificate(certificate: CertificateReport = certificateReport()): ConnectionTest {
  const test = connectionTest();
  return { ...test, stages: test.stages.map((s) => (s.name === 'tls' ? { ...s, certificate } : s)) };
}

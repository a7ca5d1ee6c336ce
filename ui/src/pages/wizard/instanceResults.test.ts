import { describe, expect, it } from 'vitest';
import { instance, noTls } from '../../test/fixtures';
import { testRunRecord } from '../../test/validationFixtures';
import { instanceResults, tlsDescription } from './instanceResults';

const NO_DATA = { tests: {}, validation: null, instanceId: 'i-1' };

describe('what ran against an instance', () => {
  it('takes the newest run of each kind from the history', () => {
    const records = [
      testRunRecord({ id: 'c2', kind: 'connection_test', status: 'failed', summary: 'TCP failed' }),
      testRunRecord({ id: 'v1', kind: 'validation', status: 'passed' }),
      testRunRecord({ id: 'c1', kind: 'connection_test', status: 'ok' }),
    ];
    const results = instanceResults(instance(), records, NO_DATA);
    expect(results.connection).toMatchObject({ status: 'failed', summary: 'TCP failed' });
    expect(results.validation).toMatchObject({ status: 'passed', summary: '10 of 10 steps passed' });
  });

  it('without a history, never counts a connection test as a validation', () => {
    const tested = instance({
      lastTest: { kind: 'connection_test', status: 'ok', startedAt: '2025-06-01T12:00:00Z', summary: 'all stages passed' },
    });
    const results = instanceResults(tested, undefined, NO_DATA);
    expect(results.connection).toEqual({ status: 'ok', summary: 'all stages passed', startedAt: '2025-06-01T12:00:00Z' });
    expect(results.validation).toBeNull();
  });

  it("credits a draft's validation only to the instance it ran against", () => {
    const older = { ...NO_DATA, validation: { status: 'passed', summary: '10 of 10 steps passed' } };
    // A draft from before runs were named: the suite ran against the first instance.
    expect(instanceResults(instance(), [], older).validation).toMatchObject({ status: 'passed' });
    expect(instanceResults(instance({ id: 'i-2' }), [], older).validation).toBeNull();
    const named = { ...NO_DATA, validation: { status: 'failed', summary: 'x', instanceId: 'i-2' } };
    expect(instanceResults(instance(), [], named).validation).toBeNull();
    expect(instanceResults(instance({ id: 'i-2' }), [], named).validation).toMatchObject({ status: 'failed' });
  });
});

describe('TLS of an instance', () => {
  it('says there is none over plain HTTP, whatever the TLS settings', () => {
    const plain = instance({ endpoint: 'HTTP://kafka.example.com', tls: { ...noTls(), caBundlePem: 'PEM' } });
    expect(tlsDescription(plain)).toBe('none: plain HTTP, not encrypted');
  });

  it('describes how an https endpoint is verified', () => {
    expect(tlsDescription(instance())).toBe('HTTPS, certificate verified against the system CAs');
    const bundle = instance({ tls: { ...noTls(), caBundlePem: 'PEM', clientCertificatePem: 'PEM' } });
    expect(tlsDescription(bundle)).toBe('HTTPS, certificate verified against the CA bundle, client certificate');
    const insecure = instance({ tls: { ...noTls(), insecureSkipVerify: true } });
    expect(tlsDescription(insecure)).toBe('HTTPS, certificate verification switched off');
  });

  it('does not claim TLS for an endpoint that is not a URL over http', () => {
    expect(tlsDescription(instance({ endpoint: 'postgresql://db.example.com:5432' }))).toBe(
      'as the connector sets up the connection (not an https endpoint)',
    );
  });
});

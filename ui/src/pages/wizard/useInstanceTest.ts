import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { ConnectionTest } from '../../bindings/ConnectionTest';
import type { Instance } from '../../bindings/Instance';
import type { Stage } from '../../bindings/Stage';
import { ipc, toIpcFailure, type IpcFailure } from '../../ipc';
import { invalidateAfterTest } from '../../validationQueries';
import { presentedCertificate } from '../validation/CertificateDetails';
import type { TestNote } from './wizardModel';

/** What the review remembers of a test: its outcome and the platform's certificate. */
function testNote(test: ConnectionTest): TestNote {
  const certificate = presentedCertificate(test);
  return {
    status: test.status,
    certificate: certificate
      ? { subject: certificate.subject, notAfter: certificate.notAfter, daysToExpiry: certificate.daysToExpiry }
      : null,
  };
}

interface TestState {
  instanceId: string | null;
  test: ConnectionTest | null;
  failure: IpcFailure | null;
  /** The stages completed so far while the test runs. */
  live: Stage[];
  /** The tested instance had a stored credential (else a missing-secret failure is about it). */
  hadCredential: boolean;
}

/**
 * Connection tests of saved instances. The instance is saved first (`prepare`), so
 * the test sees what the form shows and the stored secrets, never a typed one.
 */
export function useInstanceTest(onNote: (instanceId: string, note: TestNote) => void, onBusy: (busy: boolean) => void) {
  const qc = useQueryClient();
  const [running, setRunning] = useState<string | null>(null);
  const [state, setState] = useState<TestState>({
    instanceId: null,
    test: null,
    failure: null,
    live: [],
    hadCredential: false,
  });

  const run = async (prepare: () => Promise<Instance | null>, key = 'default') => {
    setRunning(key);
    onBusy(true);
    try {
      const instance = await prepare();
      if (!instance) return;
      const hadCredential = instance.credential.configured;
      setState({ instanceId: instance.id, test: null, failure: null, live: [], hadCredential });
      const onStage = (stage: Stage) => setState((s) => ({ ...s, live: [...s.live, stage] }));
      try {
        const test = await ipc.testConnection(instance.id, onStage);
        setState({ instanceId: instance.id, test, failure: null, live: [], hadCredential });
        onNote(instance.id, testNote(test));
      } catch (error) {
        const failure = toIpcFailure(error, 'test_connection');
        setState({ instanceId: instance.id, test: null, failure, live: [], hadCredential });
      } finally {
        void invalidateAfterTest(qc, instance.id);
      }
    } finally {
      setRunning(null);
      onBusy(false);
    }
  };

  return { ...state, running, run };
}

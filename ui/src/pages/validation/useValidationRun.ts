import { useCallback, useState } from 'react';
import { Channel } from '@tauri-apps/api/core';
import { useQueryClient } from '@tanstack/react-query';
import type { StepReport } from '../../bindings/StepReport';
import type { StepStatus } from '../../bindings/StepStatus';
import type { SuiteEvent } from '../../bindings/SuiteEvent';
import type { ValidationResult } from '../../bindings/ValidationResult';
import { ipc, toIpcFailure, type IpcFailure } from '../../ipc';
import { notifyFailure } from '../../notify';
import { invalidateAfterTest } from '../../validationQueries';

/** One row of the timeline: a step that is running, or its finished report. */
export interface TimelineStep {
  index: number;
  name: string;
  status: StepStatus | 'running';
  report: StepReport | null;
}

/**
 * Events are placed by their index rather than appended: a retried check starts
 * the same index again, and a skipped step arrives finished without a start.
 */
export function applyEvent(steps: TimelineStep[], event: SuiteEvent): TimelineStep[] {
  const next = [...steps];
  if (event.event === 'step_started') {
    next[event.index] = { index: event.index, name: event.name, status: 'running', report: null };
  } else {
    next[event.index] = { index: event.index, name: event.step.name, status: event.step.status, report: event.step };
  }
  // An index that never arrived would leave a hole; holes are dropped, not shown.
  return next.filter(Boolean);
}

export function fromReports(steps: StepReport[]): TimelineStep[] {
  return steps.map((step, index) => ({ index, name: step.name, status: step.status, report: step }));
}

/**
 * Runs the validation suite of one instance and follows its progress. Not a
 * useMutation: the progress arrives on a Channel while the call is pending, and
 * the timeline has to grow with it.
 */
export function useValidationRun(instanceId: string) {
  const qc = useQueryClient();
  const [steps, setSteps] = useState<TimelineStep[]>([]);
  const [running, setRunning] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const [result, setResult] = useState<ValidationResult | null>(null);
  const [error, setError] = useState<IpcFailure | null>(null);

  const start = useCallback(async (landingZone: string | null = null) => {
    setSteps([]);
    setResult(null);
    setError(null);
    setRunning(true);
    const onEvent = new Channel<SuiteEvent>();
    onEvent.onmessage = (event) => setSteps((previous) => applyEvent(previous, event));
    try {
      const finished = await ipc.runValidation(instanceId, onEvent, landingZone);
      // The result is the record of what happened; it replaces what the events built.
      setSteps(fromReports(finished.run.steps));
      setResult(finished);
    } catch (caught) {
      setError(toIpcFailure(caught, 'run_validation'));
    } finally {
      setRunning(false);
      setCancelling(false);
      // A finished run (and many failed ones) is stored in the history and
      // becomes the instance's status in the instance table.
      void invalidateAfterTest(qc, instanceId);
    }
  }, [instanceId, qc]);

  const cancel = useCallback(async () => {
    setCancelling(true);
    try {
      // False means the run finished meanwhile; its result arrives as usual.
      await ipc.cancelValidation(instanceId);
    } catch (caught) {
      setCancelling(false);
      notifyFailure(toIpcFailure(caught, 'cancel_validation'), 'Could not cancel the run');
    }
  }, [instanceId]);

  return { steps, running, cancelling, result, error, start, cancel };
}

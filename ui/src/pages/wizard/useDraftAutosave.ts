import { useCallback, useEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { registryIpc } from '../../ipcRegistry';
import { toIpcFailure } from '../../ipc';
import { notifyFailure } from '../../notify';
import { draftPayload, draftTitle, type WizardData } from './wizardModel';

export const wizardDraftsKey = ['wizardDrafts'] as const;

const DEBOUNCE_MS = 600;

export type SaveStatus = 'idle' | 'saving' | 'saved' | 'failed';

/**
 * Saves the wizard's state as a draft: 600 ms after the last edit, and at once on a
 * step change. Saves run one after another, so the first one's new id is used by
 * the next instead of two drafts being created. Nothing is saved until something
 * changed, so opening and closing the wizard leaves no empty draft behind.
 */
export function useDraftAutosave(initialId: string | null, step: number, data: WizardData) {
  const qc = useQueryClient();
  const [draftId, setDraftId] = useState(initialId);
  const [status, setStatus] = useState<SaveStatus>('idle');
  const idRef = useRef(initialId);
  const chain = useRef<Promise<void>>(Promise.resolve());
  const stopped = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const pending = useRef<{ step: number; data: WizardData } | null>(null);
  const initial = useRef({ step, data });
  const lastStep = useRef(step);
  const failedBefore = useRef(false);

  const save = useCallback(
    (next: { step: number; data: WizardData }) => {
      chain.current = chain.current.then(async () => {
        if (stopped.current) return;
        setStatus('saving');
        try {
          const saved = await registryIpc.saveWizardDraft({
            id: idRef.current,
            title: draftTitle(next.data),
            step: next.step,
            data: draftPayload(next.data),
          });
          idRef.current = saved.id;
          setDraftId(saved.id);
          setStatus('saved');
          failedBefore.current = false;
          void qc.invalidateQueries({ queryKey: wizardDraftsKey });
        } catch (error) {
          setStatus('failed');
          // Once per failure streak: a save follows every pause in typing.
          if (!failedBefore.current) notifyFailure(toIpcFailure(error), 'Could not save the draft');
          failedBefore.current = true;
        }
      });
      return chain.current;
    },
    [qc],
  );

  const flush = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const next = pending.current;
    pending.current = null;
    if (next) void save(next);
    return chain.current;
  }, [save]);

  useEffect(() => {
    if (stopped.current) return;
    if (step === initial.current.step && data === initial.current.data) return;
    pending.current = { step, data };
    if (step !== lastStep.current) {
      lastStep.current = step;
      void flush();
      return;
    }
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void flush(), DEBOUNCE_MS);
  }, [step, data, flush]);

  // Leaving the wizard (closing it, another page) keeps the last edits too.
  useEffect(() => () => void flush(), [flush]);

  /** No more saves (Finish); resolves once a save in flight has ended. */
  const stop = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    pending.current = null;
    stopped.current = true;
    return chain.current;
  }, []);

  /** Lets saves happen again, e.g. after a failed Finish. */
  const resume = useCallback(() => {
    stopped.current = false;
  }, []);

  return { draftId, status, flush, stop, resume, currentId: () => idRef.current };
}

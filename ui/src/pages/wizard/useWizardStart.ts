import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { IpcFailure } from '../../ipc';
import { registryIpc } from '../../ipcRegistry';
import { usePlatformTypes } from '../../queries';
import { emptyData, restoreData, sandboxData, type WizardData } from './wizardModel';

export interface WizardStart {
  draftId: string | null;
  step: number;
  data: WizardData;
  /** The sandbox was restarted on another port since the draft was saved. */
  sandboxMoved: boolean;
}

/** The sandbox's new endpoint wherever the draft still has the old one. */
function movedSandbox(data: WizardData, endpoint: string): WizardData {
  const old = data.sandboxEndpoint;
  const swap = (value: string) => (value === old ? endpoint : value);
  return {
    ...data,
    sandboxEndpoint: endpoint,
    newType: { ...data.newType, defaultEndpoint: swap(data.newType.defaultEndpoint) },
    connection: { ...data.connection, endpoint: swap(data.connection.endpoint) },
  };
}

/**
 * What the wizard opens with: a resumed draft, the sandbox's pre-filled values
 * (the sandbox is started first), or an empty wizard.
 */
export function useWizardStart(draftId: string | null, sandbox: boolean) {
  const types = usePlatformTypes();
  const draft = useQuery({
    queryKey: ['wizardDraft', draftId],
    queryFn: () => registryIpc.getWizardDraft(draftId ?? ''),
    enabled: draftId !== null,
    // Read once: the wizard owns the state from then on.
    staleTime: Infinity,
    gcTime: 0,
  });
  const restored = useMemo(() => (draft.data ? restoreData(draft.data.data) : null), [draft.data]);
  const needsSandbox = draftId === null ? sandbox : restored?.sandbox === true;
  const sandboxInfo = useQuery({
    queryKey: ['sandbox'],
    queryFn: registryIpc.startSandbox,
    enabled: needsSandbox,
    staleTime: Infinity,
    retry: false,
  });

  const start = useMemo<WizardStart | null>(() => {
    if (draftId !== null) {
      if (!draft.data || !restored) return null;
      if (!restored.sandbox) return { draftId, step: draft.data.step, data: restored, sandboxMoved: false };
      if (!sandboxInfo.data) return null;
      const moved = restored.sandboxEndpoint !== sandboxInfo.data.endpoint;
      return {
        draftId,
        step: draft.data.step,
        data: moved ? movedSandbox(restored, sandboxInfo.data.endpoint) : restored,
        sandboxMoved: moved,
      };
    }
    if (!sandbox) return { draftId: null, step: 0, data: emptyData(), sandboxMoved: false };
    if (!sandboxInfo.data || !types.data) return null;
    return { draftId: null, step: 0, data: sandboxData(sandboxInfo.data, types.data), sandboxMoved: false };
  }, [draftId, draft.data, restored, sandbox, sandboxInfo.data, types.data]);

  const error: IpcFailure | null = draft.error ?? sandboxInfo.error ?? (sandbox ? types.error : null) ?? null;
  // Only what failed is asked again: a disabled query must not run on a retry.
  const retry = () => {
    if (draft.isError) void draft.refetch();
    if (sandboxInfo.isError) void sandboxInfo.refetch();
    if (types.isError) void types.refetch();
  };
  return { start, error, retry };
}

import { useEffect, useRef, useState } from 'react';
import type { CustomField } from '../../bindings/CustomField';
import { toIpcFailure, type IpcFailure } from '../../ipc';
import { registryIpc } from '../../ipcRegistry';

/** Typing pauses this long before Rust builds the preview schema. */
export const PREVIEW_DELAY_MS = 300;

interface PreviewState {
  /** The field list (as JSON) the schema or failure belongs to. */
  signature: string;
  /** The newest schema Rust accepted; kept while the list is invalid. */
  schema: unknown;
  failure: IpcFailure | null;
}

/**
 * The JSON Schema Rust would store for the unsaved fields, so the preview is the
 * form instance owners will get, not a guess at it. `initial` is the stored
 * schema of the saved fields, which needs no round trip.
 */
export function useSchemaPreview(fields: CustomField[], initial: { signature: string; schema: unknown }) {
  const signature = JSON.stringify(fields);
  const [state, setState] = useState<PreviewState>({ ...initial, failure: null });
  const answered = useRef(initial.signature);

  useEffect(() => {
    if (signature === answered.current) return;
    let cancelled = false;
    const timer = setTimeout(() => {
      registryIpc.customFieldsSchema(JSON.parse(signature) as CustomField[]).then(
        (schema) => {
          if (cancelled) return;
          answered.current = signature;
          setState({ signature, schema, failure: null });
        },
        (error: unknown) => {
          if (cancelled) return;
          answered.current = signature;
          setState((prev) => ({ signature, schema: prev.schema, failure: toIpcFailure(error) }));
        },
      );
    }, PREVIEW_DELAY_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [signature]);

  return {
    schema: state.schema,
    failure: state.failure,
    /** The fields changed since the shown schema was built. */
    pending: signature !== state.signature,
  };
}

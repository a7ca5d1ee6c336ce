import { useEffect, useId, useRef, type ReactNode } from 'react';
import { Input } from '@mantine/core';
import { autocompletion, closeBrackets, completionKeymap } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { json } from '@codemirror/lang-json';
import { yaml } from '@codemirror/lang-yaml';
import { bracketMatching, HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { Annotation, Compartment, EditorState } from '@codemirror/state';
import { EditorView, keymap, lineNumbers, placeholder as placeholderExt } from '@codemirror/view';
import { tags } from '@lezer/highlight';
import { templateCompletionSource, type TemplateVariable } from './templateVars';

// Colours are Mantine's CSS variables, so both colour schemes read well.
const highlight = HighlightStyle.define([
  { tag: [tags.string, tags.special(tags.string)], color: 'var(--mantine-color-green-text)' },
  { tag: [tags.number, tags.bool, tags.null, tags.atom], color: 'var(--mantine-color-orange-text)' },
  { tag: [tags.propertyName, tags.definition(tags.propertyName)], color: 'var(--mantine-color-blue-text)' },
  { tag: [tags.keyword, tags.typeName], color: 'var(--mantine-color-violet-text)' },
  { tag: [tags.comment, tags.lineComment, tags.blockComment], color: 'var(--mantine-color-dimmed)', fontStyle: 'italic' },
  { tag: [tags.punctuation, tags.separator, tags.bracket], color: 'var(--mantine-color-dimmed)' },
]);

const theme = EditorView.theme({
  '&': {
    backgroundColor: 'var(--mantine-color-body)',
    color: 'var(--mantine-color-text)',
    border: '1px solid var(--mantine-color-default-border)',
    borderRadius: 'var(--mantine-radius-default)',
    fontSize: 'var(--mantine-font-size-sm)',
  },
  '&.cm-focused': { outline: '2px solid var(--mantine-primary-color-filled)', outlineOffset: '1px' },
  '.cm-content': { fontFamily: 'var(--mantine-font-family-monospace)', caretColor: 'var(--mantine-color-text)' },
  '.cm-cursor': { borderLeftColor: 'var(--mantine-color-text)' },
  '.cm-gutters': {
    backgroundColor: 'var(--mantine-color-default)',
    color: 'var(--mantine-color-dimmed)',
    borderRight: '1px solid var(--mantine-color-default-border)',
  },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground': { backgroundColor: 'var(--mantine-color-blue-light)' },
  '.cm-tooltip': {
    backgroundColor: 'var(--mantine-color-body)',
    color: 'var(--mantine-color-text)',
    border: '1px solid var(--mantine-color-default-border)',
  },
  '.cm-tooltip-autocomplete > ul > li[aria-selected]': {
    backgroundColor: 'var(--mantine-primary-color-light)',
    color: 'var(--mantine-color-text)',
  },
  '.cm-completionDetail': { color: 'var(--mantine-color-dimmed)', marginLeft: '0.5em' },
});

/** Marks the changes that come from the `value` prop, so they are not echoed back. */
const external = Annotation.define<boolean>();

interface CodeEditorProps {
  label: ReactNode;
  value: string;
  onChange?: (value: string) => void;
  language: 'json' | 'yaml';
  /** Offered after `{{`. */
  variables?: readonly TemplateVariable[];
  readOnly?: boolean;
  description?: ReactNode;
  error?: ReactNode;
  placeholder?: string;
  minHeight?: number;
  maxHeight?: number;
  'data-testid'?: string;
}

/**
 * CodeMirror 6 with a visible label (the editable area is labelled by it, so it
 * is found by role "textbox" and its name). Tab is left to move focus on, so the
 * keyboard never gets stuck in the editor.
 */
export function CodeEditor(props: CodeEditorProps) {
  const { language, readOnly = false, minHeight = 120, maxHeight = 420 } = props;
  const id = useId();
  const hostRef = useRef<HTMLDivElement>(null);
  const viewRef = useRef<EditorView | null>(null);
  const latest = useRef(props);
  const completions = useRef(new Compartment());
  useEffect(() => {
    latest.current = props;
  });

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const { value, variables, placeholder } = latest.current;
    const view = new EditorView({
      parent: host,
      state: EditorState.create({
        doc: value,
        extensions: [
          lineNumbers(),
          history(),
          bracketMatching(),
          closeBrackets(),
          language === 'json' ? json() : yaml(),
          syntaxHighlighting(highlight),
          completions.current.of(autocompletion({ override: [templateCompletionSource(variables ?? [])] })),
          keymap.of([...completionKeymap, ...defaultKeymap, ...historyKeymap]),
          EditorView.lineWrapping,
          EditorState.readOnly.of(readOnly),
          EditorView.editable.of(!readOnly),
          EditorView.contentAttributes.of({
            'aria-labelledby': `${id}-label`,
            'aria-describedby': `${id}-description ${id}-error`,
            'aria-multiline': 'true',
            ...(readOnly ? { 'aria-readonly': 'true', tabindex: '0' } : {}),
          }),
          theme,
          EditorView.theme({
            '&': { minHeight: `${minHeight}px`, maxHeight: `${maxHeight}px` },
            '.cm-scroller': { overflow: 'auto' },
          }),
          ...(placeholder ? [placeholderExt(placeholder)] : []),
          EditorView.updateListener.of((update) => {
            if (!update.docChanged || update.transactions.some((t) => t.annotation(external))) return;
            latest.current.onChange?.(update.state.doc.toString());
          }),
        ],
      }),
    });
    viewRef.current = view;
    return () => {
      view.destroy();
      viewRef.current = null;
    };
  }, [id, language, readOnly, minHeight, maxHeight]);

  useEffect(() => {
    const view = viewRef.current;
    if (!view || view.state.doc.toString() === props.value) return;
    view.dispatch({
      changes: { from: 0, to: view.state.doc.length, insert: props.value },
      annotations: external.of(true),
    });
  }, [props.value]);

  const variablesKey = (props.variables ?? []).map((v) => v.name).join('\n');
  useEffect(() => {
    viewRef.current?.dispatch({
      effects: completions.current.reconfigure(
        autocompletion({ override: [templateCompletionSource(latest.current.variables ?? [])] }),
      ),
    });
  }, [variablesKey]);

  return (
    <Input.Wrapper
      label={props.label}
      description={props.description}
      error={props.error}
      labelProps={{ id: `${id}-label`, onClick: () => viewRef.current?.focus() }}
      descriptionProps={{ id: `${id}-description` }}
      errorProps={{ id: `${id}-error` }}
      data-testid={props['data-testid']}
    >
      <div ref={hostRef} data-invalid={props.error ? 'true' : undefined} />
    </Input.Wrapper>
  );
}

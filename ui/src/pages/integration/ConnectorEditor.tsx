import { useMemo, useState } from 'react';
import { Alert, Badge, Button, Grid, Group, List, Stack, Tabs, Text } from '@mantine/core';
import { IconApi, IconDeviceFloppy, IconTemplate } from '@tabler/icons-react';
import type { Instance } from '../../bindings/Instance';
import type { Operation } from '../../bindings/Operation';
import type { PlatformType } from '../../bindings/PlatformType';
import { CodeEditor } from './CodeEditor';
import { extractNames, fromEditOperations, toEditOperations, type EditOperations } from './editModel';
import { authSecret, OPERATIONS, parseConnector, serializeConnector, type HttpDef } from './model';
import type { ImportResult } from './openapi';
import { OpenApiImportModal } from './OpenApiImportModal';
import { OperationEditor, OperationList } from './OperationPanel';
import { PresetPickerModal } from './PresetPickerModal';
import { templateVariables } from './templateVars';
import { TryItPanel } from './TryItPanel';
import { connectorError, useSaveConnector } from './useConnector';

type View = 'form' | 'yaml';

/** Problems of one operation, keyed `<request>.<input>`. */
function errorsOf(errors: Record<string, string>, op: Operation): Record<string, string> {
  return Object.fromEntries(
    Object.entries(errors)
      .filter(([k]) => k.startsWith(`${op}.`))
      .map(([k, v]) => [k.slice(op.length + 1), v]),
  );
}

interface ConnectorEditorProps {
  type: PlatformType;
  instance: Instance | null;
  /** The stored connector (YAML), read once: the editor then owns its copy. */
  initialText: string;
}

/**
 * A custom type's connector, edited in a form or as YAML. The YAML text stays
 * the source until the form changes something, so a definition saved without
 * form edits keeps its comments and layout.
 */
export function ConnectorEditor({ type, instance, initialText }: ConnectorEditorProps) {
  const [first] = useState(() => parseConnector(initialText));
  const [savedText, setSavedText] = useState(initialText);
  const [text, setText] = useState(initialText);
  const [base, setBase] = useState<HttpDef | null>(first.kind === 'http' ? first.def : null);
  const [ops, setOps] = useState<EditOperations>(first.kind === 'http' ? toEditOperations(first.def) : {});
  const [touched, setTouched] = useState(false);
  const [view, setView] = useState<View>(first.kind === 'http' ? 'form' : 'yaml');
  const [viewError, setViewError] = useState<string | null>(first.kind === 'http' ? null : first.message);
  const [selected, setSelected] = useState<Operation>('check');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saveError, setSaveError] = useState<string | null>(null);
  const [importOpen, setImportOpen] = useState(false);
  const [imported, setImported] = useState<ImportResult | null>(null);
  /** The editor's connector when the preset picker opened (null: form edits not writable yet). */
  const [picking, setPicking] = useState<{ current: string | null } | null>(null);
  const [loaded, setLoaded] = useState<string | null>(null);
  const save = useSaveConnector(type.identifier);

  const dirty = touched || text !== savedText;
  const saved = useMemo(() => parseConnector(savedText), [savedText]);
  const extracts = useMemo(() => extractNames(ops), [ops]);
  const variablesFor = (operation: Operation, requestIndex: number) =>
    templateVariables({
      customFields: type.customFields,
      authSecret: base ? authSecret(base.auth) : null,
      extracts,
      operation,
      requestIndex,
    });

  const editOps = (next: EditOperations) => {
    setOps(next);
    setTouched(true);
    setSaveError(null);
  };

  /** The form as YAML, or null after marking what needs fixing. */
  const formText = (): string | null => {
    if (!base) return null;
    const converted = fromEditOperations(base, ops);
    if (!converted.ok) {
      setErrors(converted.errors);
      setSelected(converted.first);
      return null;
    }
    setErrors({});
    return serializeConnector(converted.def, text);
  };

  /** What the editor holds, as text, without marking anything; null when the form cannot be written yet. */
  const currentText = (): string | null => {
    if (view !== 'form' || !touched) return text;
    if (!base) return null;
    const converted = fromEditOperations(base, ops);
    return converted.ok ? serializeConnector(converted.def, text) : null;
  };

  /** Replaces what the editor holds with `next` (a preset), unsaved. */
  const load = (next: string, name: string) => {
    const parsed = parseConnector(next);
    setText(next);
    setTouched(false);
    setErrors({});
    setSaveError(null);
    setImported(null);
    setSelected('check');
    if (parsed.kind === 'http') {
      setBase(parsed.def);
      setOps(toEditOperations(parsed.def));
      setView('form');
      setViewError(null);
    } else {
      setBase(null);
      setOps({});
      setView('yaml');
      setViewError(parsed.message);
    }
    setLoaded(name);
  };

  const switchView = (next: View) => {
    if (next === view) return;
    if (next === 'yaml') {
      if (touched) {
        const out = formText();
        if (out === null) {
          setViewError('Some values need fixing before the YAML can be written; they are marked in the form.');
          return;
        }
        setText(out);
        setTouched(false);
      }
      setViewError(null);
      setView('yaml');
      return;
    }
    const parsed = parseConnector(text);
    if (parsed.kind !== 'http') {
      setViewError(`The form cannot show this definition: ${parsed.message}`);
      return;
    }
    setBase(parsed.def);
    setOps(toEditOperations(parsed.def));
    setErrors({});
    setViewError(null);
    setView('form');
  };

  const submit = async () => {
    let out = text;
    if (view === 'form' && touched) {
      const converted = formText();
      if (converted === null) {
        setSaveError('Some values need fixing first; they are marked in the form.');
        return;
      }
      out = converted;
    }
    try {
      await save.mutateAsync(out);
      setSavedText(out);
      setText(out);
      setTouched(false);
      setSaveError(null);
      setLoaded(null);
    } catch (caught) {
      // Edits stay as they are, so the administrator fixes and saves again.
      setSaveError(connectorError(caught));
    }
  };

  const applyImport = (result: ImportResult) => {
    editOps({ ...ops, ...result.operations });
    setImported(result);
    const firstImported = OPERATIONS.find((op) => result.operations[op]);
    if (firstImported) setSelected(firstImported);
  };

  const invalid = OPERATIONS.filter((op) => Object.keys(errors).some((k) => k.startsWith(`${op}.`))).join(',');
  const defined = OPERATIONS.filter((op) => ops[op]).join(',');
  const unsupported = OPERATIONS.filter((op) => base?.unsupported[op] !== undefined).join(',');

  return (
    <Stack data-testid="connector-editor">
      <Group justify="space-between" align="flex-end">
        <Tabs value={view} onChange={(v) => v && switchView(v as View)} keepMounted={false}>
          <Tabs.List>
            <Tabs.Tab value="form" data-testid="view-form">
              Operations
            </Tabs.Tab>
            <Tabs.Tab value="yaml" data-testid="view-yaml">
              YAML
            </Tabs.Tab>
          </Tabs.List>
        </Tabs>
        <Group gap="xs">
          {dirty && (
            <Badge color="yellow" variant="light" data-testid="connector-dirty">
              Unsaved changes
            </Badge>
          )}
          <Button
            variant="default"
            leftSection={<IconTemplate size={16} />}
            onClick={() => setPicking({ current: currentText() })}
            data-testid="preset-open"
          >
            Start from a preset
          </Button>
          {view === 'form' && (
            <Button variant="default" leftSection={<IconApi size={16} />} onClick={() => setImportOpen(true)} data-testid="openapi-open">
              Import from OpenAPI
            </Button>
          )}
          <Button leftSection={<IconDeviceFloppy size={16} />} onClick={() => void submit()} loading={save.isPending} data-testid="connector-save">
            Save connector
          </Button>
        </Group>
      </Group>
      {saveError && (
        <Alert color="red" title="The connector was not saved" data-testid="connector-save-error" withCloseButton onClose={() => setSaveError(null)}>
          {saveError}
        </Alert>
      )}
      {viewError && (
        <Alert color="red" title="Cannot switch views" data-testid="view-error">
          {viewError}
        </Alert>
      )}
      {loaded && (
        <Alert color="teal" title={`${loaded} is in the editor (not saved yet)`} withCloseButton onClose={() => setLoaded(null)} data-testid="preset-loaded">
          Review its operations and authentication, then press Save connector. Until then the saved connector is
          unchanged, and Try it runs the saved one.
        </Alert>
      )}
      {imported && (
        <Alert color="teal" title="Imported from OpenAPI (not saved yet)" withCloseButton onClose={() => setImported(null)} data-testid="openapi-summary">
          <List size="sm">
            {imported.lines.map((line) => (
              <List.Item key={line}>{line}</List.Item>
            ))}
          </List>
          {imported.review.length > 0 && (
            <Text size="sm" mt="xs" data-testid="openapi-review">
              Review these path parameters; nothing provides them yet (use a value such as {'{{ outputs.tenant_id | path }}'}
              ): {imported.review.join(', ')}
            </Text>
          )}
        </Alert>
      )}
      {view === 'yaml' ? (
        <CodeEditor
          label="Connector definition (YAML)"
          description="The whole definition as stored. Switching back to Operations reads it again."
          language="yaml"
          value={text}
          onChange={(value) => {
            setText(value);
            setSaveError(null);
          }}
          variables={variablesFor(selected, Number.MAX_SAFE_INTEGER)}
          minHeight={320}
          maxHeight={640}
          data-testid="connector-yaml"
        />
      ) : (
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, md: 4 }}>
            <OperationList
              defined={defined}
              selected={selected}
              onSelect={setSelected}
              invalid={invalid}
              unsupported={unsupported}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 8 }}>
            <Stack>
              <OperationEditor
                key={selected}
                operation={selected}
                requests={ops[selected]}
                onChange={(requests) => {
                  const next = { ...ops };
                  if (requests) next[selected] = requests;
                  else delete next[selected];
                  editOps(next);
                }}
                variablesFor={(i) => variablesFor(selected, i)}
                errors={errorsOf(errors, selected)}
                unsupportedReason={base?.unsupported[selected] ?? null}
              />
              <TryItPanel
                key={`${selected}-${instance?.id ?? ''}`}
                operation={selected}
                spec={saved.kind === 'http' ? saved.def.operations[selected] : undefined}
                instance={instance}
                blocked={dirty ? 'Save the connector first: Try it runs the saved definition.' : null}
              />
            </Stack>
          </Grid.Col>
        </Grid>
      )}
      <PresetPickerModal
        opened={picking !== null}
        onClose={() => setPicking(null)}
        current={picking?.current ?? null}
        onLoad={load}
      />
      <OpenApiImportModal
        opened={importOpen}
        onClose={() => setImportOpen(false)}
        defined={OPERATIONS.filter((op) => ops[op])}
        onImport={applyImport}
      />
    </Stack>
  );
}

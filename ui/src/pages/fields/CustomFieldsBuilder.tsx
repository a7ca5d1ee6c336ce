import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Alert, Badge, Button, Group, List, Select, SimpleGrid, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { IconPlus } from '@tabler/icons-react';
import type { CustomField } from '../../bindings/CustomField';
import type { FieldKind } from '../../bindings/FieldKind';
import type { PlatformType } from '../../bindings/PlatformType';
import { toIpcFailure } from '../../ipc';
import { registryIpc } from '../../ipcRegistry';
import { notifySuccess } from '../../notify';
import { notifyUnlessFieldErrors, queryKeys } from '../../queries';
import { BuiltinFields } from './BuiltinFields';
import { FieldEditor, type FieldAttr } from './FieldEditor';
import { FieldsPreview } from './FieldsPreview';
import { fieldsSignature, KIND_OPTIONS, newDraft, toCustomField, toDraft, type DraftField } from './fieldKinds';
import { useSchemaPreview } from './useSchemaPreview';

export interface CustomFieldsBuilderProps {
  type: PlatformType;
  onSaved?: (t: PlatformType) => void;
}

type FieldErrors = Record<number, Record<string, string>>;
const NO_ERRORS: Record<string, string> = {};

/**
 * The builder of a type's custom fields: add, edit, reorder and remove typed
 * fields, beside a live preview of the instance form they make. Built-in types
 * are shown read-only (Rust refuses custom fields for them).
 */
export function CustomFieldsBuilder({ type, onSaved }: CustomFieldsBuilderProps) {
  if (type.builtin) return <BuiltinFields type={type} />;
  // A different type starts a fresh builder; nothing of the previous one carries over.
  return <Builder key={type.identifier} type={type} onSaved={onSaved} />;
}

function Builder({ type, onSaved }: CustomFieldsBuilderProps) {
  const qc = useQueryClient();
  const [baseline, setBaseline] = useState<CustomField[]>(type.customFields);
  const [drafts, setDrafts] = useState<DraftField[]>(() => type.customFields.map(toDraft));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [listErrors, setListErrors] = useState<string[]>([]);
  const [newKind, setNewKind] = useState<FieldKind>('text');
  const rootRef = useRef<HTMLDivElement>(null);
  // Set by a click or key press, applied after the render it causes, so keyboard
  // users keep their place when a row moves, appears or goes.
  const pendingFocus = useRef<string | null>(null);

  useEffect(() => {
    const target = pendingFocus.current;
    if (!target) return;
    pendingFocus.current = null;
    rootRef.current?.querySelector<HTMLElement>(`[data-focus-id="${target}"]`)?.focus();
  });

  const fields = useMemo(() => drafts.map(toCustomField), [drafts]);
  const dirty = JSON.stringify(fields) !== fieldsSignature(baseline);
  const preview = useSchemaPreview(fields, { signature: fieldsSignature(type.customFields), schema: type.configSchema });

  const save = useMutation({
    mutationFn: (list: CustomField[]) => registryIpc.setPlatformTypeFields(type.identifier, list),
    onError: notifyUnlessFieldErrors('Could not save the custom fields'),
  });

  // Stable callbacks taking the row's uid, so FieldEditor's memo holds while typing.
  const update = useCallback((uid: number, next: DraftField, attr: FieldAttr) => {
    setDrafts((list) => list.map((d) => (d.uid === uid ? next : d)));
    setErrors((all) => {
      if (!all[uid]?.[attr]) return all;
      const rest = { ...all[uid] };
      delete rest[attr];
      return { ...all, [uid]: rest };
    });
  }, []);

  const move = useCallback((uid: number, direction: -1 | 1) => {
    setDrafts((list) => {
      const index = list.findIndex((d) => d.uid === uid);
      const target = index + direction;
      if (index < 0 || target < 0 || target >= list.length) return list;
      const atEdge = target === 0 || target === list.length - 1;
      // At the top "Move up" is disabled; keep focus on the button that still works.
      const button = direction === -1 ? (atEdge ? 'down' : 'up') : atEdge ? 'up' : 'down';
      pendingFocus.current = `${uid}-${button}`;
      const next = [...list];
      next[index] = list[target];
      next[target] = list[index];
      return next;
    });
  }, []);

  const remove = useCallback((uid: number) => {
    setDrafts((list) => {
      const index = list.findIndex((d) => d.uid === uid);
      const neighbour = list[index + 1] ?? list[index - 1];
      pendingFocus.current = neighbour ? `${neighbour.uid}-label` : 'cf-add';
      return list.filter((d) => d.uid !== uid);
    });
  }, []);

  const add = () => {
    const draft = newDraft(newKind);
    pendingFocus.current = `${draft.uid}-label`;
    setDrafts((list) => [...list, draft]);
  };

  const discard = () => {
    setDrafts(baseline.map(toDraft));
    setErrors({});
    setListErrors([]);
  };

  const submit = async () => {
    setErrors({});
    setListErrors([]);
    // Errors name fields by position in the list that was sent; the uids keep
    // them on the right row whatever happens to the list afterwards.
    const sent = drafts.map((d) => d.uid);
    try {
      const saved = await save.mutateAsync(fields);
      setBaseline(saved.customFields);
      setDrafts(saved.customFields.map((f, i) => ({ ...toDraft(f), uid: sent[i] ?? toDraft(f).uid })));
      notifySuccess(`Custom fields of ${saved.identifier} saved`);
      void qc.invalidateQueries({ queryKey: queryKeys.platformTypes });
      onSaved?.(saved);
    } catch (error) {
      const failure = toIpcFailure(error);
      if (!failure.belongsToForm) return;
      const byUid: FieldErrors = {};
      const other: string[] = [];
      for (const { field, message } of failure.fields) {
        const match = /^fields\.(\d+)\.(\w+)$/.exec(field);
        const uid = match ? sent[Number(match[1])] : undefined;
        if (match && uid !== undefined) {
          const prev = byUid[uid]?.[match[2]];
          byUid[uid] = { ...byUid[uid], [match[2]]: prev ? `${prev} ${message}` : message };
        } else {
          other.push(message);
        }
      }
      setErrors(byUid);
      setListErrors(other);
    }
  };

  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg" ref={rootRef} data-testid="cf-builder">
      <Stack gap="md">
        <Group justify="space-between">
          <Text size="sm" c="dimmed">
            The configuration every instance of {type.displayName} fills in. Templates read the values as{' '}
            <Text span ff="monospace" size="sm">
              {'{{ fields.<key> }}'}
            </Text>
            .
          </Text>
          {dirty && (
            <Badge color="yellow" variant="light" tt="none" data-testid="cf-unsaved">
              Unsaved changes
            </Badge>
          )}
        </Group>
        {drafts.length === 0 && (
          <Text size="sm" c="dimmed" data-testid="cf-empty">
            No custom fields yet. Choose a kind and add the first one.
          </Text>
        )}
        {drafts.map((draft, index) => (
          <FieldEditor
            key={draft.uid}
            draft={draft}
            index={index}
            count={drafts.length}
            errors={errors[draft.uid] ?? NO_ERRORS}
            onChange={update}
            onMove={move}
            onRemove={remove}
            disabled={save.isPending}
          />
        ))}
        <Group align="flex-end">
          <Select
            label="Kind of the new field"
            data={KIND_OPTIONS}
            allowDeselect={false}
            value={newKind}
            onChange={(v) => v && setNewKind(v as FieldKind)}
            w={200}
            data-testid="cf-new-kind"
          />
          <Button
            variant="light"
            leftSection={<IconPlus size={14} />}
            onClick={add}
            disabled={save.isPending}
            data-testid="cf-add"
            data-focus-id="cf-add"
          >
            Add field
          </Button>
        </Group>
        {listErrors.length > 0 && (
          <Alert color="red" title="The fields could not be saved" data-testid="cf-list-errors">
            <List size="sm">
              {listErrors.map((message, i) => (
                <List.Item key={i}>{message}</List.Item>
              ))}
            </List>
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={discard} disabled={!dirty || save.isPending} data-testid="cf-discard">
            Discard changes
          </Button>
          <Button onClick={() => void submit()} loading={save.isPending} disabled={!dirty} data-testid="cf-save">
            Save custom fields
          </Button>
        </Group>
      </Stack>
      <FieldsPreview
        type={type}
        schema={preview.schema}
        failure={preview.failure}
        pending={preview.pending}
        labels={drafts.map((d) => d.label)}
      />
    </SimpleGrid>
  );
}

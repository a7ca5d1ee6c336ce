import { useState } from 'react';
import { Alert, Badge, Button, Checkbox, Divider, Group, Modal, NativeSelect, ScrollArea, Stack, Table, Text, Textarea, TextInput } from '@mantine/core';
import { IconFileImport } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { open } from '@tauri-apps/plugin-dialog';
import type { OpenApiDocument } from '../../bindings/OpenApiDocument';
import type { OpenApiSource } from '../../bindings/OpenApiSource';
import type { Operation } from '../../bindings/Operation';
import { FieldError } from '../../components/FieldError';
import { toFormErrors, toIpcFailure } from '../../ipc';
import { registryIpc } from '../../ipcRegistry';
import { notifyFailure } from '../../notify';
import { OPERATION_INFO, OPERATIONS } from './model';
import { importEndpoints, type ImportResult } from './openapi';

const OPERATION_OPTIONS = [
  { value: '', label: 'Not imported' },
  ...OPERATIONS.map((op) => ({ value: op, label: `${op} (${OPERATION_INFO[op].label})` })),
];

interface OpenApiImportModalProps {
  opened: boolean;
  onClose: () => void;
  /** Operations already defined, to say which an import replaces. */
  defined: readonly Operation[];
  onImport: (result: ImportResult) => void;
}

export function OpenApiImportModal(props: OpenApiImportModalProps) {
  return (
    <Modal opened={props.opened} onClose={props.onClose} title="Import operations from OpenAPI" size="xl">
      {/* Mounted only while open: a new import starts clean. */}
      {props.opened && <ImportBody {...props} />}
    </Modal>
  );
}

type Row = { checked: boolean; operation: Operation | null };

function ImportBody({ onClose, defined, onImport }: OpenApiImportModalProps) {
  const [url, setUrl] = useState('');
  const [text, setText] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [doc, setDoc] = useState<OpenApiDocument | null>(null);
  const [rows, setRows] = useState<Row[]>([]);
  const [rowError, setRowError] = useState<string | null>(null);
  const read = useMutation({
    mutationFn: (source: OpenApiSource) => registryIpc.importOpenApi(source),
    onMutate: () => setErrors({}),
    onSuccess: (document) => {
      setDoc(document);
      setRows(document.endpoints.map((e) => ({ checked: e.suggestedOperation !== null, operation: e.suggestedOperation })));
    },
    onError: (error) => {
      const failure = toIpcFailure(error);
      if (failure.belongsToForm) setErrors(toFormErrors(failure.fields));
      else notifyFailure(failure, 'Could not read the OpenAPI document');
    },
  });
  const source = read.variables ? Object.keys(read.variables)[0] : null;
  const pending = (kind: string) => read.isPending && source === kind;
  const err = (key: string) => (errors[key] ? <FieldError testId={`openapi-${key}`}>{errors[key]}</FieldError> : undefined);

  const chooseFile = async () => {
    const path = await open({
      multiple: false,
      directory: false,
      filters: [{ name: 'OpenAPI document', extensions: ['yaml', 'yml', 'json'] }],
    });
    if (typeof path === 'string') read.mutate({ path });
  };

  const submit = () => {
    if (!doc) return;
    const chosen = rows.flatMap((row, i) => (row.checked ? [{ row, endpoint: doc.endpoints[i] }] : []));
    if (chosen.some(({ row }) => row.operation === null)) {
      setRowError('Choose an operation for every endpoint to import, or untick it.');
      return;
    }
    onImport(importEndpoints(chosen.map(({ row, endpoint }) => ({ endpoint, operation: row.operation as Operation }))));
    onClose();
  };

  const checked = rows.filter((r) => r.checked);
  const replaced = [...new Set(checked.map((r) => r.operation))].filter((op): op is Operation => op !== null && defined.includes(op));
  const update = (i: number, patch: Partial<Row>) => {
    setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
    setRowError(null);
  };

  return (
    <Stack>
      <Text size="sm">
        Read an OpenAPI 3 document (YAML or JSON), then pick the endpoints that implement each operation. Nothing is
        saved until you save the connector.
      </Text>
      <Stack gap={4}>
        <Group>
          <Button variant="light" leftSection={<IconFileImport size={16} />} onClick={() => void chooseFile()} loading={pending('path')} data-testid="openapi-file">
            Choose file…
          </Button>
        </Group>
        {errors.path && (
          <Text size="sm" c="red" role="alert">
            {err('path')}
          </Text>
        )}
      </Stack>
      <Group align="flex-end" wrap="nowrap">
        <TextInput
          style={{ flex: 1 }}
          label="Document URL"
          placeholder="https://api.example.com/openapi.yaml"
          value={url}
          onChange={(e) => setUrl(e.currentTarget.value)}
          error={err('url')}
          data-testid="openapi-url"
        />
        <Button onClick={() => read.mutate({ url: url.trim() })} loading={pending('url')} disabled={url.trim() === ''} data-testid="openapi-fetch" mb={errors.url ? 22 : 0}>
          Fetch
        </Button>
      </Group>
      <Textarea
        label="Paste the document"
        autosize
        minRows={3}
        maxRows={10}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        error={err('text')}
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        data-testid="openapi-text"
      />
      <Group>
        <Button variant="light" onClick={() => read.mutate({ text })} loading={pending('text')} disabled={text.trim() === ''} data-testid="openapi-read-text">
          Read pasted document
        </Button>
      </Group>
      {doc && (
        <>
          <Divider />
          <Group gap="xs" data-testid="openapi-title">
            <Text fw={600}>{doc.title}</Text>
            {doc.version && <Badge variant="light">{doc.version}</Badge>}
            <Text size="sm" c="dimmed">
              {doc.endpoints.length} endpoints
            </Text>
          </Group>
          {doc.server && (
            <Text size="sm" c="dimmed" data-testid="openapi-server">
              The document&apos;s server is {doc.server}. Paths are relative to the instance endpoint: set the endpoint to
              that URL, or add its path to the imported paths.
            </Text>
          )}
          <ScrollArea.Autosize mah={360}>
            <Table striped highlightOnHover data-testid="openapi-endpoints">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={60}>Import</Table.Th>
                  <Table.Th w={80}>Method</Table.Th>
                  <Table.Th>Path</Table.Th>
                  <Table.Th>Summary</Table.Th>
                  <Table.Th w={260}>Operation</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {doc.endpoints.map((e, i) => (
                  <Table.Tr key={`${e.method} ${e.path}`} data-testid="openapi-endpoint">
                    <Table.Td>
                      <Checkbox aria-label={`Import ${e.method} ${e.path}`} checked={rows[i]?.checked ?? false} onChange={(ev) => update(i, { checked: ev.currentTarget.checked })} />
                    </Table.Td>
                    <Table.Td ff="monospace">{e.method}</Table.Td>
                    <Table.Td ff="monospace" style={{ overflowWrap: 'anywhere' }}>
                      {e.path}
                    </Table.Td>
                    <Table.Td>{e.summary}</Table.Td>
                    <Table.Td>
                      <NativeSelect
                        aria-label={`Operation for ${e.method} ${e.path}`}
                        data={OPERATION_OPTIONS}
                        value={rows[i]?.operation ?? ''}
                        onChange={(ev) => {
                          const value = ev.currentTarget.value as Operation | '';
                          update(i, { operation: value || null, checked: value !== '' });
                        }}
                        size="xs"
                      />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea.Autosize>
          {replaced.length > 0 && (
            <Text size="sm" c="dimmed" data-testid="openapi-replaces">
              Importing replaces the current definition of {replaced.join(', ')}.
            </Text>
          )}
          {rowError && (
            <Alert color="red" data-testid="openapi-row-error">
              {rowError}
            </Alert>
          )}
        </>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        <Button onClick={submit} disabled={!doc || checked.length === 0} data-testid="openapi-import">
          Import {checked.length === 1 ? '1 endpoint' : `${checked.length} endpoints`}
        </Button>
      </Group>
    </Stack>
  );
}

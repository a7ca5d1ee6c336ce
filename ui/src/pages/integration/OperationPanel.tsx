import { memo } from 'react';
import { Badge, Button, Code, Group, NavLink, Stack, Text, Title } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import type { Operation } from '../../bindings/Operation';
import { WRAP_ANYWHERE } from '../../components/LongText';
import { newEditRequest, type EditRequest } from './editModel';
import { OPERATION_INFO, OPERATIONS } from './model';
import { RequestEditor } from './RequestEditor';
import type { TemplateVariable } from './templateVars';

export function DefinedBadge({ defined, required, unsupported = false }: { defined: boolean; required: boolean; unsupported?: boolean }) {
  if (defined) {
    return (
      <Badge size="sm" variant="light" color="teal">
        Defined
      </Badge>
    );
  }
  if (unsupported) {
    return (
      <Badge size="sm" variant="outline" color="gray">
        Not supported
      </Badge>
    );
  }
  return (
    <Badge size="sm" variant="light" color={required ? 'red' : 'gray'}>
      {required ? 'Required' : 'Not defined'}
    </Badge>
  );
}

/**
 * The ten operations, each with whether the connector defines it. Plain strings
 * and a stable callback as props, so typing in a request does not redraw it.
 */
export const OperationList = memo(function OperationList(props: {
  /** The defined operations, comma-separated. */
  defined: string;
  selected: Operation;
  onSelect: (op: Operation) => void;
  /** Operations with problems to fix, comma-separated. */
  invalid: string;
  /** Operations the connector deliberately leaves out, comma-separated. */
  unsupported?: string;
}) {
  const defined = new Set(props.defined.split(','));
  const invalid = new Set(props.invalid.split(','));
  const unsupported = new Set((props.unsupported ?? '').split(','));
  return (
    <Stack gap={2} component="nav" aria-label="Operations" data-testid="operation-list">
      {OPERATIONS.map((op) => (
        <NavLink
          key={op}
          component="button"
          type="button"
          active={props.selected === op}
          aria-current={props.selected === op ? 'true' : undefined}
          label={OPERATION_INFO[op].label}
          description={op}
          // Operation ids have no spaces: in a 1024 px window the column is narrow
          // enough that they were cut (create_t…); break them anywhere instead.
          styles={{ description: { overflowWrap: 'anywhere' }, label: { overflowWrap: 'anywhere' } }}
          color={invalid.has(op) ? 'red' : undefined}
          rightSection={<DefinedBadge defined={defined.has(op)} required={op === 'check'} unsupported={unsupported.has(op)} />}
          onClick={() => props.onSelect(op)}
          data-testid={`operation-${op}`}
          data-defined={defined.has(op)}
          data-unsupported={!defined.has(op) && unsupported.has(op) ? 'true' : undefined}
        />
      ))}
    </Stack>
  );
});

interface OperationEditorProps {
  operation: Operation;
  requests: EditRequest[] | undefined;
  onChange: (requests: EditRequest[] | undefined) => void;
  variablesFor: (requestIndex: number) => readonly TemplateVariable[];
  /** Problems of this operation, keyed `<request>.<input>`. */
  errors: Record<string, string>;
  /** Why the connector deliberately leaves this operation out, if it does. */
  unsupportedReason?: string | null;
}

function requestErrors(errors: Record<string, string>, index: number): Record<string, string> {
  const prefix = `${index}.`;
  return Object.fromEntries(
    Object.entries(errors)
      .filter(([k]) => k.startsWith(prefix))
      .map(([k, v]) => [k.slice(prefix.length), v]),
  );
}

/** One operation: its requests, run in order. */
export function OperationEditor({ operation, requests, onChange, variablesFor, errors, unsupportedReason }: OperationEditorProps) {
  const info = OPERATION_INFO[operation];
  return (
    <Stack gap="sm" data-testid="operation-editor" data-operation={operation}>
      <Group justify="space-between" align="flex-start">
        <Stack gap={2}>
          <Title order={4}>
            {info.label} <Code>{operation}</Code>
          </Title>
          <Text size="sm" c="dimmed">
            {info.description}
            {operation === 'check' && ' Every connector needs it.'}
          </Text>
        </Stack>
        {requests && operation !== 'check' && (
          <Button
            variant="subtle"
            color="red"
            leftSection={<IconTrash size={16} />}
            onClick={() => onChange(undefined)}
            data-testid="operation-remove"
          >
            Remove operation
          </Button>
        )}
      </Group>
      {!requests ? (
        <Stack gap="xs" align="flex-start">
          {unsupportedReason ? (
            <Stack gap={2} data-testid="operation-undefined" data-unsupported="true">
              <Text size="sm" fw={500} style={WRAP_ANYWHERE}>
                Not supported: {unsupportedReason}
              </Text>
              <Text size="sm" c="dimmed">
                The connector deliberately leaves {operation} out; the validation suite reports it as not supported,
                not as a failure. Defining it takes it off the unsupported list.
              </Text>
            </Stack>
          ) : (
            <Text size="sm" data-testid="operation-undefined">
              This connector does not define {operation}. Tests and the validation suite report it as skipped.
            </Text>
          )}
          <Button
            leftSection={<IconPlus size={16} />}
            onClick={() => onChange([newEditRequest()])}
            data-testid="operation-define"
          >
            Define {info.label.toLowerCase()}
          </Button>
        </Stack>
      ) : (
        <>
          {requests.length > 1 && (
            <Text size="sm" c="dimmed">
              The requests run in order; a later one can read what an earlier one extracts.
            </Text>
          )}
          {requests.map((request, i) => (
            <RequestEditor
              key={i}
              request={request}
              index={i}
              onChange={(patch) => onChange(requests.map((r, j) => (j === i ? { ...r, ...patch } : r)))}
              onRemove={requests.length > 1 ? () => onChange(requests.filter((_, j) => j !== i)) : undefined}
              variables={variablesFor(i)}
              errors={requestErrors(errors, i)}
            />
          ))}
          <Group>
            <Button
              variant="light"
              leftSection={<IconPlus size={16} />}
              onClick={() => onChange([...requests, newEditRequest()])}
              data-testid="request-add"
            >
              Add request
            </Button>
          </Group>
        </>
      )}
    </Stack>
  );
}

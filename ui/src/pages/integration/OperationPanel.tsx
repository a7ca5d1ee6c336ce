import { memo } from 'react';
import { Badge, Button, Code, Group, NavLink, Stack, Text, Title } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import type { Operation } from '../../bindings/Operation';
import { newEditRequest, type EditRequest } from './editModel';
import { OPERATION_INFO, OPERATIONS } from './model';
import { RequestEditor } from './RequestEditor';
import type { TemplateVariable } from './templateVars';

export function DefinedBadge({ defined, required }: { defined: boolean; required: boolean }) {
  if (defined) {
    return (
      <Badge size="sm" variant="light" color="teal">
        Defined
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
}) {
  const defined = new Set(props.defined.split(','));
  const invalid = new Set(props.invalid.split(','));
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
          color={invalid.has(op) ? 'red' : undefined}
          rightSection={<DefinedBadge defined={defined.has(op)} required={op === 'check'} />}
          onClick={() => props.onSelect(op)}
          data-testid={`operation-${op}`}
          data-defined={defined.has(op)}
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
export function OperationEditor({ operation, requests, onChange, variablesFor, errors }: OperationEditorProps) {
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
          <Text size="sm" data-testid="operation-undefined">
            This connector does not define {operation}. Tests and the validation suite report it as skipped.
          </Text>
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

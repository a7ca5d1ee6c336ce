import { Box, Button, Group, NativeSelect, Paper, Stack, TextInput, Title } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import type { Method } from '../../bindings/Method';
import { FieldError } from '../../components/FieldError';
import { CodeEditor } from './CodeEditor';
import { errorsUnder as under, type BodyKind, type EditRequest } from './editModel';
import { KeyValueRows } from './KeyValueRows';
import { METHODS } from './model';
import { SuccessRules } from './SuccessRules';
import { TemplateInput } from './TemplateInput';
import type { TemplateVariable } from './templateVars';

/** Wide enough for DELETE and the select's arrow. */
const METHOD_WIDTH = 112;
/** Two groups of rows side by side while each has room for a name and a value. */
const HALF = { flex: '1 1 260px', minWidth: 0 };

const BODY_KINDS = [
  { value: 'none', label: 'No body' },
  { value: 'json', label: 'JSON' },
  { value: 'form', label: 'Form fields' },
];

interface RequestEditorProps {
  request: EditRequest;
  index: number;
  onChange: (patch: Partial<EditRequest>) => void;
  /** Absent for an operation's only request: an operation needs one. */
  onRemove?: () => void;
  variables: readonly TemplateVariable[];
  /** This request's problems, keyed by input (`path`, `expect`, `headers.0.key`…). */
  errors: Record<string, string>;
}

export function RequestEditor({ request, index, onChange, onRemove, variables, errors }: RequestEditorProps) {
  const id = `request-${index}`;
  const err = (key: string) => (errors[key] ? <FieldError testId={`${id}-${key}`}>{errors[key]}</FieldError> : undefined);
  const changeBodyKind = (kind: BodyKind) =>
    onChange({ bodyKind: kind, bodyText: kind === 'json' && request.bodyText.trim() === '' ? '{\n  \n}' : request.bodyText });

  return (
    <Paper withBorder p="sm" radius="md" data-testid={id}>
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={5}>
            Request {index + 1}
            {request.name ? `: ${request.name}` : ''}
          </Title>
          {onRemove && (
            <Button
              size="compact-sm"
              variant="subtle"
              color="red"
              leftSection={<IconTrash size={14} />}
              onClick={onRemove}
              data-testid={`${id}-remove`}
            >
              Remove request {index + 1}
            </Button>
          )}
        </Group>
        <TextInput
          label="Name"
          description="Shown in test results"
          placeholder="e.g. create namespace"
          value={request.name}
          onChange={(e) => onChange({ name: e.currentTarget.value })}
          maw={360}
          data-testid={`${id}-name`}
        />
        {/* The method is a short word; the path gets the rest of the row, however wide. */}
        <Group gap="sm" align="flex-start" wrap="nowrap" data-testid={`${id}-target`}>
          <NativeSelect
            label="Method"
            data={METHODS as Method[]}
            value={request.method}
            onChange={(e) => onChange({ method: e.currentTarget.value as Method })}
            w={METHOD_WIDTH}
            style={{ flex: 'none' }}
            data-testid={`${id}-method`}
          />
          <Box style={{ flex: '1 1 0', minWidth: 0 }} data-testid={`${id}-path-box`}>
            <TemplateInput
              label="Path"
              description="Relative to the instance endpoint; type {{ for values"
              // Under the input, so the path's input lines up with the method's.
              inputWrapperOrder={['label', 'input', 'description', 'error']}
              value={request.path}
              onChange={(path) => onChange({ path })}
              variables={variables}
              error={err('path')}
              data-testid={`${id}-path`}
            />
          </Box>
        </Group>
        <Group gap="md" align="flex-start">
          <Box style={HALF}>
            <KeyValueRows
              title="Query parameters"
              noun="query parameter"
              keyLabel="Parameter"
              valueLabel="Value (template)"
              pairs={request.query}
              onChange={(query) => onChange({ query })}
              errors={under(errors, 'query')}
              testId={`${id}-query`}
            />
          </Box>
          <Box style={HALF}>
            <KeyValueRows
              title="Headers"
              noun="header"
              keyLabel="Header name"
              valueLabel="Value (template)"
              pairs={request.headers}
              onChange={(headers) => onChange({ headers })}
              errors={under(errors, 'headers')}
              testId={`${id}-headers`}
            />
          </Box>
        </Group>
        <NativeSelect
          label="Body"
          data={BODY_KINDS}
          value={request.bodyKind}
          onChange={(e) => changeBodyKind(e.currentTarget.value as BodyKind)}
          w={200}
          data-testid={`${id}-body-kind`}
        />
        {request.bodyKind === 'json' && (
          <CodeEditor
            label="Body (JSON template)"
            description='Strings are templates: type {{ for values. A string that is only "{{ quota.value }}" keeps its type.'
            language="json"
            value={request.bodyText}
            onChange={(bodyText) => onChange({ bodyText })}
            variables={variables}
            error={err('body')}
            data-testid={`${id}-body`}
          />
        )}
        {request.bodyKind === 'form' && (
          <KeyValueRows
            title="Form fields"
            noun="form field"
            keyLabel="Field name"
            valueLabel="Value (template)"
            pairs={request.form}
            onChange={(form) => onChange({ form })}
            errors={under(errors, 'form')}
            testId={`${id}-form`}
          />
        )}
        <SuccessRules id={id} request={request} onChange={onChange} variables={variables} errors={errors} />
        <KeyValueRows
          title="Extract (outputs for later requests: outputs.<name>)"
          noun="output"
          keyLabel="Output name"
          valueLabel="JSON Pointer or JMESPath"
          keyPlaceholder="tenant_id"
          valuePlaceholder="/id"
          pairs={request.extract}
          onChange={(extract) => onChange({ extract })}
          errors={under(errors, 'extract')}
          testId={`${id}-extract`}
        />
      </Stack>
    </Paper>
  );
}

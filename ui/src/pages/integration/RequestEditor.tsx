import { Button, Group, NativeSelect, Paper, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import type { Method } from '../../bindings/Method';
import { FieldError } from '../../components/FieldError';
import { CodeEditor } from './CodeEditor';
import { errorsUnder as under, type BodyKind, type EditRequest } from './editModel';
import { KeyValueRows } from './KeyValueRows';
import { METHODS } from './model';
import { TemplateInput } from './TemplateInput';
import type { TemplateVariable } from './templateVars';

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
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <TextInput
            label="Name"
            description="Shown in test results"
            placeholder="e.g. create namespace"
            value={request.name}
            onChange={(e) => onChange({ name: e.currentTarget.value })}
            data-testid={`${id}-name`}
          />
          <NativeSelect
            label="Method"
            description="HTTP method"
            data={METHODS as Method[]}
            value={request.method}
            onChange={(e) => onChange({ method: e.currentTarget.value as Method })}
            data-testid={`${id}-method`}
          />
          <TemplateInput
            label="Path"
            description="Relative to the instance endpoint; type {{ for values"
            value={request.path}
            onChange={(path) => onChange({ path })}
            variables={variables}
            error={err('path')}
            data-testid={`${id}-path`}
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
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
        </SimpleGrid>
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
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <TextInput
            label="Expected statuses"
            description="Separated by commas; empty means any 2xx"
            placeholder="200, 201"
            value={request.expectText}
            onChange={(e) => onChange({ expectText: e.currentTarget.value })}
            error={err('expect')}
            data-testid={`${id}-expect`}
          />
          <TextInput
            label="Not-found status"
            description='The status meaning "does not exist"'
            placeholder="404"
            value={request.notFoundText}
            onChange={(e) => onChange({ notFoundText: e.currentTarget.value })}
            error={err('notFound')}
            data-testid={`${id}-not-found`}
          />
          <TextInput
            label="Error message pointer"
            description="Where the platform's error text is"
            placeholder="/message"
            value={request.errorMessage}
            onChange={(e) => onChange({ errorMessage: e.currentTarget.value })}
            data-testid={`${id}-error-message`}
          />
        </SimpleGrid>
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
        {request.success.length > 0 && (
          <Text size="xs" c="dimmed" data-testid={`${id}-success-rules`}>
            {request.success.length === 1 ? '1 success rule' : `${request.success.length} success rules`} (
            {request.success.map((r) => r.pointer).join(', ')}) are kept; edit them in the YAML view.
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

import { useState } from 'react';
import { Alert, Card, Group, List, Loader, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { PlatformType } from '../../bindings/PlatformType';
import type { IpcFailure } from '../../ipc';
import { InstanceFieldsForm, schemaDefaults } from './InstanceFieldsForm';

interface FieldsPreviewProps {
  type: PlatformType;
  schema: unknown;
  failure: IpcFailure | null;
  pending: boolean;
  /** Labels of the builder's fields, to name them in the preview's errors. */
  labels: string[];
}

/** "fields.2.options" → "Field 3 (Region): …", in the builder's numbering. */
function describeError(field: string, message: string, labels: string[]): string {
  const match = /^fields\.(\d+)\./.exec(field);
  if (!match) return message;
  const n = Number(match[1]);
  const label = labels[n]?.trim();
  return `Field ${n + 1}${label ? ` (${label})` : ''}: ${message}`;
}

/**
 * The instance form exactly as instance owners will get it, from the schema Rust
 * built for the unsaved fields. Values typed here go nowhere; they start from the
 * defaults again whenever the fields change.
 */
export function FieldsPreview({ type, schema, failure, pending, labels }: FieldsPreviewProps) {
  const [state, setState] = useState(() => ({ schema, values: schemaDefaults(schema) }));
  if (state.schema !== schema) setState({ schema, values: schemaDefaults(schema) });
  const empty = labels.length === 0;

  return (
    <Card withBorder radius="md" data-testid="cf-preview" aria-labelledby="cf-preview-title">
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap">
          <div>
            <Title order={4} id="cf-preview-title">
              Preview
            </Title>
            <Text size="sm" c="dimmed">
              The form instance owners fill in
            </Text>
          </div>
          {pending && <Loader size="xs" aria-label="Updating the preview" data-testid="cf-preview-pending" />}
        </Group>
        {failure && !empty && (
          <Alert
            color="yellow"
            icon={<IconAlertTriangle size={18} />}
            title="Fix the fields to update the preview"
            data-testid="cf-preview-errors"
          >
            {failure.fields.length > 0 ? (
              <List size="sm">
                {failure.fields.map((f, i) => (
                  <List.Item key={i}>{describeError(f.field, f.message, labels)}</List.Item>
                ))}
              </List>
            ) : (
              <Text size="sm">{failure.message}</Text>
            )}
          </Alert>
        )}
        {empty ? (
          <Text size="sm" c="dimmed" data-testid="cf-preview-empty">
            Add a field to see the form here.
          </Text>
        ) : (
          <InstanceFieldsForm
            type={type}
            schema={state.schema}
            values={state.values}
            onChange={(values) => setState((s) => ({ ...s, values }))}
          />
        )}
      </Stack>
    </Card>
  );
}

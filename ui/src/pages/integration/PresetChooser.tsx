import { useState, type ReactNode } from 'react';
import { Alert, Badge, Button, Group, Loader, Radio, SimpleGrid, Stack, Text } from '@mantine/core';
import type { ConnectorPreset } from '../../bindings/ConnectorPreset';
import { QueryError } from '../../components/QueryError';
import { AUTH_LABELS } from './authModel';
import { OPERATIONS, parseConnector, scratchConnector, serializeConnector } from './model';
import { connectorError, useConnectorPresets, useSaveConnector } from './useConnector';

const SCRATCH = 'scratch';

/** What a preset covers, read from its definition (shown on its card). */
function presetSummary(preset: ConnectorPreset): { operations: number; auth: string } | null {
  const parsed = parseConnector(preset.definition);
  if (parsed.kind !== 'http') return null;
  return {
    operations: OPERATIONS.filter((op) => parsed.def.operations[op]).length,
    auth: AUTH_LABELS[parsed.def.auth.type],
  };
}

function ChoiceCard({ value, title, description, extra }: { value: string; title: string; description: string; extra?: ReactNode }) {
  const descriptionId = `preset-${value}-description`;
  return (
    <Radio.Card value={value} radius="md" p="md" aria-label={title} aria-describedby={descriptionId} data-testid={`preset-${value}`}>
      <Group wrap="nowrap" align="flex-start">
        <Radio.Indicator />
        <Stack gap={4}>
          <Text fw={600}>{title}</Text>
          <Text size="sm" c="dimmed" id={descriptionId}>
            {description}
          </Text>
          {extra}
        </Stack>
      </Group>
    </Radio.Card>
  );
}

/** The first connector of a custom type: a preset or an almost empty one. */
export function PresetChooser({ identifier }: { identifier: string }) {
  const presets = useConnectorPresets();
  const save = useSaveConnector(identifier, 'Connector created');
  const [choice, setChoice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  if (presets.isPending) return <Loader aria-label="Loading connector presets" />;
  if (presets.isError) return <QueryError title="Could not load the connector presets" error={presets.error} onRetry={() => void presets.refetch()} />;

  const submit = async () => {
    const preset = presets.data.find((p) => p.id === choice);
    const text = preset ? preset.definition : serializeConnector(scratchConnector());
    try {
      await save.mutateAsync(text);
    } catch (caught) {
      setError(connectorError(caught));
    }
  };

  return (
    <Stack data-testid="preset-chooser">
      <Text size="sm">
        This type has no connector yet. Start from a preset (each is tested against a real or reference platform) and
        adapt it, or start from scratch with only a health check.
      </Text>
      <Radio.Group
        label="Start from"
        value={choice}
        onChange={(value) => {
          setChoice(value);
          setError(null);
        }}
      >
        <SimpleGrid cols={{ base: 1, sm: 2 }} mt="xs">
          {presets.data.map((preset) => {
            const summary = presetSummary(preset);
            return (
              <ChoiceCard
                key={preset.id}
                value={preset.id}
                title={preset.name}
                description={preset.description}
                extra={
                  summary && (
                    <Group gap={4}>
                      <Badge size="xs" variant="light">
                        {summary.operations} of 10 operations
                      </Badge>
                      <Badge size="xs" variant="light" color="gray">
                        {summary.auth}
                      </Badge>
                    </Group>
                  )
                }
              />
            );
          })}
          <ChoiceCard
            value={SCRATCH}
            title="Start from scratch"
            description="An HTTP connector with only the required check operation (GET /); add the rest yourself or import them from an OpenAPI document."
          />
        </SimpleGrid>
      </Radio.Group>
      {error && (
        <Alert color="red" title="The connector was not saved" data-testid="preset-error">
          {error}
        </Alert>
      )}
      <Group>
        <Button onClick={() => void submit()} disabled={choice === null} loading={save.isPending} data-testid="preset-use">
          Use this connector
        </Button>
        {choice === null && (
          <Text size="sm" c="dimmed">
            Choose a preset or start from scratch.
          </Text>
        )}
      </Group>
    </Stack>
  );
}

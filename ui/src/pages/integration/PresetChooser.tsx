import { useState } from 'react';
import { Alert, Button, Group, Loader, Radio, Stack, Text } from '@mantine/core';
import { QueryError } from '../../components/QueryError';
import { scratchConnector, serializeConnector } from './model';
import { PresetCards, PresetNotes } from './PresetCards';
import { connectorError, useConnectorPresets, useSaveConnector } from './useConnector';

/** The first connector of a custom type: a preset or an almost empty one. */
export function PresetChooser({ identifier }: { identifier: string }) {
  const presets = useConnectorPresets();
  const save = useSaveConnector(identifier, 'Connector created');
  const [choice, setChoice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  if (presets.isPending) return <Loader aria-label="Loading connector presets" />;
  if (presets.isError) return <QueryError title="Could not load the connector presets" error={presets.error} onRetry={() => void presets.refetch()} />;

  const preset = presets.data.find((p) => p.id === choice);
  const submit = async () => {
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
        This type has no connector yet. Start from a preset (each card says what it covers and what it was checked against)
        and adapt it, or start from scratch with only a health check.
      </Text>
      <Radio.Group
        label="Start from"
        value={choice}
        onChange={(value) => {
          setChoice(value);
          setError(null);
        }}
      >
        <PresetCards presets={presets.data} />
      </Radio.Group>
      {preset && <PresetNotes preset={preset} />}
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

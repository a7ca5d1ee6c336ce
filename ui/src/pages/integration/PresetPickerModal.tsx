import { useState } from 'react';
import { Alert, Button, Checkbox, Group, List, Loader, Modal, Radio, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { ConnectorPreset } from '../../bindings/ConnectorPreset';
import { QueryError } from '../../components/QueryError';
import { parseConnector, scratchConnector, serializeConnector } from './model';
import { PresetCards, PresetNotes, SCRATCH } from './PresetCards';
import { connectorDifferences, keepsSomething, withAuthOf } from './presetModel';
import { useConnectorPresets } from './useConnector';

interface PresetPickerModalProps {
  opened: boolean;
  onClose: () => void;
  /**
   * The connector in the editor as text, read when the picker opens; null when
   * the form holds edits that cannot be written yet.
   */
  current: string | null;
  /** Puts `text` in the editor (unsaved); `name` says where it came from. */
  onLoad: (text: string, name: string) => void;
}

/**
 * The shipped presets, to load one into the editor. Loading saves nothing; when
 * the editor holds something else, the picker says what would be replaced and
 * the button says Replace, so nothing goes without the administrator's say.
 */
export function PresetPickerModal(props: PresetPickerModalProps) {
  return (
    <Modal opened={props.opened} onClose={props.onClose} title="Start from a preset" size="xl">
      {/* Mounted only while open: each opening compares with the editor as it is then. */}
      {props.opened && <PickerBody {...props} />}
    </Modal>
  );
}

function PickerBody({ onClose, current, onLoad }: PresetPickerModalProps) {
  const presets = useConnectorPresets();
  const [choice, setChoice] = useState<string | null>(null);
  const [keepAuth, setKeepAuth] = useState(false);

  if (presets.isPending) return <Loader aria-label="Loading connector presets" />;
  if (presets.isError) {
    return <QueryError title="Could not load the connector presets" error={presets.error} onRetry={() => void presets.refetch()} />;
  }

  const preset: ConnectorPreset | null =
    choice === SCRATCH
      ? { id: SCRATCH, name: 'Start from scratch', description: '', definition: serializeConnector(scratchConnector()) }
      : (presets.data.find((p) => p.id === choice) ?? null);
  const currentDef = current === null ? null : parseConnector(current);
  const presetDef = preset ? parseConnector(preset.definition) : null;
  // Offered when both are HTTP connectors and the authentication or timeouts differ.
  const canKeepAuth =
    currentDef?.kind === 'http' && presetDef?.kind === 'http' && keepsSomething(currentDef.def, presetDef.def);
  const text =
    preset && keepAuth && canKeepAuth && currentDef.kind === 'http' ? withAuthOf(preset.definition, currentDef.def) : preset?.definition;
  const differences = text === undefined ? [] : connectorDifferences(current, text);
  const label = preset ? (choice === SCRATCH ? 'an almost empty connector' : `the ${preset.name} preset`) : '';

  return (
    <Stack data-testid="preset-picker">
      <Text size="sm">
        Presets are ready-made connectors shipped with Platform Builder. Loading one puts it in the editor as unsaved
        changes: the saved connector stays as it is until you press Save connector.
      </Text>
      <Radio.Group label="Preset" value={choice} onChange={setChoice}>
        <PresetCards presets={presets.data} />
      </Radio.Group>
      {preset && choice !== SCRATCH && <PresetNotes preset={preset} />}
      {preset && differences.length > 0 && (
        <Alert color="orange" icon={<IconAlertTriangle />} title="This replaces the connector in the editor" data-testid="preset-replace-warning">
          <Text size="sm">Loading {label} replaces, in the editor:</Text>
          <List size="sm" data-testid="preset-differences">
            {differences.map((d) => (
              <List.Item key={d}>{d}</List.Item>
            ))}
          </List>
          {canKeepAuth && (
            <Checkbox
              mt="sm"
              label="Keep this connector's authentication and timeouts (as set in the Connection step)"
              description="The preset's operations then run with them; a preset that needs its own scheme (a login) may not work with another."
              checked={keepAuth}
              onChange={(e) => setKeepAuth(e.currentTarget.checked)}
              data-testid="preset-keep-auth"
            />
          )}
        </Alert>
      )}
      {preset && differences.length === 0 && (
        <Text size="sm" c="dimmed" data-testid="preset-same">
          The editor already holds exactly this preset.
        </Text>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        <Button
          color={differences.length > 0 ? 'orange' : undefined}
          disabled={!preset || differences.length === 0}
          onClick={() => {
            if (!preset || text === undefined) return;
            onLoad(text, choice === SCRATCH ? 'An almost empty connector' : `The ${preset.name} preset`);
            onClose();
          }}
          data-testid="preset-load"
        >
          {differences.length > 0 ? 'Replace the connector in the editor' : 'Load into the editor'}
        </Button>
      </Group>
    </Stack>
  );
}

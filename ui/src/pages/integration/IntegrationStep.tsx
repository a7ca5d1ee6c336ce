import { Alert, Loader, Stack, Text } from '@mantine/core';
import type { Instance } from '../../bindings/Instance';
import type { PlatformType } from '../../bindings/PlatformType';
import { QueryError } from '../../components/QueryError';
import { CodeEditor } from './CodeEditor';
import { ConnectorEditor } from './ConnectorEditor';
import { PresetChooser } from './PresetChooser';
import { useConnectorText } from './useConnector';

/**
 * The wizard's Integration step: the connector of `type` (a preset to start
 * from, then its operations), and Try it against `instance` once it is saved.
 */
export function IntegrationStep(props: { type: PlatformType; instance: Instance | null }) {
  const { type, instance } = props;
  const connector = useConnectorText(type.identifier);

  if (connector.isPending) return <Loader aria-label="Loading the connector" />;
  if (connector.isError) {
    return <QueryError title="Could not load the connector" error={connector.error} onRetry={() => void connector.refetch()} />;
  }
  if (type.builtin) return <BuiltinConnector text={connector.data} />;
  if (connector.data === null) return <PresetChooser identifier={type.identifier} />;
  return <ConnectorEditor key={type.identifier} type={type} instance={instance} initialText={connector.data} />;
}

function BuiltinConnector({ text }: { text: string | null }) {
  return (
    <Stack data-testid="builtin-connector">
      <Alert color="gray" title="Built-in types keep their shipped connector">
        To change how Platform Builder talks to the platform, create a custom type and give it its own connector (you
        can start from the same preset).
      </Alert>
      {text === null ? (
        <Text size="sm" c="dimmed" data-testid="builtin-no-connector">
          This built-in type has no declarative connector.
        </Text>
      ) : (
        <CodeEditor label="Connector definition (read-only)" language="yaml" value={text} readOnly minHeight={240} maxHeight={560} />
      )}
    </Stack>
  );
}

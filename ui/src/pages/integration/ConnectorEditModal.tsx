import { Modal } from '@mantine/core';
import type { Platform } from '../../bindings/Platform';
import { useInstances, usePlatformTypes } from '../../queries';
import { IntegrationStep } from './IntegrationStep';

/**
 * The wizard's connector editor for a platform already established: each save is
 * a new connector version, and Try it runs against the platform's first instance.
 */
export function ConnectorEditModal({ platform, opened, onClose }: { platform: Platform; opened: boolean; onClose: () => void }) {
  const types = usePlatformTypes();
  const instances = useInstances(platform.id);
  const type = types.data?.find((t) => t.identifier === platform.typeId);
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      size="min(1100px, 96vw)"
      title={`Connector of ${type?.displayName ?? platform.typeId}`}
      data-testid="connector-edit-modal"
    >
      {opened && type && <IntegrationStep type={type} instance={instances.data?.[0] ?? null} />}
    </Modal>
  );
}

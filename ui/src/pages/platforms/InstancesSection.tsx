import { useState } from 'react';
import { Button, Card, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import type { Instance } from '../../bindings/Instance';
import type { Platform } from '../../bindings/Platform';
import { ConfirmDelete } from '../../components/ConfirmDelete';
import { QueryError } from '../../components/QueryError';
import { useDeleteInstance, useInstances, useRemoveInstanceCredential } from '../../queries';
import { ValidationDrawer } from '../validation/ValidationDrawer';
import { CredentialModal } from './CredentialModal';
import { InstanceFormModal } from './InstanceFormModal';
import { InstanceTable } from './InstanceTable';

export function InstancesSection({ platform }: { platform: Platform }) {
  const instances = useInstances(platform.id);
  const remove = useDeleteInstance(platform.id);
  const removeCredential = useRemoveInstanceCredential(platform.id);

  const [formOpen, setFormOpen] = useState(false);
  const [editing, setEditing] = useState<Instance | null>(null);
  const [deleting, setDeleting] = useState<Instance | null>(null);
  const [credentialFor, setCredentialFor] = useState<Instance | null>(null);
  const [removingCredential, setRemovingCredential] = useState<Instance | null>(null);
  const [validating, setValidating] = useState<Instance | null>(null);

  const openForm = (instance: Instance | null) => {
    setEditing(instance);
    setFormOpen(true);
  };

  const confirmDelete = (instance: Instance) =>
    remove.mutate(instance.id, {
      onSettled: () => setDeleting(null),
    });

  const confirmRemoveCredential = (instance: Instance) =>
    removeCredential.mutate(instance.id, {
      onSettled: () => setRemovingCredential(null),
    });

  return (
    <Card withBorder radius="md" data-testid="instances-section">
      <Stack>
        <Group justify="space-between" align="flex-start">
          <div>
            <Title order={3}>Instances</Title>
            <Text size="sm" c="dimmed">
              One instance per environment (dev, staging, prod, regions…), each with its own endpoint and credential.
            </Text>
          </div>
          <Button leftSection={<IconPlus size={16} />} onClick={() => openForm(null)} data-testid="new-instance-button">
            Add instance
          </Button>
        </Group>

        {instances.isPending && <Loader size="sm" aria-label="Loading instances" />}
        {instances.isError && (
          <QueryError
            title="Could not load instances"
            error={instances.error}
            onRetry={() => void instances.refetch()}
          />
        )}
        {instances.data?.length === 0 && (
          <Text c="dimmed" data-testid="instances-empty">
            No instances yet. Add one for each environment in which this platform runs.
          </Text>
        )}
        {instances.data && instances.data.length > 0 && (
          <InstanceTable
            instances={instances.data}
            onEdit={openForm}
            onDelete={setDeleting}
            onSetCredential={setCredentialFor}
            onRemoveCredential={setRemovingCredential}
            onValidate={setValidating}
          />
        )}
      </Stack>

      <InstanceFormModal opened={formOpen} platform={platform} editing={editing} onClose={() => setFormOpen(false)} />
      <CredentialModal instance={credentialFor} typeId={platform.typeId} onClose={() => setCredentialFor(null)} />
      <ValidationDrawer instance={validating} onClose={() => setValidating(null)} />
      <ConfirmDelete
        opened={deleting !== null}
        title="Delete instance"
        confirmLabel="Delete instance"
        loading={remove.isPending}
        onConfirm={() => deleting && confirmDelete(deleting)}
        onClose={() => setDeleting(null)}
      >
        <Text size="sm">
          Delete the instance <b>{deleting?.name}</b>? Its stored credential is deleted from the OS keyring too.
        </Text>
      </ConfirmDelete>
      <ConfirmDelete
        opened={removingCredential !== null}
        title="Remove credential"
        confirmLabel="Remove credential"
        loading={removeCredential.isPending}
        onConfirm={() => removingCredential && confirmRemoveCredential(removingCredential)}
        onClose={() => setRemovingCredential(null)}
      >
        <Text size="sm">
          Remove the credential of <b>{removingCredential?.name}</b> from the OS keyring? The instance stays
          registered but cannot authenticate until a new credential is set.
        </Text>
      </ConfirmDelete>
    </Card>
  );
}

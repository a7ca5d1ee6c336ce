import { useState } from 'react';
import { Alert, Anchor, Badge, Button, Group, Loader, Stack, Tabs, Text, Title } from '@mantine/core';
import {
  IconArrowLeft,
  IconChecklist,
  IconCopy,
  IconPencil,
  IconPlugConnected,
  IconTrash,
} from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import type { CustomField } from '../../bindings/CustomField';
import type { Instance } from '../../bindings/Instance';
import type { Platform } from '../../bindings/Platform';
import { ConfirmDelete } from '../../components/ConfirmDelete';
import { WRAP_ANYWHERE } from '../../components/LongText';
import { QueryError } from '../../components/QueryError';
import { useInstances, usePlatformTypes, useRemoveInstanceCredential } from '../../queries';
import { useTestConnection } from '../../validationQueries';
import { CredentialModal } from '../platforms/CredentialModal';
import { InstanceFormModal } from '../platforms/InstanceFormModal';
import { InstanceStatus, outcomeLabel } from '../platforms/InstanceStatus';
import { environmentColor } from '../registry/RegistryRowCells';
import { invalidateRegistry } from '../registry/registryQueries';
import { ConnectionTestResult } from '../validation/ConnectionTestResult';
import { ConnectorChangedNotice } from '../validation/ConnectorChangedNotice';
import { ValidationDrawer } from '../validation/ValidationDrawer';
import { PlatformTypeScope } from '../types/platformTypeScope';
import { CloneInstanceModal } from './CloneInstanceModal';
import { ConfigurationCard } from './ConfigurationCard';
import { DeleteInstanceDialog } from './DeleteInstanceDialog';
import { ManagedByFileBadge, managedButtonProps } from '../platforms/ManagedByFile';
import { UptimeCard } from '../health/UptimeCard';
import { HistoryCard } from './HistoryCard';
import { TenantsPanel } from '../tenants/TenantsPanel';
import { useDeleteInstanceAndLeave, usePlatform } from './instanceQueries';
// This view is loaded lazily, so it brings the styles the first screen does without.
import '../../components/lazyViewStyles';

interface InstancePageProps {
  instanceId: string;
  platformId: string;
  onBack: () => void;
  onOpenPlatform: (platformId: string) => void;
}

function BackButton({ onBack }: { onBack: () => void }) {
  return (
    <Group>
      <Button variant="subtle" leftSection={<IconArrowLeft size={16} />} onClick={onBack} data-testid="instance-back">
        Back
      </Button>
    </Group>
  );
}

/** One instance: its configuration, test history and latency, and what can be done with it. */
export function InstancePage({ instanceId, platformId, onBack, onOpenPlatform }: InstancePageProps) {
  const platform = usePlatform(platformId);
  // There is no single-instance command; the platform's list is small and shared with other pages.
  const instances = useInstances(platformId);
  const types = usePlatformTypes();

  if (platform.isPending || instances.isPending) return <Loader aria-label="Loading the instance" />;
  const failed = platform.error ?? instances.error;
  if (failed) {
    return (
      <Stack>
        <BackButton onBack={onBack} />
        <QueryError
          title="Could not load the instance"
          error={failed}
          onRetry={() => void Promise.all([platform.refetch(), instances.refetch()])}
        />
      </Stack>
    );
  }
  const instance = instances.data?.find((i) => i.id === instanceId);
  if (!platform.data || !instance) {
    return (
      <Stack>
        <BackButton onBack={onBack} />
        <Alert color="yellow" title="This instance no longer exists" data-testid="instance-missing">
          It was deleted, perhaps in another window or by an import.
        </Alert>
      </Stack>
    );
  }
  const fields = types.data?.find((t) => t.identifier === platform.data.typeId)?.customFields ?? [];
  return (
    // A failed test here (now, in the drawer or in the history) can offer to trust the type's program.
    <PlatformTypeScope value={platform.data.typeId}>
      <InstanceView
        platform={platform.data}
        instance={instance}
        fields={fields}
        onBack={onBack}
        onOpenPlatform={onOpenPlatform}
      />
    </PlatformTypeScope>
  );
}

interface InstanceViewProps {
  platform: Platform;
  instance: Instance;
  fields: CustomField[];
  onBack: () => void;
  onOpenPlatform: (platformId: string) => void;
}

type Dialog = 'edit' | 'clone' | 'delete' | 'validate' | 'credential' | 'removeCredential' | null;

function InstanceView({ platform, instance, fields, onBack, onOpenPlatform }: InstanceViewProps) {
  const qc = useQueryClient();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [tab, setTab] = useState<string | null>('overview');
  const close = () => setDialog(null);
  const test = useTestConnection(instance.id);
  const remove = useDeleteInstanceAndLeave(platform.id, onBack);
  const removeCredential = useRemoveInstanceCredential(platform.id);

  const testNow = () => test.mutate(undefined, { onSettled: () => void invalidateRegistry(qc) });
  const busy = test.isPending;

  return (
    <Stack data-testid="instance-page">
      <BackButton onBack={onBack} />

      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={6} style={{ flex: 1, minWidth: 0 }}>
          <Title order={2} style={WRAP_ANYWHERE} data-testid="instance-title">
            {instance.name}
          </Title>
          <Group gap="xs">
            <Text size="sm" c="dimmed">
              Instance of
            </Text>
            <Anchor
              component="button"
              type="button"
              size="sm"
              onClick={() => onOpenPlatform(platform.id)}
              style={WRAP_ANYWHERE}
              data-testid="instance-platform-link"
            >
              {platform.name}
            </Anchor>
            <Badge
              variant="light"
              tt="none"
              color={environmentColor(instance.environment)}
              data-testid="instance-environment"
            >
              {instance.environment}
            </Badge>
            {instance.managedBy && (
              <ManagedByFileBadge folder={instance.managedBy} reasonId={`instance-managed-${instance.id}`} />
            )}
          </Group>
        </Stack>
        <div style={{ flexShrink: 0, maxWidth: 280 }}>
          <InstanceStatus lastTest={instance.lastTest} />
        </div>
      </Group>

      <Group gap="xs">
        <Button
          leftSection={<IconPlugConnected size={16} />}
          onClick={testNow}
          loading={busy}
          data-testid="instance-test-now"
        >
          Test now
        </Button>
        <Button
          variant="light"
          leftSection={<IconChecklist size={16} />}
          onClick={() => setDialog('validate')}
          disabled={busy}
          data-testid="instance-validate"
        >
          Validate
        </Button>
        <Button
          variant="light"
          leftSection={<IconPencil size={16} />}
          onClick={() => setDialog('edit')}
          {...managedButtonProps(instance.managedBy, `instance-managed-${instance.id}`)}
          data-testid="instance-edit"
        >
          Edit
        </Button>
        <Button
          variant="light"
          leftSection={<IconCopy size={16} />}
          onClick={() => setDialog('clone')}
          data-testid="instance-clone"
        >
          Clone
        </Button>
        <Button
          variant="light"
          color="red"
          leftSection={<IconTrash size={16} />}
          onClick={() => setDialog('delete')}
          disabled={busy}
          {...managedButtonProps(instance.managedBy, `instance-managed-${instance.id}`)}
          data-testid="instance-delete"
        >
          Delete
        </Button>
      </Group>

      {busy && (
        <Group gap="xs" data-testid="test-now-running">
          <Loader size="xs" />
          <Text size="sm" c="dimmed">
            Testing DNS, TCP, TLS, authentication and the API probe…
          </Text>
        </Group>
      )}
      {/* The stages of the test just run (it is in the history too). */}
      {!busy && (
        <ConnectionTestResult
          test={test.data}
          failure={test.isError ? test.error : null}
          testId="test-now"
          heading={<Title order={4}>Connection test</Title>}
          statusLabel={outcomeLabel}
          withCode
          onDismiss={() => test.reset()}
        />
      )}

      <ConnectorChangedNotice instance={instance} onValidate={() => setDialog('validate')} />

      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="overview" data-testid="instance-tab-overview">
            Overview
          </Tabs.Tab>
          <Tabs.Tab value="tenants" data-testid="instance-tab-tenants">
            Tenants
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="overview" pt="md">
          <Stack>
            <ConfigurationCard
              instance={instance}
              fields={fields}
              onSetCredential={() => setDialog('credential')}
              onRemoveCredential={() => setDialog('removeCredential')}
            />
            <UptimeCard instanceId={instance.id} />
            <HistoryCard instanceId={instance.id} />
          </Stack>
        </Tabs.Panel>
        {/* Listing talks to the platform: only once the tab is opened. */}
        <Tabs.Panel value="tenants" pt="md">
          <TenantsPanel instance={instance} active={tab === 'tenants'} />
        </Tabs.Panel>
      </Tabs>

      <InstanceFormModal opened={dialog === 'edit'} platform={platform} editing={instance} onClose={close} />
      <CloneInstanceModal source={dialog === 'clone' ? instance : null} onClose={close} />
      <ValidationDrawer instance={dialog === 'validate' ? instance : null} onClose={close} />
      <CredentialModal instance={dialog === 'credential' ? instance : null} typeId={platform.typeId} onClose={close} />
      <DeleteInstanceDialog
        opened={dialog === 'delete'}
        instance={instance}
        fields={fields}
        loading={remove.isPending}
        onConfirm={() => remove.mutate({ id: instance.id, name: instance.name }, { onError: close })}
        onClose={close}
      />
      <ConfirmDelete
        opened={dialog === 'removeCredential'}
        title="Remove credential"
        confirmLabel="Remove credential"
        loading={removeCredential.isPending}
        onConfirm={() => removeCredential.mutate(instance.id, { onSettled: close })}
        onClose={close}
      >
        <Text size="sm">
          Remove the credential of <b>{instance.name}</b> from the OS keyring? The instance stays registered but cannot
          authenticate until a new credential is set.
        </Text>
      </ConfirmDelete>
    </Stack>
  );
}

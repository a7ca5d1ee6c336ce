import { Alert, Button, Card, Code, Group, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconFolderOpen, IconInfoCircle, IconRefresh } from '@tabler/icons-react';
import { open } from '@tauri-apps/plugin-dialog';
import type { ProvisioningSetting } from '../../bindings/ProvisioningSetting';
import type { ProvisioningStatus } from '../../bindings/ProvisioningStatus';
import { applyFieldErrors, OtherFieldErrors, withFieldError } from '../../components/FieldError';
import { WRAP_ANYWHERE } from '../../components/LongText';
import { toIpcFailure } from '../../ipc';
import { notifyFailure } from '../../notify';
import { useRunProvisioning, useSaveProvisioning } from './provisioningQueries';
import { ProvisioningReportView } from './ProvisioningReportView';

const SOURCES: Record<string, string> = {
  flag: 'the --provisioning-dir option',
  environment: 'the PB_PROVISIONING_DIR environment variable',
};

/**
 * The form starts from what Settings saved, which differs from the folder in force
 * when a flag or variable in the start command overrides it.
 */
function initialSetting(status: ProvisioningStatus | undefined): ProvisioningSetting {
  return status?.setting ?? { folder: '', prune: false };
}

function InForce({ status }: { status: ProvisioningStatus | undefined }) {
  if (!status) {
    return (
      <Text size="sm" data-testid="provisioning-in-force">
        No provisioning folder is set: nothing is applied at start.
      </Text>
    );
  }
  const overridden = SOURCES[status.source];
  return (
    <Stack gap="xs">
      <Text size="sm" data-testid="provisioning-in-force" style={WRAP_ANYWHERE}>
        Folder in force: <Code>{status.folder}</Code> ({overridden ? `set by ${overridden}` : 'chosen here'}), deleting
        what it no longer defines: {status.prune ? 'on' : 'off'}.
      </Text>
      {overridden && (
        <Alert color="blue" icon={<IconInfoCircle />} data-testid="provisioning-overridden">
          This folder is set by the app's start command ({overridden}). The folder and switch below are saved, but they
          only take effect when the app is started without it.
        </Alert>
      )}
    </Stack>
  );
}

/** The folder of definition files applied at every start, and what applying it did. */
export function ProvisioningCard({ status }: { status: ProvisioningStatus | undefined }) {
  const save = useSaveProvisioning();
  const run = useRunProvisioning();
  const form = useForm<ProvisioningSetting>({ initialValues: initialSetting(status) });

  const choose = async () => {
    try {
      const picked = await open({ title: 'Choose the provisioning folder', directory: true, multiple: false });
      if (typeof picked === 'string') form.setFieldValue('folder', picked);
    } catch (error) {
      notifyFailure(toIpcFailure(error), 'Could not open the folder dialog');
    }
  };

  const submit = async (values: ProvisioningSetting) => {
    try {
      const saved = await save.mutateAsync({ folder: values.folder.trim(), prune: values.prune });
      form.setInitialValues(initialSetting(saved ?? undefined));
      form.reset();
    } catch (error) {
      applyFieldErrors(form, error);
    }
  };

  const busy = save.isPending || run.isPending;
  return (
    <Card withBorder radius="md" data-testid="settings-provisioning">
      <Stack gap="sm">
        <Title order={4}>Provisioning folder</Title>
        <Text size="sm" c="dimmed">
          A folder of definition files (platform types, platforms, instances) applied at every start. What it defines is
          managed by file: read-only in the app, changed by editing the files and applying them again.
        </Text>
        <InForce status={status} />
        <form onSubmit={form.onSubmit(submit)} noValidate>
          <Stack gap="sm">
            <TextInput
              label="Folder"
              description="An absolute path; leave empty to apply no folder"
              placeholder="/etc/platform-builder/definitions"
              // Wide enough for the button's icon and label in every font the window may use.
              rightSectionWidth={124}
              rightSectionPointerEvents="all"
              rightSection={
                <Button
                  size="compact-sm"
                  variant="light"
                  leftSection={<IconFolderOpen size={14} />}
                  onClick={() => void choose()}
                  data-testid="provisioning-choose"
                >
                  Choose…
                </Button>
              }
              {...withFieldError(form.getInputProps('folder'), 'provisioning-folder')}
            />
            <Switch
              label="Delete what the folder no longer defines"
              description="Records the folder defined before and no longer does are deleted, their stored credentials included"
              {...form.getInputProps('prune', { type: 'checkbox' })}
              data-testid="provisioning-prune"
            />
            <OtherFieldErrors errors={form.errors} shown={(field) => field === 'folder'} />
            <Group justify="flex-end">
              <Button
                variant="default"
                leftSection={<IconRefresh size={16} />}
                onClick={() => run.mutate()}
                loading={run.isPending}
                disabled={!status || save.isPending}
                data-testid="provisioning-apply"
              >
                Apply now
              </Button>
              <Button type="submit" loading={save.isPending} disabled={busy && !save.isPending} data-testid="provisioning-save">
                Save and apply
              </Button>
            </Group>
          </Stack>
        </form>
        {status?.running && (
          <Alert color="blue" icon={<IconRefresh />} data-testid="provisioning-running">
            Applying the provisioning folder… The app stays usable meanwhile; its records appear when it is done.
          </Alert>
        )}
        {status?.report && <ProvisioningReportView report={status.report} />}
      </Stack>
    </Card>
  );
}

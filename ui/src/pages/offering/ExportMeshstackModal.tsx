import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { open } from '@tauri-apps/plugin-dialog';
import { IconFolder } from '@tabler/icons-react';
import { useState } from 'react';
import type { Platform } from '../../bindings/Platform';
import { applyFieldErrors, withFieldError } from '../../components/FieldError';
import { toIpcFailure } from '../../ipc';
import { offeringIpc } from '../../ipcOffering';
import { notifyFailure, notifySuccess } from '../../notify';

/**
 * Writes the platform as Terraform for the meshStack provider into a folder: typed,
 * or chosen in the system's folder dialog. The files name the provider version
 * they were written for and never hold a secret.
 */
export function ExportMeshstackModal({ platform, onClose }: { platform: Platform; onClose: () => void }) {
  const form = useForm({ mode: 'controlled', initialValues: { dir: '' } });
  const [busy, setBusy] = useState(false);
  const choose = async () => {
    const dir = await open({ directory: true, title: 'Folder for the meshStack Terraform files' });
    if (typeof dir === 'string') form.setFieldValue('dir', dir);
  };
  const submit = async ({ dir }: { dir: string }) => {
    setBusy(true);
    try {
      const summary = await offeringIpc.exportMeshstack(dir.trim(), [platform.identifier]);
      notifySuccess(`Exported to meshStack: ${summary.files.length} files in ${summary.dir}`);
      onClose();
    } catch (e) {
      const failure = toIpcFailure(e);
      if (failure.belongsToForm) applyFieldErrors(form, e);
      else notifyFailure(failure, 'Could not export to meshStack');
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened onClose={onClose} title="Export to meshStack" size="lg">
      <form onSubmit={form.onSubmit((v) => void submit(v))}>
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            Terraform for the meshStack provider (meshcloud/meshstack 0.25): the platform type, its location, a
            meshStack platform per instance and its landing zones, with the owning workspace as a variable. Files of
            the same name in the folder are replaced; no secret is written.
          </Text>
          <Group align="flex-end" wrap="nowrap">
            <TextInput
              label="Folder"
              placeholder="/home/you/meshstack"
              style={{ flex: 1 }}
              {...withFieldError(form.getInputProps('dir'), 'export-dir')}
            />
            <Button variant="default" leftSection={<IconFolder size={16} />} onClick={() => void choose()}>
              Choose…
            </Button>
          </Group>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy} data-testid="export-meshstack-submit">
              Export
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

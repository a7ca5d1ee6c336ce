import { useState } from 'react';
import { Alert, Button, Chip, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconLock } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import type { Instance } from '../../bindings/Instance';
import { applyFieldErrors, OtherFieldErrors, withFieldError } from '../../components/FieldError';
import { toIpcFailure } from '../../ipc';
import { registryIpc } from '../../ipcRegistry';
import { notifyFailure, notifySuccess } from '../../notify';
import { queryKeys } from '../../queries';
import { environmentError, requiredText } from '../../validation';

const QUICK_ENVIRONMENTS = ['dev', 'staging', 'prod'];
const SHOWN = new Set(['name', 'environment']);

interface CloneInstanceModalProps {
  source: Instance | null;
  onClose: () => void;
}

export function CloneInstanceModal({ source, onClose }: CloneInstanceModalProps) {
  return (
    <Modal
      opened={source !== null}
      onClose={onClose}
      closeOnClickOutside={false}
      title={source ? `Clone instance ${source.name}` : ''}
      styles={{ title: { overflowWrap: 'anywhere', minWidth: 0 } }}
    >
      {source && <CloneForm source={source} onDone={onClose} />}
    </Modal>
  );
}

function CloneForm({ source, onDone }: { source: Instance; onDone: () => void }) {
  const qc = useQueryClient();
  const [saving, setSaving] = useState(false);
  const form = useForm({
    initialValues: { name: `${source.name}-copy`, environment: '' },
    validate: { name: requiredText('Name', 80), environment: environmentError },
  });

  const submit = async (values: { name: string; environment: string }) => {
    setSaving(true);
    try {
      const clone = await registryIpc.cloneInstance(source.id, values.name.trim(), values.environment.trim());
      await qc.invalidateQueries({ queryKey: queryKeys.instances(source.platformId) });
      notifySuccess(`Instance “${clone.name}” added as a copy of “${source.name}”`);
      onDone();
    } catch (error) {
      const failure = toIpcFailure(error);
      if (failure.belongsToForm) applyFieldErrors(form, failure);
      else notifyFailure(failure, 'Could not clone the instance');
    } finally {
      setSaving(false);
    }
  };

  return (
    <form onSubmit={form.onSubmit((values) => void submit(values))} noValidate>
      <Stack>
        <Alert color="blue" variant="light" icon={<IconLock size={18} />} data-testid="clone-secrets-note">
          The endpoint, TLS settings and custom-field values are copied. Secrets are not: set the copy&apos;s credential,
          client key and secret fields after cloning.
        </Alert>
        <TextInput
          label="Name of the copy"
          required
          data-autofocus
          {...withFieldError(form.getInputProps('name'), 'clone-name')}
        />
        <Stack gap={6}>
          <TextInput
            label="Environment of the copy"
            description="Lower-case letters, digits and '-'"
            placeholder="dev, staging, prod"
            required
            {...withFieldError(form.getInputProps('environment'), 'clone-environment')}
            onChange={(event) => form.setFieldValue('environment', event.currentTarget.value.toLowerCase())}
          />
          <Chip.Group
            value={form.getValues().environment}
            onChange={(value) => form.setFieldValue('environment', value)}
          >
            <Group gap={6}>
              {QUICK_ENVIRONMENTS.map((env) => (
                <Chip key={env} value={env} size="xs" data-testid={`clone-environment-chip-${env}`}>
                  {env}
                </Chip>
              ))}
            </Group>
          </Chip.Group>
        </Stack>
        <OtherFieldErrors errors={form.errors} shown={(field) => SHOWN.has(field)} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone} disabled={saving}>
            Cancel
          </Button>
          <Button type="submit" loading={saving} data-testid="clone-save">
            Clone instance
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

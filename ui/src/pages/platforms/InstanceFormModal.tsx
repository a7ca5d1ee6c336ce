import { Button, Chip, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import type { Instance } from '../../bindings/Instance';
import type { InstanceInput } from '../../bindings/InstanceInput';
import type { Platform } from '../../bindings/Platform';
import { applyFieldErrors, OtherFieldErrors, withFieldError } from '../../components/FieldError';
import { useCreateInstance, usePlatformTypes, useUpdateInstance } from '../../queries';
import { environmentError, requiredText } from '../../validation';

const QUICK_ENVIRONMENTS = ['dev', 'staging', 'prod'];
const FORM_FIELDS = new Set(['name', 'environment', 'endpoint']);

interface InstanceFormModalProps {
  opened: boolean;
  platform: Platform;
  /** The instance being edited; null to add a new one. */
  editing: Instance | null;
  onClose: () => void;
}

export function InstanceFormModal({ opened, platform, editing, onClose }: InstanceFormModalProps) {
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={editing ? `Edit instance ${editing.name}` : `Add instance to ${platform.name}`}
    >
      <InstanceForm platform={platform} editing={editing} onDone={onClose} />
    </Modal>
  );
}

function InstanceForm({ platform, editing, onDone }: { platform: Platform; editing: Instance | null; onDone: () => void }) {
  const create = useCreateInstance(platform.id);
  const update = useUpdateInstance(platform.id);
  const { data: types } = usePlatformTypes();
  const defaultEndpoint = types?.find((t) => t.identifier === platform.typeId)?.defaultEndpoint;
  const saving = create.isPending || update.isPending;

  const form = useForm<InstanceInput>({
    initialValues: {
      name: editing?.name ?? '',
      environment: editing?.environment ?? '',
      endpoint: editing?.endpoint ?? '',
    },
    validate: {
      name: requiredText('Name', 80),
      environment: environmentError,
      endpoint: (value) => (value.trim() ? null : 'Endpoint URL is required'),
    },
  });

  const submit = async (values: InstanceInput) => {
    const input: InstanceInput = {
      name: values.name.trim(),
      environment: values.environment.trim(),
      endpoint: values.endpoint.trim(),
    };
    try {
      if (editing) await update.mutateAsync({ id: editing.id, input });
      else await create.mutateAsync(input);
      onDone();
    } catch (error) {
      applyFieldErrors(form, error);
    }
  };

  const environment = form.getValues().environment;
  return (
    <form onSubmit={form.onSubmit(submit)} noValidate>
      <Stack>
        <TextInput
          label="Name"
          placeholder="e.g. prod-eu"
          required
          {...withFieldError(form.getInputProps('name'), 'instance-name')}
        />
        <Stack gap={6}>
          <TextInput
            label="Environment"
            description="Lower-case letters, digits and '-'"
            placeholder="dev, staging, prod"
            required
            {...withFieldError(form.getInputProps('environment'), 'instance-environment')}
            // Environments are lower case by rule, like type identifiers are upper case.
            onChange={(event) => form.setFieldValue('environment', event.currentTarget.value.toLowerCase())}
          />
          <Group gap="xs">
            <Text size="xs" c="dimmed">
              Quick pick:
            </Text>
            <Chip.Group value={environment} onChange={(value) => form.setFieldValue('environment', value)}>
              {QUICK_ENVIRONMENTS.map((env) => (
                <Chip key={env} value={env} size="xs" data-testid={`environment-chip-${env}`}>
                  {env}
                </Chip>
              ))}
            </Chip.Group>
          </Group>
        </Stack>
        <TextInput
          label="Endpoint"
          description={
            defaultEndpoint
              ? `The API endpoint of this instance; the platform type suggests ${defaultEndpoint}`
              : 'The API endpoint of this instance'
          }
          placeholder={defaultEndpoint ?? 'https://api.example.com'}
          required
          {...withFieldError(form.getInputProps('endpoint'), 'instance-endpoint')}
        />
        <OtherFieldErrors errors={form.errors} shown={(field) => FORM_FIELDS.has(field)} />
        <Text size="xs" c="dimmed">
          The credential is set separately after saving, and is stored only in the OS keyring.
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone} disabled={saving}>
            Cancel
          </Button>
          <Button type="submit" loading={saving} data-testid="instance-save">
            {editing ? 'Save changes' : 'Add instance'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

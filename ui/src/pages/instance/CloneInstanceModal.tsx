import { Alert, Button, Chip, Group, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconLock } from '@tabler/icons-react';
import type { Instance } from '../../bindings/Instance';
import { applyFieldErrors, OtherFieldErrors, withFieldError } from '../../components/FieldError';
import { FormModal, useDiscardGuard } from '../../components/FormModal';
import { notifySuccess } from '../../notify';
import { environmentError, requiredText } from '../../validation';
import { useCloneInstance } from './instanceQueries';

const QUICK_ENVIRONMENTS = ['dev', 'staging', 'prod'];
const FORM_FIELDS = new Set(['name', 'environment']);

interface CloneInstanceModalProps {
  /** The instance to copy; null: closed. */
  source: Instance | null;
  onClose: () => void;
}

/** Copies an instance under a new name and environment; used by the instance page and the wizard. */
export function CloneInstanceModal({ source, onClose }: CloneInstanceModalProps) {
  return (
    <FormModal opened={source !== null} onClose={onClose} title={source ? `Clone instance ${source.name}` : ''}>
      {/* Mounted only while open: the next clone starts from fresh suggestions. */}
      {source && <CloneForm source={source} onDone={onClose} />}
    </FormModal>
  );
}

interface CloneValues {
  name: string;
  environment: string;
}

function CloneForm({ source, onDone }: { source: Instance; onDone: () => void }) {
  const clone = useCloneInstance(source.platformId);
  const form = useForm<CloneValues>({
    // A copy is almost always for another environment: it is chosen, not inherited.
    initialValues: { name: `${source.name}-copy`, environment: '' },
    validate: { name: requiredText('Name', 80), environment: environmentError },
  });
  const cancel = useDiscardGuard(form.isDirty, onDone);

  const submit = async ({ name, environment }: CloneValues) => {
    try {
      const created = await clone.mutateAsync({ id: source.id, name: name.trim(), environment: environment.trim() });
      notifySuccess(
        `Instance “${created.name}” created as a copy of “${source.name}”. Set its secrets before testing it.`,
      );
      onDone();
    } catch (error) {
      // Other failures are notified by the mutation.
      applyFieldErrors(form, error);
    }
  };

  return (
    <form onSubmit={form.onSubmit(submit)} noValidate>
      <Stack>
        <Alert color="blue" variant="light" icon={<IconLock size={18} />} data-testid="clone-secrets-note">
          The copy gets this instance&apos;s endpoint, TLS settings and custom-field values. Secrets are not copied:
          set the copy&apos;s credential, client key and secret fields after cloning.
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
        <OtherFieldErrors errors={form.errors} shown={(field) => FORM_FIELDS.has(field)} />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={cancel} disabled={clone.isPending}>
            Cancel
          </Button>
          <Button type="submit" loading={clone.isPending} data-testid="clone-save">
            Clone instance
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

import { useState, type FormEvent } from 'react';
import { Alert, Badge, Button, Group, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import type { WidgetProps } from '@rjsf/utils';
import { IconKey, IconLock } from '@tabler/icons-react';
import type { Instance } from '../../bindings/Instance';
import { ConfirmDelete } from '../../components/ConfirmDelete';
import { FieldError } from '../../components/FieldError';
import { toFormErrors, toIpcFailure } from '../../ipc';
import { registryIpc } from '../../ipcRegistry';
import { notifyFailure, notifySuccess } from '../../notify';
import { queryKeys } from '../../queries';

/** What the secret rows need from the form around them (rjsf's formContext). */
export interface FieldsFormContext {
  instance?: Instance | null;
  onInstanceChange?: (instance: Instance) => void;
}

/** The reply replaces the cached instance, so every view shows the new status. */
function useInstanceReply(ctx: FieldsFormContext) {
  const qc = useQueryClient();
  return (instance: Instance) => {
    qc.setQueryData<Instance[]>(queryKeys.instances(instance.platformId), (old) =>
      old?.map((i) => (i.id === instance.id ? instance : i)),
    );
    ctx.onInstanceChange?.(instance);
  };
}

/**
 * A secret custom field is never a value of the form: the row shows only whether
 * it is set, and the value goes straight to the OS keyring through its own command.
 */
export function SecretFieldWidget(p: WidgetProps) {
  const ctx = (p.registry.formContext ?? {}) as FieldsFormContext;
  const instance = ctx.instance ?? null;
  const configured = instance?.secretFields.includes(p.name) ?? false;
  const [editing, setEditing] = useState(false);
  const [removing, setRemoving] = useState(false);
  const [removePending, setRemovePending] = useState(false);
  const applyReply = useInstanceReply(ctx);
  const label = p.label || p.name;
  const testId = `secret-${p.name}`;

  const remove = async () => {
    if (!instance) return;
    setRemovePending(true);
    try {
      const updated = await registryIpc.removeInstanceFieldSecret(instance.id, p.name);
      applyReply(updated);
      notifySuccess(`${label} of “${instance.name}” removed from the OS keyring`);
      setRemoving(false);
    } catch (error) {
      notifyFailure(toIpcFailure(error), `Could not remove ${label}`);
    } finally {
      setRemovePending(false);
    }
  };

  return (
    <Stack gap={4} data-testid={testId}>
      <Group gap="xs" wrap="wrap">
        <Text size="sm" fw={500} id={`${p.id}-label`}>
          {label}
          {p.required && (
            <Text span c="red" aria-hidden>
              {' *'}
            </Text>
          )}
          :
        </Text>
        <Badge color={configured ? 'teal' : 'gray'} variant="light" tt="none" data-testid={`${testId}-status`}>
          {configured ? 'Configured' : 'Not set'}
        </Badge>
        {instance && (
          <>
            <Button
              size="compact-xs"
              variant="light"
              leftSection={<IconKey size={12} />}
              disabled={p.disabled || p.readonly}
              aria-label={`${configured ? 'Replace' : 'Set'} ${label}`}
              onClick={() => setEditing(true)}
              data-testid={`${testId}-set`}
            >
              {configured ? 'Replace' : 'Set'}
            </Button>
            {configured && (
              <Button
                size="compact-xs"
                variant="subtle"
                color="red"
                disabled={p.disabled || p.readonly}
                aria-label={`Remove ${label}`}
                onClick={() => setRemoving(true)}
                data-testid={`${testId}-remove`}
              >
                Remove
              </Button>
            )}
          </>
        )}
      </Group>
      {typeof p.schema.description === 'string' && p.schema.description !== '' && (
        <Text size="xs" c="dimmed">
          {p.schema.description}
        </Text>
      )}
      {!instance && (
        <Text size="xs" c="dimmed" data-testid={`${testId}-note`}>
          Save the instance first, then set this secret. It is kept in the OS keyring, never with the instance.
        </Text>
      )}
      {p.rawErrors && p.rawErrors.length > 0 && (
        <Text size="xs" c="red">
          <FieldError testId={`field-${p.name}`}>{p.rawErrors.join(' ')}</FieldError>
        </Text>
      )}
      {instance && (
        <Modal
          opened={editing}
          onClose={() => setEditing(false)}
          closeOnClickOutside={false}
          title={`${configured ? 'Replace' : 'Set'} ${label}`}
        >
          {/* Mounted only while open: closing drops whatever was typed. */}
          {editing && (
            <SecretForm
              instance={instance}
              field={p.name}
              label={label}
              replacing={configured}
              onSaved={(updated) => {
                applyReply(updated);
                setEditing(false);
              }}
              onCancel={() => setEditing(false)}
            />
          )}
        </Modal>
      )}
      <ConfirmDelete
        opened={removing}
        title={`Remove ${label}?`}
        confirmLabel="Remove"
        loading={removePending}
        onConfirm={() => void remove()}
        onClose={() => setRemoving(false)}
      >
        <Text size="sm">
          The value of {label} is deleted from the OS keyring for instance “{instance?.name}”. Operations that use it
          will fail until it is set again.
        </Text>
      </ConfirmDelete>
    </Stack>
  );
}

interface SecretFormProps {
  instance: Instance;
  field: string;
  label: string;
  replacing: boolean;
  onSaved: (instance: Instance) => void;
  onCancel: () => void;
}

function SecretForm({ instance, field, label, replacing, onSaved, onCancel }: SecretFormProps) {
  // Component state only (no form library, no mutation cache): the value exists
  // here until it is sent and is cleared right after.
  const [secret, setSecret] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    // The modal is portalled, but React still bubbles the submit to the instance
    // form this row sits in; that form must not save because a secret was stored.
    event.stopPropagation();
    if (secret === '') {
      setError(`Enter the value of ${label}`);
      return;
    }
    setPending(true);
    try {
      const updated = await registryIpc.setInstanceFieldSecret(instance.id, field, secret);
      setSecret('');
      notifySuccess(`${label} of “${instance.name}” stored in the OS keyring`);
      onSaved(updated);
    } catch (caught) {
      const failure = toIpcFailure(caught);
      if (failure.belongsToForm) setError(Object.values(toFormErrors(failure.fields)).join(' '));
      else notifyFailure(failure, `Could not store ${label}`);
    } finally {
      setPending(false);
    }
  };

  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      <Stack>
        <Alert color="blue" variant="light" icon={<IconLock size={18} />}>
          The value is stored only in the OS keyring, never in Platform Builder&apos;s database or files. It can never
          be shown again, only replaced or removed.
        </Alert>
        <PasswordInput
          label={label}
          autoComplete="new-password"
          data-autofocus
          value={secret}
          onChange={(event) => {
            setSecret(event.currentTarget.value);
            setError(null);
          }}
          error={error ? <FieldError testId={`secret-${field}-input`}>{error}</FieldError> : undefined}
          data-testid={`secret-${field}-input`}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel} disabled={pending}>
            Cancel
          </Button>
          <Button type="submit" loading={pending} data-testid={`secret-${field}-save`}>
            {replacing ? `Replace ${label}` : `Store ${label}`}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

import { useState } from 'react';
import { Button, Chip, Group, Loader, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconPlugConnected } from '@tabler/icons-react';
import type { Instance } from '../../bindings/Instance';
import type { InstanceInput } from '../../bindings/InstanceInput';
import type { Platform } from '../../bindings/Platform';
import { EndpointInput } from '../../components/EndpointInput';
import { applyFieldErrors, OtherFieldErrors, withFieldError } from '../../components/FieldError';
import { FormModal, useDiscardGuard } from '../../components/FormModal';
import { toFormErrors, toIpcFailure } from '../../ipc';
import { notifyFailure } from '../../notify';
import { useCreateInstance, usePlatformTypes, useSetInstanceCredential, useUpdateInstance } from '../../queries';
import { environmentError, requiredText, urlCredentialsError } from '../../validation';
import { useTestConnectionDraft } from '../../validationQueries';
import { CredentialInput } from './CredentialInput';
import { credentialPrompt, enterCredentialAdvice, explainMissingCredential, useCredentialScheme } from './credentialPrompt';
import { DraftTestResult } from './DraftTestResult';

const QUICK_ENVIRONMENTS = ['dev', 'staging', 'prod'];
const FORM_FIELDS = new Set(['name', 'environment', 'endpoint']);

/** What is saved, and what a test of the unsaved values sends: the form's values, trimmed. */
function toInput(values: InstanceInput): InstanceInput {
  return { name: values.name.trim(), environment: values.environment.trim(), endpoint: values.endpoint.trim() };
}

interface InstanceFormModalProps {
  opened: boolean;
  platform: Platform;
  /** The instance being edited; null to add a new one. */
  editing: Instance | null;
  onClose: () => void;
}

export function InstanceFormModal({ opened, platform, editing, onClose }: InstanceFormModalProps) {
  const types = usePlatformTypes();
  // The type's default endpoint prefills a new instance, so the form waits for the
  // types; without them (a load failure) it simply starts empty.
  const ready = !types.isPending;
  const defaultEndpoint = types.data?.find((t) => t.identifier === platform.typeId)?.defaultEndpoint ?? null;
  return (
    <FormModal
      opened={opened}
      onClose={onClose}
      title={editing ? `Edit instance ${editing.name}` : `Add instance to ${platform.name}`}
      // Room for the stages of a connection test of the unsaved values.
      size="lg"
    >
      {ready ? (
        <InstanceForm platform={platform} editing={editing} defaultEndpoint={defaultEndpoint} onDone={onClose} />
      ) : (
        <Loader aria-label="Loading platform types" />
      )}
    </FormModal>
  );
}

interface InstanceFormProps {
  platform: Platform;
  editing: Instance | null;
  defaultEndpoint: string | null;
  onDone: () => void;
}

function InstanceForm({ platform, editing, defaultEndpoint, onDone }: InstanceFormProps) {
  const create = useCreateInstance(platform.id);
  const update = useUpdateInstance(platform.id);
  const credential = useSetInstanceCredential(platform.id);
  const saving = create.isPending || update.isPending || credential.isPending;
  const draftTest = useTestConnectionDraft();
  // The credential lives only here until it is sent: to the OS keyring once the
  // instance is saved, or with a test of the unsaved values. Never in the form's
  // values, which are not secret.
  const [secret, setSecret] = useState('');
  const [secretError, setSecretError] = useState<string | null>(null);
  const prompt = credentialPrompt(useCredentialScheme(platform.typeId), editing?.fieldValues ?? {});
  const typedSecret = prompt.needed && secret !== '' ? secret : null;

  const form = useForm<InstanceInput>({
    initialValues: {
      name: editing?.name ?? '',
      environment: editing?.environment ?? '',
      // A suggestion shown only as a placeholder was not saved, and "Endpoint URL is
      // required" followed; as a real value it is saved unless changed.
      endpoint: editing?.endpoint ?? defaultEndpoint ?? '',
    },
    validate: {
      name: requiredText('Name', 80),
      environment: environmentError,
      endpoint: (value) => (value.trim() ? urlCredentialsError(value) : 'Endpoint URL is required'),
    },
    // A secret typed into the URL is pointed out at once, before it is saved anywhere.
    validateInputOnChange: ['endpoint'],
    // A result (or one still on its way) describes values that are gone now.
    onValuesChange: () => {
      if (!draftTest.isIdle) draftTest.reset();
    },
  });
  const cancel = useDiscardGuard(() => form.isDirty() || secret !== '', onDone);

  const changeSecret = (value: string) => {
    setSecret(value);
    setSecretError(null);
    if (!draftTest.isIdle) draftTest.reset();
  };

  const submit = async (values: InstanceInput) => {
    const input = toInput(values);
    let saved: Instance;
    try {
      saved = editing ? await update.mutateAsync({ id: editing.id, input }) : await create.mutateAsync(input);
    } catch (error) {
      applyFieldErrors(form, error);
      return;
    }
    // The instance exists now, so the credential has something to belong to.
    if (typedSecret !== null) {
      try {
        await credential.save(saved.id, typedSecret);
      } catch (caught) {
        const failure = toIpcFailure(caught);
        const refused = failure.belongsToForm ? Object.values(toFormErrors(failure.fields)).join(' ') : null;
        // An edited instance stays open with the secret, to correct it or retry;
        // an added one exists already (a second Add would duplicate it), so the
        // dialog closes and its row offers Set credential.
        if (editing) {
          if (refused) setSecretError(refused);
          return;
        }
        if (refused) notifyFailure(failure, `Instance “${saved.name}” added, but its credential was not stored`);
      }
    }
    setSecret('');
    onDone();
  };

  // Tests what the form holds without saving it. The saved instance's id goes with
  // it, so the backend uses the secrets stored for it; a credential typed here goes
  // along (used for this test only, stored nowhere) and takes the stored one's
  // place. A stored secret never comes back, nor is a mask of one sent. Not an
  // edit, so the discard guard ignores it.
  const testDraft = () => {
    if (form.validate().hasErrors) return;
    draftTest.mutate(
      {
        platformId: platform.id,
        instanceId: editing?.id ?? null,
        input: toInput(form.getValues()),
        secret: typedSecret,
      },
      // Field errors go under the inputs, as after a failed save. A reset (the form
      // was edited meanwhile) detaches this test, so stale errors never arrive.
      { onError: (error) => applyFieldErrors(form, error) },
    );
  };

  const { environment, endpoint } = form.getValues();
  const prefilled = !editing && defaultEndpoint !== null;
  return (
    <form onSubmit={form.onSubmit(submit)} noValidate>
      <Stack>
        <TextInput
          label="Name"
          placeholder="e.g. prod-eu"
          required
          data-autofocus
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
        <EndpointInput
          label="Endpoint"
          description={
            prefilled
              ? "The API endpoint of this instance, prefilled from the platform type's default; change it if this instance differs"
              : 'The API endpoint of this instance'
          }
          placeholder="https://api.example.com"
          required
          {...withFieldError(form.getInputProps('endpoint'), 'instance-endpoint')}
          value={endpoint}
        />
        <OtherFieldErrors errors={form.errors} shown={(field) => FORM_FIELDS.has(field)} />
        <CredentialInput
          prompt={prompt}
          value={secret}
          onChange={changeSecret}
          configured={editing?.credential.configured ?? false}
          storedWhen={
            editing
              ? 'It goes to the OS keyring when the changes are saved, never to the database.'
              : 'It goes to the OS keyring once the instance is added, never to the database.'
          }
          error={secretError}
          disabled={saving}
          testId="instance-credential"
        />
        <DraftTestResult
          test={explainMissingCredential(
            draftTest.data,
            typedSecret !== null || (editing?.credential.configured ?? false),
            enterCredentialAdvice(prompt),
          )}
          failure={draftTest.error ? toIpcFailure(draftTest.error) : null}
        />
        <Group justify="space-between">
          <Button
            variant="default"
            leftSection={<IconPlugConnected size={16} />}
            onClick={testDraft}
            loading={draftTest.isPending}
            disabled={saving}
            data-testid="instance-form-test"
          >
            Test connection
          </Button>
          <Group gap="sm">
            <Button variant="default" onClick={cancel} disabled={saving}>
              Cancel
            </Button>
            <Button type="submit" loading={saving} data-testid="instance-save">
              {editing ? 'Save changes' : 'Add instance'}
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  );
}

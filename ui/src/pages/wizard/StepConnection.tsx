import { useEffect } from 'react';
import { Alert, Button, Chip, Divider, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconFlask, IconPlugConnected } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import type { Instance } from '../../bindings/Instance';
import type { InstanceInput } from '../../bindings/InstanceInput';
import type { PlatformType } from '../../bindings/PlatformType';
import { EndpointInput } from '../../components/EndpointInput';
import { OtherFieldErrors, withFieldError } from '../../components/FieldError';
import { ipc, toFormErrors, toIpcFailure } from '../../ipc';
import { registryIpc } from '../../ipcRegistry';
import { notifyFailure } from '../../notify';
import { queryKeys } from '../../queries';
import { InstanceFieldsForm, initialFieldValues } from '../fields/InstanceFieldsForm';
import { AuthSettings } from '../integration/AuthSettings';
import { ConnectionTestResult } from '../validation/ConnectionTestResult';
import { ConnectionTestRunning } from './ConnectionTestRunning';
import { InstanceCredential } from './InstanceCredential';
import { connectionErrors, fieldValueErrors, withDefaultEndpoint } from './stepRules';
import { TlsSettings } from './TlsSettings';
import { useInstanceTest } from './useInstanceTest';
import type { ConnectionValues, LeaveHandler, TestNote, WizardData } from './wizardModel';

const QUICK_ENVIRONMENTS = ['dev', 'staging', 'prod'];
const SHOWN = new Set(['name', 'environment', 'endpoint']);

interface StepConnectionProps {
  data: WizardData;
  update: (patch: Partial<WizardData> | ((d: WizardData) => Partial<WizardData>)) => void;
  setLeave: (leave: LeaveHandler | null) => void;
  setBusy: (busy: boolean) => void;
  type: PlatformType;
  /** The first instance once saved. */
  instance: Instance | null;
}

/** Step 3: the first instance's endpoint, credential and TLS, saved as a real instance. */
export function StepConnection({ data, update, setLeave, setBusy, type, instance }: StepConnectionProps) {
  const qc = useQueryClient();
  const platformId = data.platformId ?? '';
  const start = withDefaultEndpoint(data.connection, type);
  const form = useForm<ConnectionValues>({
    initialValues:
      Object.keys(start.fieldValues).length > 0 ? start : { ...start, fieldValues: initialFieldValues(type) },
    validate: (values) => connectionErrors(values),
    onValuesChange: (values) => update({ connection: values }),
  });
  const recordTest = (instanceId: string, note: TestNote) =>
    update((d) => ({ tests: { ...d.tests, [instanceId]: note } }));
  const tester = useInstanceTest(recordTest, setBusy);

  /** Creates the instance the first time, updates it after; null when it could not be saved. */
  const saveInstance = async (): Promise<Instance | null> => {
    if (form.validate().hasErrors) return null;
    const c = form.getValues();
    const input: InstanceInput = {
      name: c.name.trim(),
      environment: c.environment.trim(),
      endpoint: c.endpoint.trim(),
      tls: {
        caBundlePem: c.caBundlePem,
        clientCertificatePem: c.clientCertificatePem,
        insecureSkipVerify: c.insecureSkipVerify,
      },
      fieldValues: c.fieldValues,
    };
    try {
      let saved = data.instanceId
        ? await ipc.updateInstance(data.instanceId, input)
        : await ipc.createInstance(platformId, input);
      if (!data.instanceId) {
        update({ instanceId: saved.id });
        saved = await sandboxCredential(saved, data.sandbox);
      }
      await qc.invalidateQueries({ queryKey: queryKeys.instances(platformId) });
      return saved;
    } catch (error) {
      const failure = toIpcFailure(error);
      if (failure.belongsToForm) form.setErrors(toFormErrors(failure.fields));
      else notifyFailure(failure, 'Could not save the instance');
      return null;
    }
  };

  useEffect(() => {
    setLeave(async () => (await saveInstance()) !== null);
    return () => setLeave(null);
  });

  const values = form.getValues();
  return (
    <Stack>
      {data.sandbox && (
        <Alert color="blue" variant="light" icon={<IconFlask size={18} />} data-testid="wizard-sandbox-note">
          The endpoint is the sandbox running on this machine. When the instance is saved, the sandbox&apos;s API key is
          stored as its credential; it never passes through this window.
        </Alert>
      )}
      <Title order={4}>Instance</Title>
      <Group grow align="flex-start">
        <TextInput
          label="Instance name"
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
            onChange={(event) => form.setFieldValue('environment', event.currentTarget.value.toLowerCase())}
          />
          <Chip.Group value={values.environment} onChange={(value) => form.setFieldValue('environment', value)}>
            <Group gap={6}>
              {QUICK_ENVIRONMENTS.map((env) => (
                <Chip key={env} value={env} size="xs" data-testid={`environment-chip-${env}`}>
                  {env}
                </Chip>
              ))}
            </Group>
          </Chip.Group>
        </Stack>
      </Group>
      <EndpointInput
        label="Endpoint"
        description="The API endpoint of this instance"
        placeholder="https://api.example.com"
        required
        {...withFieldError(form.getInputProps('endpoint'), 'instance-endpoint')}
        value={values.endpoint}
      />
      {type.customFields.length > 0 && (
        <InstanceFieldsForm
          type={type}
          values={values.fieldValues}
          onChange={(fieldValues) => form.setFieldValue('fieldValues', fieldValues)}
          errors={fieldValueErrors(form.errors)}
          instance={instance}
          onInstanceChange={() => void qc.invalidateQueries({ queryKey: queryKeys.instances(platformId) })}
        />
      )}
      <OtherFieldErrors
        errors={form.errors}
        shown={(field) => SHOWN.has(field) || field.startsWith('fieldValues.')}
      />

      <Divider />
      <Title order={4}>Authentication</Title>
      <AuthSettings type={type} onSaved={() => void qc.invalidateQueries({ queryKey: queryKeys.platformTypes })} />
      <Group gap="sm">
        <Text size="sm" fw={500}>
          Credential
        </Text>
        <InstanceCredential platformId={platformId} typeId={type.identifier} instance={instance} ensureInstance={saveInstance} />
      </Group>

      <Divider />
      <Title order={4}>TLS</Title>
      <TlsSettings
        values={values}
        onChange={(patch) => form.setValues(patch)}
        instance={instance}
        ensureInstance={saveInstance}
      />

      <Divider />
      <Group>
        <Button
          variant="default"
          leftSection={<IconPlugConnected size={16} />}
          onClick={() => void tester.run(saveInstance)}
          loading={tester.running !== null}
          data-testid="wizard-connection-test"
        >
          Save and test connection
        </Button>
      </Group>
      {tester.running !== null && <ConnectionTestRunning live={tester.live} />}
      <ConnectionTestResult test={tester.test} failure={tester.failure} testId="connection" withCertificate />
    </Stack>
  );
}

/** The sandbox's key becomes the new instance's credential without passing through the UI. */
async function sandboxCredential(instance: Instance, sandbox: boolean): Promise<Instance> {
  if (!sandbox) return instance;
  try {
    return await registryIpc.useSandboxCredential(instance.id);
  } catch (error) {
    notifyFailure(toIpcFailure(error), 'Could not store the sandbox credential');
    return instance;
  }
}

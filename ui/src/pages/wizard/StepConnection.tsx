import { useEffect } from 'react';
import { Alert, Button, Chip, Divider, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconFlask, IconPlugConnected } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import type { Instance } from '../../bindings/Instance';
import type { PlatformType } from '../../bindings/PlatformType';
import { EndpointInput } from '../../components/EndpointInput';
import { OtherFieldErrors, withFieldError } from '../../components/FieldError';
import { queryKeys } from '../../queries';
import { InstanceFieldsForm, initialFieldValues } from '../fields/InstanceFieldsForm';
import { AuthSettings } from '../integration/AuthSettings';
import { enterCredentialAdvice, explainMissingCredential } from '../platforms/credentialPrompt';
import { ConnectionTestResult } from '../validation/ConnectionTestResult';
import { ConnectionCredential } from './ConnectionCredential';
import { ConnectionTestRunning } from './ConnectionTestRunning';
import { connectionErrors, fieldValueErrors, withDefaultEndpoint } from './stepRules';
import { TlsSettings } from './TlsSettings';
import { useConnectionSave } from './useConnectionSave';
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

/**
 * Step 3: the first instance's endpoint, authentication, credential and TLS, in
 * that order, then one action that saves them all and tests the connection.
 */
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
  const saver = useConnectionSave({ form, data, update, type });
  const { prompt } = saver;

  useEffect(() => {
    setLeave(async () => (await saver.saveAll(false)) !== null);
    return () => setLeave(null);
  });

  const values = form.getValues();
  const running = tester.running !== null;
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
      <AuthSettings
        type={type}
        onSaved={() => void qc.invalidateQueries({ queryKey: queryKeys.platformTypes })}
        link={saver.authLink}
      />

      <Divider />
      <Title order={4}>Credential</Title>
      <ConnectionCredential
        instance={instance}
        prompt={prompt}
        value={saver.secret}
        onChange={saver.changeSecret}
        error={saver.secretError}
        sandbox={data.sandbox}
        disabled={running}
      />

      <Divider />
      <Title order={4}>TLS</Title>
      <TlsSettings
        values={values}
        onChange={(patch) => form.setValues(patch)}
        instance={instance}
        pendingKeyPath={saver.pendingKeyPath}
        onPendingKey={saver.setPendingKeyPath}
      />

      <Divider />
      <Stack gap={4}>
        <Group>
          <Button
            leftSection={<IconPlugConnected size={16} />}
            onClick={() => void tester.run(() => saver.saveAll(true))}
            loading={running}
            aria-describedby="wizard-connection-test-what"
            data-testid="wizard-connection-test"
          >
            Save and test connection
          </Button>
        </Group>
        <Text size="xs" c="dimmed" id="wizard-connection-test-what">
          Saves the instance and the authentication, stores the credential in the OS keyring, then tests the
          connection stage by stage. Next saves the same without testing.
        </Text>
      </Stack>
      {running && <ConnectionTestRunning live={tester.live} />}
      <ConnectionTestResult
        test={explainMissingCredential(tester.test, tester.hadCredential, enterCredentialAdvice(prompt))}
        failure={tester.failure}
        testId="connection"
        withCertificate
      />
    </Stack>
  );
}

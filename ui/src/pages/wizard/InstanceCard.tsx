import { useState } from 'react';
import { Badge, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { IconCopy, IconPencil, IconPlugConnected } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import type { Instance } from '../../bindings/Instance';
import type { PlatformType } from '../../bindings/PlatformType';
import { UrlCode, WRAP_ANYWHERE } from '../../components/LongText';
import { ipc, toFormErrors, toIpcFailure } from '../../ipc';
import { notifyFailure, notifySuccess } from '../../notify';
import { queryKeys } from '../../queries';
import { InstanceFieldsForm, initialFieldValues } from '../fields/InstanceFieldsForm';
import { InstanceStatus } from '../platforms/InstanceStatus';
import { InstanceCredential } from './InstanceCredential';

interface InstanceCardProps {
  instance: Instance;
  type: PlatformType;
  testing: boolean;
  testDisabled: boolean;
  onTest: () => void;
  onEdit: () => void;
  onClone: () => void;
  /** After its custom-field values were saved. */
  onValuesSaved?: (values: Record<string, unknown>) => void;
  /** The instance's latest test result, when it was tested in this step. */
  children?: React.ReactNode;
}

/** One instance: its status, credential, custom-field values, and Test / Edit / Clone. */
export function InstanceCard(props: InstanceCardProps) {
  const { instance, type, testing, testDisabled, onTest, onEdit, onClone, onValuesSaved, children } = props;
  const [fieldsOpen, setFieldsOpen] = useState(false);
  const hasFields = type.customFields.length > 0;
  return (
    <Paper withBorder p="sm" data-testid="wizard-instance" data-name={instance.name}>
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Stack gap={4} style={{ minWidth: 0, flex: 1 }}>
            <Group gap="xs">
              <Text fw={600} style={WRAP_ANYWHERE}>
                {instance.name}
              </Text>
              <Badge variant="light" tt="none">
                {instance.environment}
              </Badge>
              {instance.tls.insecureSkipVerify && (
                <Badge color="red" variant="filled" tt="none" data-testid="instance-insecure">
                  TLS not verified
                </Badge>
              )}
            </Group>
            <UrlCode url={instance.endpoint} />
          </Stack>
          <InstanceStatus lastTest={instance.lastTest} />
        </Group>
        <Group gap="sm">
          <Text size="sm" fw={500}>
            Credential
          </Text>
          <InstanceCredential typeId={type.identifier} instance={instance} />
        </Group>
        <Group gap="xs">
          <Button
            size="xs"
            variant="default"
            leftSection={<IconPlugConnected size={14} />}
            onClick={onTest}
            loading={testing}
            disabled={testDisabled}
            aria-label={`Test instance ${instance.name}`}
          >
            Test
          </Button>
          <Button
            size="xs"
            variant="default"
            leftSection={<IconPencil size={14} />}
            onClick={onEdit}
            aria-label={`Edit instance ${instance.name}`}
          >
            Edit
          </Button>
          <Button
            size="xs"
            variant="default"
            leftSection={<IconCopy size={14} />}
            onClick={onClone}
            aria-label={`Clone instance ${instance.name}`}
          >
            Clone
          </Button>
          {hasFields && (
            <Button size="xs" variant="subtle" onClick={() => setFieldsOpen((o) => !o)} aria-expanded={fieldsOpen}>
              {fieldsOpen ? 'Hide custom-field values' : 'Custom-field values'}
            </Button>
          )}
        </Group>
        {hasFields && fieldsOpen && <FieldValues instance={instance} type={type} onSaved={onValuesSaved} />}
        {children}
      </Stack>
    </Paper>
  );
}

function hasValues(values: Record<string, unknown>): boolean {
  return Object.keys(values).length > 0;
}

/** The instance's custom-field values, saved on request (field errors under their inputs). */
interface FieldValuesProps {
  instance: Instance;
  type: PlatformType;
  onSaved?: (values: Record<string, unknown>) => void;
}

function FieldValues({ instance, type, onSaved }: FieldValuesProps) {
  const qc = useQueryClient();
  const [values, setValues] = useState(() =>
    hasValues(instance.fieldValues) ? instance.fieldValues : initialFieldValues(type),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const refresh = () => qc.invalidateQueries({ queryKey: queryKeys.instances(instance.platformId) });

  const save = async () => {
    setSaving(true);
    setErrors({});
    try {
      const { name, environment, endpoint } = instance;
      await ipc.updateInstance(instance.id, { name, environment, endpoint, fieldValues: values });
      await refresh();
      onSaved?.(values);
      notifySuccess(`Custom-field values of “${instance.name}” saved`);
    } catch (error) {
      const failure = toIpcFailure(error);
      if (failure.belongsToForm) {
        setErrors(toFormErrors(failure.fields));
      } else notifyFailure(failure, 'Could not save the custom-field values');
    } finally {
      setSaving(false);
    }
  };

  return (
    <Stack gap="xs" pt="xs">
      <InstanceFieldsForm
        type={type}
        values={values}
        onChange={setValues}
        errors={errors}
        instance={instance}
        onInstanceChange={() => void refresh()}
        disabled={saving}
      />
      <Group>
        <Button size="xs" onClick={() => void save()} loading={saving} aria-label={`Save values of ${instance.name}`}>
          Save values
        </Button>
      </Group>
    </Stack>
  );
}

import { useEffect } from 'react';
import { Divider, Loader, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { OtherFieldErrors } from '../../components/FieldError';
import { QueryError } from '../../components/QueryError';
import { ipc, toFormErrors, toIpcFailure } from '../../ipc';
import { notifyFailure } from '../../notify';
import { queryKeys } from '../../queries';
import { NamingFields } from '../validation/NamingFields';
import { QuotasEditor } from '../validation/QuotasEditor';
import { RoleMappingsEditor } from '../validation/RoleMappingsEditor';
import {
  isShownField,
  settingsValidation,
  toFormValues,
  toSettings,
  type SettingsFormValues,
} from '../validation/settingsForm';
import type { LeaveHandler, WizardData } from './wizardModel';

interface StepSettingsProps {
  data: WizardData;
  update: (patch: Partial<WizardData>) => void;
  setLeave: (leave: LeaveHandler | null) => void;
}

/**
 * Step 6: quota definitions, role mappings and the naming convention, with the
 * live example name. They start from what is stored for the platform (or the
 * sandbox's defaults) and are saved when the step is left.
 */
export function StepSettings({ data, update, setLeave }: StepSettingsProps) {
  const platformId = data.platformId ?? '';
  const stored = useQuery({
    queryKey: queryKeys.validationSettings(platformId),
    queryFn: () => ipc.getValidationSettings(platformId),
    enabled: data.settings === null && platformId !== '',
  });

  useEffect(() => {
    if (data.settings === null && stored.data) update({ settings: toFormValues(stored.data) });
  }, [data.settings, stored.data, update]);

  if (stored.isError) {
    return (
      <QueryError
        title="Could not load the validation settings"
        error={stored.error}
        onRetry={() => void stored.refetch()}
      />
    );
  }
  if (!data.settings) return <Loader aria-label="Loading validation settings" />;
  return <SettingsForm initial={data.settings} platformId={platformId} update={update} setLeave={setLeave} />;
}

interface SettingsFormProps {
  initial: SettingsFormValues;
  platformId: string;
  update: (patch: Partial<WizardData>) => void;
  setLeave: (leave: LeaveHandler | null) => void;
}

function SettingsForm({ initial, platformId, update, setLeave }: SettingsFormProps) {
  const qc = useQueryClient();
  const form = useForm<SettingsFormValues>({
    initialValues: initial,
    validate: settingsValidation,
    onValuesChange: (values) => update({ settings: values }),
  });

  useEffect(() => {
    setLeave(async () => {
      if (form.validate().hasErrors) return false;
      try {
        const saved = await ipc.setValidationSettings(platformId, toSettings(form.getValues()));
        qc.setQueryData(queryKeys.validationSettings(platformId), saved);
        return true;
      } catch (error) {
        const failure = toIpcFailure(error);
        if (failure.belongsToForm) form.setErrors(toFormErrors(failure.fields));
        else notifyFailure(failure, 'Could not save the validation settings');
        return false;
      }
    });
    return () => setLeave(null);
  });

  const values = form.getValues();
  return (
    <Stack>
      <QuotasEditor form={form} />
      <Divider />
      <RoleMappingsEditor form={form} />
      <Divider />
      <NamingFields form={form} />
      <OtherFieldErrors errors={form.errors} shown={(field) => isShownField(field, values)} />
    </Stack>
  );
}

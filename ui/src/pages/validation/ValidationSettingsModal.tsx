import { Button, Divider, Group, Loader, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import type { Platform } from '../../bindings/Platform';
import type { ValidationSettings } from '../../bindings/ValidationSettings';
import { applyFieldErrors, OtherFieldErrors } from '../../components/FieldError';
import { FormModal, useDiscardGuard } from '../../components/FormModal';
import { QueryError } from '../../components/QueryError';
import { useSaveValidationSettings, useValidationSettings } from '../../validationQueries';
import { NamingFields } from './NamingFields';
import { QuotasEditor } from './QuotasEditor';
import { RoleMappingsEditor } from './RoleMappingsEditor';
import { StrictnessEditor } from './StrictnessEditor';
import {
  isShownField,
  settingsValidation,
  toFormValues,
  toSettings,
  type SettingsFormValues,
} from './settingsForm';

interface ValidationSettingsModalProps {
  opened: boolean;
  platform: Platform;
  onClose: () => void;
}

export function ValidationSettingsModal({ opened, platform, onClose }: ValidationSettingsModalProps) {
  const settings = useValidationSettings(platform.id);
  return (
    <FormModal opened={opened} onClose={onClose} title={`Validation settings of ${platform.name}`} size="xl">
      {settings.isPending && <Loader aria-label="Loading validation settings" />}
      {settings.isError && (
        <QueryError
          title="Could not load the validation settings"
          error={settings.error}
          onRetry={() => void settings.refetch()}
        />
      )}
      {/* The form starts from the stored settings, so it waits for them. */}
      {settings.data && <SettingsForm platform={platform} settings={settings.data} onDone={onClose} />}
    </FormModal>
  );
}

interface SettingsFormProps {
  platform: Platform;
  settings: ValidationSettings;
  onDone: () => void;
}

function SettingsForm({ platform, settings, onDone }: SettingsFormProps) {
  const save = useSaveValidationSettings(platform.id);
  const form = useForm<SettingsFormValues>({
    initialValues: toFormValues(settings),
    validate: settingsValidation,
  });
  const cancel = useDiscardGuard(form.isDirty, onDone);

  const submit = async (values: SettingsFormValues) => {
    try {
      await save.mutateAsync(toSettings(values));
      onDone();
    } catch (error) {
      applyFieldErrors(form, error);
    }
  };

  const values = form.getValues();
  return (
    <form onSubmit={form.onSubmit(submit)} noValidate>
      <Stack>
        <NamingFields form={form} />
        <Divider />
        <RoleMappingsEditor form={form} />
        <Divider />
        <QuotasEditor form={form} />
        <Divider />
        <StrictnessEditor form={form} />
        <OtherFieldErrors errors={form.errors} shown={(field) => isShownField(field, values)} />
        <Group justify="flex-end">
          <Button variant="default" onClick={cancel} disabled={save.isPending}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending} data-testid="validation-settings-save">
            Save settings
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

import { useEffect } from 'react';
import { Autocomplete, Button, Group, Loader, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { TagDefinition } from '../../bindings/TagDefinition';
import { DescriptionField } from '../../components/DescriptionField';
import { OtherFieldErrors, withFieldError } from '../../components/FieldError';
import { ipc, toFormErrors, toIpcFailure } from '../../ipc';
import { registryIpc } from '../../ipcRegistry';
import { notifyFailure } from '../../notify';
import { queryKeys } from '../../queries';
import { AccessInfoField } from './AccessInfoField';
import { DetailsTags } from './DetailsTags';
import { detailsErrors, platformInput, withMandatoryTags } from './stepRules';
import { slug, type DetailsValues, type LeaveHandler, type WizardData } from './wizardModel';

export const locationsKey = ['locations'] as const;

const SHOWN = /^(name|identifier|description|location|supportUrl|docsUrl|accessInfo|tags|tags\.\d+\.(key|value))$/;

interface StepDetailsProps {
  data: WizardData;
  update: (patch: Partial<WizardData>) => void;
  setLeave: (leave: LeaveHandler | null) => void;
  tagDefinitions: TagDefinition[] | undefined;
}

/** Step 2: what the platform is called and how it is found. Leaving it saves a draft platform. */
export function StepDetails({ tagDefinitions, ...props }: StepDetailsProps) {
  // Mandatory tags are listed from the start, so the form waits for the definitions.
  if (!tagDefinitions) return <Loader aria-label="Loading tag definitions" />;
  return <DetailsForm {...props} tagDefinitions={tagDefinitions} />;
}

type DetailsFormProps = StepDetailsProps & { tagDefinitions: TagDefinition[] };

function DetailsForm({ data, update, setLeave, tagDefinitions }: DetailsFormProps) {
  const qc = useQueryClient();
  const locations = useQuery({ queryKey: locationsKey, queryFn: registryIpc.listLocations });
  const form = useForm<DetailsValues>({
    initialValues: withMandatoryTags(data.details, tagDefinitions),
    validate: (values) => detailsErrors(values, tagDefinitions),
    onValuesChange: (values) => update({ details: values }),
  });

  // Next saves the platform: created as a draft the first time, updated after.
  const leave = async () => {
    if (form.validate().hasErrors) return false;
    const details = form.getValues();
    const input = platformInput({ ...data, details });
    try {
      const saved = data.platformId
        ? await ipc.updatePlatform(data.platformId, input)
        : await ipc.createPlatform({ ...input, status: 'draft' });
      update({ platformId: saved.id, details });
      void qc.invalidateQueries({ queryKey: queryKeys.platforms });
      void qc.invalidateQueries({ queryKey: ['platform', saved.id] });
      void qc.invalidateQueries({ queryKey: locationsKey });
      return true;
    } catch (error) {
      const failure = toIpcFailure(error);
      if (failure.belongsToForm) form.setErrors(toFormErrors(failure.fields));
      else notifyFailure(failure, 'Could not save the platform');
      return false;
    }
  };
  useEffect(() => {
    setLeave(leave);
    return () => setLeave(null);
  });

  const values = form.getValues();
  const setName = (name: string) =>
    form.setValues(form.getValues().identifierEdited ? { name } : { name, identifier: slug(name) });

  return (
    <Stack>
      <TextInput
        label="Name"
        placeholder="Event streaming"
        required
        {...withFieldError(form.getInputProps('name'), 'platform-name')}
        onChange={(event) => setName(event.currentTarget.value)}
      />
      <Group align="flex-end" wrap="nowrap">
        <TextInput
          label="Identifier"
          description={
            values.identifierEdited
              ? "Lower-case letters, digits and '-', unique"
              : "Derived from the name until you edit it; lower-case letters, digits and '-', unique"
          }
          placeholder="event-streaming"
          required
          style={{ flex: 1 }}
          {...withFieldError(form.getInputProps('identifier'), 'platform-identifier')}
          onChange={(event) =>
            form.setValues({ identifier: event.currentTarget.value.toLowerCase(), identifierEdited: true })
          }
        />
        {values.identifierEdited && (
          <Button
            variant="default"
            onClick={() => form.setValues({ identifier: slug(values.name), identifierEdited: false })}
            data-testid="platform-identifier-derive"
          >
            Derive from name
          </Button>
        )}
      </Group>
      <DescriptionField
        label="Description"
        placeholder="What the platform offers and to whom"
        {...withFieldError(form.getInputProps('description'), 'platform-description')}
        value={values.description}
      />
      <Autocomplete
        label="Location"
        description="Where it runs. Pick a location or type a new name: it becomes a location record (EU Central → eu-central)."
        placeholder="eu-central"
        data={(locations.data ?? []).map((l) => l.identifier)}
        {...withFieldError(form.getInputProps('location'), 'platform-location')}
      />
      <Group grow align="flex-start">
        <TextInput
          label="Support link"
          placeholder="https://… or mailto:…"
          {...withFieldError(form.getInputProps('supportUrl'), 'platform-support-url')}
        />
        <TextInput
          label="Documentation link"
          placeholder="https://docs.example.com"
          {...withFieldError(form.getInputProps('docsUrl'), 'platform-docs-url')}
        />
      </Group>
      <AccessInfoField
        value={values.accessInfo}
        onChange={(value) => form.setFieldValue('accessInfo', value)}
        error={form.errors.accessInfo}
      />
      <DetailsTags form={form} definitions={tagDefinitions} />
      <OtherFieldErrors errors={form.errors} shown={(field) => SHOWN.test(field)} />
    </Stack>
  );
}

import { Button, Checkbox, Group, Modal, NumberInput, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import type { LandingZone } from '../../bindings/LandingZone';
import type { QuotaDefinition } from '../../bindings/QuotaDefinition';
import type { RoleMapping } from '../../bindings/RoleMapping';
import { RoleMappingsEditor } from '../validation/RoleMappingsEditor';
import { withFieldError } from '../../components/FieldError';
import { toIpcFailure } from '../../ipc';
import { useSaveLandingZone } from './offeringQueries';

interface Values {
  identifier: string;
  name: string;
  description: string;
  infoLink: string;
  /**
   * By position of the quota definitions, not by key: keys hold dots
   * (`requests.cpu`), which form paths would read as nesting. '' leaves the
   * definition's default.
   */
  quotas: (number | string)[];
  restricted: boolean;
  disabled: boolean;
  /** Overrides of the platform's role mappings for tenants of this zone. */
  roleMappings: RoleMapping[];
}

function initial(zone: LandingZone | null, platformIdentifier: string, quotas: QuotaDefinition[]): Values {
  return {
    identifier: zone?.identifier ?? `${platformIdentifier}-default`,
    name: zone?.name ?? 'Default',
    description: zone?.description ?? '',
    infoLink: zone?.infoLink ?? '',
    quotas: quotas.map((q) => zone?.quotas[q.key] ?? q.default),
    restricted: zone?.restricted ?? false,
    disabled: zone?.disabled ?? false,
    roleMappings: zone?.roleMappings.map((m) => ({ ...m })) ?? [],
  };
}

/** Creates (zone null) or edits a landing zone; quota values are checked against their definitions on save. */
export function LandingZoneModal({
  platformId,
  platformIdentifier,
  quotas,
  zone,
  onClose,
}: {
  platformId: string;
  platformIdentifier: string;
  quotas: QuotaDefinition[];
  zone: LandingZone | null;
  onClose: () => void;
}) {
  const save = useSaveLandingZone(platformId);
  const form = useForm<Values>({ mode: 'controlled', initialValues: initial(zone, platformIdentifier, quotas) });
  const submit = (v: Values) => {
    const values = quotas.flatMap((q, i) => (v.quotas[i] === '' ? [] : [[q.key, Number(v.quotas[i])] as const]));
    save.mutate(
      {
        existing: zone?.identifier ?? null,
        input: {
          identifier: v.identifier.trim(),
          name: v.name.trim(),
          description: v.description.trim(),
          infoLink: v.infoLink.trim() || null,
          quotas: Object.fromEntries(values),
          roleMappings: v.roleMappings.map((m) => ({ projectRole: m.projectRole, platformRole: m.platformRole.trim() })),
          restricted: v.restricted,
          disabled: v.disabled,
        },
      },
      {
        onSuccess: onClose,
        // The backend names a quota by key (`quotas.requests.cpu`); the form by position.
        onError: (e) => {
          const failure = toIpcFailure(e);
          if (!failure.belongsToForm) return;
          const errors: Record<string, string> = {};
          for (const f of failure.fields) {
            const i = quotas.findIndex((q) => f.field === `quotas.${q.key}`);
            errors[i >= 0 ? `quotas.${i}` : f.field] = f.message;
          }
          form.setErrors(errors);
        },
      },
    );
  };
  return (
    <Modal opened onClose={onClose} title={zone ? `Landing zone ${zone.identifier}` : 'New landing zone'} size="lg">
      <form onSubmit={form.onSubmit(submit)}>
        <Stack gap="sm">
          <Group grow align="flex-start">
            <TextInput
              label="Identifier"
              required
              disabled={zone !== null}
              {...withFieldError(form.getInputProps('identifier'), 'zone-identifier')}
            />
            <TextInput label="Name" required {...withFieldError(form.getInputProps('name'), 'zone-name')} />
          </Group>
          <Textarea
            label="Description"
            autosize
            minRows={2}
            {...withFieldError(form.getInputProps('description'), 'zone-description')}
          />
          <TextInput
            label="Information link"
            placeholder="https://…"
            {...withFieldError(form.getInputProps('infoLink'), 'zone-info-link')}
          />
          <Text size="sm" fw={500}>
            Default quotas of a new tenant
          </Text>
          {quotas.length === 0 && (
            <Text size="sm" c="dimmed">
              The platform defines no quotas (Quotas, roles and naming).
            </Text>
          )}
          <Group grow align="flex-start" wrap="wrap">
            {quotas.map((q, i) => (
              <NumberInput
                key={q.key}
                label={`${q.label} (${q.key})`}
                description={`${q.min} to ${q.max} ${q.unit}`}
                {...withFieldError(form.getInputProps(`quotas.${i}`), `zone-quota-${q.key}`)}
              />
            ))}
          </Group>
          <RoleMappingsEditor
            form={form}
            hint="Replace the platform's role for these project roles in tenants of this zone; none keeps the platform's."
            empty="No overrides: tenants get the platform's role mappings."
          />
          <Group>
            <Checkbox
              label="Restricted: only with an operator's approval"
              {...form.getInputProps('restricted', { type: 'checkbox' })}
              data-testid="zone-restricted"
            />
            <Checkbox
              label="Disabled: not offered"
              {...form.getInputProps('disabled', { type: 'checkbox' })}
              data-testid="zone-disabled"
            />
          </Group>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending} data-testid="zone-save">
              Save landing zone
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

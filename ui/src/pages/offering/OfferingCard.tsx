import { Alert, Button, Card, Group, List, Select, Stack, TagsInput, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconFileExport } from '@tabler/icons-react';
import { useState } from 'react';
import type { Availability } from '../../bindings/Availability';
import type { Platform } from '../../bindings/Platform';
import { applyFieldErrors, withFieldError } from '../../components/FieldError';
import { ExportMeshstackModal } from './ExportMeshstackModal';
import { useReadiness, useSetAvailability } from './offeringQueries';
import { PUBLICATION_LABELS, PublicationBadge } from './PublicationBadge';

const RESTRICTIONS = [
  { value: 'private', label: 'Private: only the owning workspace' },
  { value: 'public', label: 'Public: every workspace' },
  { value: 'restricted', label: 'Restricted to named workspaces' },
];

/**
 * Who may order the platform and whether it is offered, with what publishing
 * still needs, and the export of the platform as Terraform for meshStack.
 */
export function OfferingCard({ platform, readOnly }: { platform: Platform; readOnly: boolean }) {
  const readiness = useReadiness(platform.id);
  const save = useSetAvailability(platform.id);
  const [exporting, setExporting] = useState(false);
  const form = useForm<Availability>({
    mode: 'controlled',
    initialValues: { restrictedTo: [], ...platform.availability },
  });
  const publications = (['draft', 'published', 'deprecated', 'unpublished'] as const)
    .filter((p) => p !== 'draft' || platform.availability.publication === 'draft')
    .map((p) => ({ value: p, label: PUBLICATION_LABELS[p] }));
  const missing = readiness.data?.missing ?? [];

  return (
    <Card withBorder radius="md" data-testid="offering">
      <form
        onSubmit={form.onSubmit((values) =>
          save.mutate(
            { ...values, restrictedTo: values.restriction === 'restricted' ? values.restrictedTo : [] },
            { onError: (e) => applyFieldErrors(form, e) },
          ),
        )}
      >
        <Stack gap="sm">
          <Group justify="space-between" wrap="wrap">
            <Title order={4}>Availability and publication</Title>
            <PublicationBadge availability={platform.availability} always />
          </Group>
          <Group grow align="flex-start" wrap="wrap">
            <Select
              label="Who may order it"
              data={RESTRICTIONS}
              allowDeselect={false}
              disabled={readOnly}
              {...withFieldError(form.getInputProps('restriction'), 'offering-restriction')}
            />
            <Select
              label="Publication"
              data={publications}
              allowDeselect={false}
              disabled={readOnly}
              {...withFieldError(form.getInputProps('publication'), 'offering-publication')}
            />
          </Group>
          {form.values.restriction === 'restricted' && (
            <TagsInput
              label="Workspaces or teams"
              placeholder="team-a, then Enter"
              disabled={readOnly}
              {...withFieldError(form.getInputProps('restrictedTo'), 'offering-restricted-to')}
            />
          )}
          {missing.length > 0 && (
            <Alert color="yellow" variant="light" title="Publishing still needs" data-testid="offering-missing">
              <List size="sm">
                {missing.map((m) => (
                  <List.Item key={m}>{m}</List.Item>
                ))}
              </List>
            </Alert>
          )}
          {readiness.data && missing.length === 0 && (
            <Text size="sm" c="dimmed" data-testid="offering-ready">
              {platform.availability.publication === 'published' ? 'Offered' : 'Ready to publish'}: validated{' '}
              {readiness.data.validatedInstances.join(', ')}; landing zones {readiness.data.landingZones.join(', ')}.
            </Text>
          )}
          <Group justify="space-between">
            <Button
              variant="default"
              leftSection={<IconFileExport size={16} />}
              onClick={() => setExporting(true)}
              data-testid="offering-export-meshstack"
            >
              Export to meshStack
            </Button>
            {!readOnly && (
              <Button type="submit" loading={save.isPending} data-testid="offering-save">
                Save availability
              </Button>
            )}
          </Group>
        </Stack>
      </form>
      {exporting && <ExportMeshstackModal platform={platform} onClose={() => setExporting(false)} />}
    </Card>
  );
}

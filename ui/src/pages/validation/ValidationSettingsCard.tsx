import { useState } from 'react';
import { Badge, Button, Card, Code, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { IconSettings } from '@tabler/icons-react';
import type { Platform } from '../../bindings/Platform';
import type { ValidationSettings } from '../../bindings/ValidationSettings';
import { QueryError } from '../../components/QueryError';
import { WRAP_ANYWHERE } from '../../components/LongText';
import { useValidationSettings } from '../../validationQueries';
import { managedButtonProps, platformReasonId } from '../platforms/ManagedByFile';
import { exampleName } from './settingsForm';
import { ValidationSettingsModal } from './ValidationSettingsModal';

function deviations({ knownDeviations }: ValidationSettings): string {
  if (knownDeviations.length === 0) return 'no known deviations listed, so failures';
  return knownDeviations.map((d) => `${d.step} (${d.reason})`).join(', ');
}

function Summary({ settings }: { settings: ValidationSettings }) {
  const { naming, roleMappings, quotas } = settings;
  return (
    <Stack gap={6}>
      <Text size="sm" style={WRAP_ANYWHERE}>
        Tenant names: <Code data-testid="validation-settings-template">{naming.template}</Code>, e.g.{' '}
        <Code data-testid="validation-settings-example">{exampleName(naming)}</Code>
      </Text>
      <Group gap={6}>
        <Text size="sm">Role mappings:</Text>
        {roleMappings.length === 0 ? (
          <Text size="sm" c="dimmed" data-testid="validation-settings-roles">
            none
          </Text>
        ) : (
          roleMappings.map((m) => (
            <Badge key={m.projectRole} variant="light" tt="none" data-testid="validation-settings-role">
              {m.projectRole} → {m.platformRole}
            </Badge>
          ))
        )}
      </Group>
      <Group gap={6}>
        <Text size="sm">Quotas:</Text>
        {quotas.length === 0 ? (
          <Text size="sm" c="dimmed" data-testid="validation-settings-quotas">
            none
          </Text>
        ) : (
          quotas.map((q) => (
            <Badge key={q.key} variant="outline" tt="none" data-testid="validation-settings-quota">
              {q.label} ({q.key})
            </Badge>
          ))
        )}
      </Group>
      <Text size="sm" style={WRAP_ANYWHERE} data-testid="validation-settings-strictness">
        {settings.strictness === 'lenient'
          ? `Lenient: ${deviations(settings)} are warnings`
          : 'Strict: every expectation must hold'}
      </Text>
    </Stack>
  );
}

/** What the validation suite will use for this platform, and the way to change it. */
export function ValidationSettingsCard({ platform }: { platform: Platform }) {
  const settings = useValidationSettings(platform.id);
  const [editing, setEditing] = useState(false);
  return (
    <Card withBorder radius="md" data-testid="validation-settings">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start">
          <div>
            <Title order={3}>Validation settings</Title>
            <Text size="sm" c="dimmed">
              How the validation suite names its throw-away tenant, which role its test user gets, and which quotas
              it checks.
            </Text>
          </div>
          <Button
            variant="light"
            leftSection={<IconSettings size={16} />}
            onClick={() => setEditing(true)}
            data-testid="validation-settings-edit"
            // Read-only when a provisioning folder defines the platform; the reason is
            // the "Managed by file" badge next to its name.
            {...managedButtonProps(platform.managedBy, platformReasonId(platform.id))}
          >
            Edit
          </Button>
        </Group>
        {settings.isPending && <Loader size="sm" aria-label="Loading validation settings" />}
        {settings.isError && (
          <QueryError
            title="Could not load the validation settings"
            error={settings.error}
            onRetry={() => void settings.refetch()}
          />
        )}
        {settings.data && <Summary settings={settings.data} />}
      </Stack>
      <ValidationSettingsModal opened={editing} platform={platform} onClose={() => setEditing(false)} />
    </Card>
  );
}

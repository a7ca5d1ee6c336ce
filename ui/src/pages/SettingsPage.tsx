import type { ReactNode } from 'react';
import { Badge, Button, Card, Code, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import type { AppStatus } from '../bindings/AppStatus';
import { QueryError } from '../components/QueryError';
import { useAppStatus } from '../queries';
import { ChangeRetentionCard } from './settings/ChangeRetentionCard';
import { HealthChecksCard } from './health/HealthChecksCard';
import { HistoryRetentionCard } from './settings/HistoryRetentionCard';
import { ProvisioningCard } from './settings/ProvisioningCard';
import { TagDefinitionsCard } from './settings/TagDefinitionsCard';
// This view is loaded lazily, so it brings the styles the first screen does without.
import '../components/lazyViewStyles';

function Row({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <Group justify="space-between" wrap="nowrap" align="flex-start">
      <Text size="sm" c="dimmed" miw={160}>
        {label}
      </Text>
      <Text size="sm" ta="right" style={{ wordBreak: 'break-all' }} data-testid={testId}>
        {children}
      </Text>
    </Group>
  );
}

function schemaVersion(status: AppStatus): string {
  // No version means the database could not be opened; the startup error says why.
  if (status.schemaVersion === null) return `not open (${status.supportedSchemaVersion} supported)`;
  return `${status.schemaVersion} of ${status.supportedSchemaVersion} supported`;
}

function StorageCard({ status }: { status: AppStatus }) {
  return (
    <Card withBorder radius="md">
      <Stack gap="sm">
        <Title order={4}>Storage</Title>
        <Row label="Data directory">
          <Code data-testid="settings-data-dir">{status.dataDir}</Code>
        </Row>
        <Row label="Database file">
          <Code data-testid="settings-database-path">{status.databasePath}</Code>
        </Row>
        <Row label="Log directory">
          <Code data-testid="settings-log-dir">{status.logDir}</Code>
        </Row>
        <Row label="Schema version" testId="settings-schema-version">
          {schemaVersion(status)}
        </Row>
        <Row label="Last backup">
          {status.lastBackup ? (
            <Code data-testid="settings-last-backup">{status.lastBackup}</Code>
          ) : (
            'none (a backup is written before each database upgrade)'
          )}
        </Row>
        <Row label="App version" testId="settings-app-version">
          {status.appVersion}
        </Row>
      </Stack>
    </Card>
  );
}

function KeyringCard({ status, checking, onCheck }: { status: AppStatus; checking: boolean; onCheck: () => void }) {
  const { keyring } = status;
  return (
    <Card withBorder radius="md" data-testid="settings-keyring">
      <Stack gap="sm">
        <Group justify="space-between">
          <Group gap="xs">
            <Title order={4}>OS keyring</Title>
            <Badge color={keyring.available ? 'teal' : 'red'} tt="none" data-testid="settings-keyring-status">
              {keyring.available ? 'Available' : 'Unavailable'}
            </Badge>
          </Group>
          <Button
            size="xs"
            variant="light"
            leftSection={<IconRefresh size={14} />}
            loading={checking}
            onClick={onCheck}
            // Beside the title in a narrow window the label was squeezed and cut.
            style={{ flexShrink: 0 }}
            data-testid="settings-keyring-check"
          >
            Check again
          </Button>
        </Group>
        <Text size="sm" c="dimmed">
          Instance credentials are stored only in the OS keyring, never in the database or in exported files.
        </Text>
        <Row label="Backend" testId="settings-keyring-backend">
          {keyring.backend}
        </Row>
        <Text size="sm" data-testid="settings-keyring-message">
          {keyring.message}
        </Text>
        {!keyring.available && keyring.remediation && (
          <Text size="sm" c="red" data-testid="settings-keyring-remediation">
            {keyring.remediation}
          </Text>
        )}
      </Stack>
    </Card>
  );
}

export function SettingsPage() {
  const status = useAppStatus();
  return (
    <Stack>
      <Title order={2}>Settings</Title>
      {status.isPending && <Loader aria-label="Loading settings" />}
      {status.isError && (
        <QueryError title="Could not read the app status" error={status.error} onRetry={() => void status.refetch()} />
      )}
      {status.data && (
        <>
          <StorageCard status={status.data} />
          <KeyringCard status={status.data} checking={status.isFetching} onCheck={() => void status.refetch()} />
          <ProvisioningCard status={status.data.provisioning} />
          <HealthChecksCard />
          <HistoryRetentionCard />
          <ChangeRetentionCard />
          <TagDefinitionsCard />
        </>
      )}
    </Stack>
  );
}

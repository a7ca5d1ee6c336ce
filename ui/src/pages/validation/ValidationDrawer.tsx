import { useState } from 'react';
import { Button, Divider, Drawer, Select, Stack, Text, Title } from '@mantine/core';
import { IconPlugConnected } from '@tabler/icons-react';
import type { Instance } from '../../bindings/Instance';
import { useTestConnection } from '../../validationQueries';
import { ConnectionTestResult } from './ConnectionTestResult';
import { HistoryList } from './HistoryList';
import { TestRunDetail } from './TestRunDetail';
import { useValidationRun } from './useValidationRun';
import { useLandingZones } from '../offering/offeringQueries';
import { ValidationRunSection } from './ValidationRunSection';

interface ValidationDrawerProps {
  instance: Instance | null;
  onClose: () => void;
}

export function ValidationDrawer({ instance, onClose }: ValidationDrawerProps) {
  const [busy, setBusy] = useState(false);
  return (
    <Drawer
      opened={instance !== null}
      // While a run is in progress its steps arrive only in this view; closing it
      // would lose the live timeline (and the leftovers to remove by hand). Cancel
      // stops the run instead.
      onClose={() => {
        if (!busy) onClose();
      }}
      closeOnClickOutside={!busy}
      closeOnEscape={!busy}
      position="right"
      size="xl"
      title={instance ? `Validate ${instance.name}` : ''}
      styles={{ title: { overflowWrap: 'anywhere', minWidth: 0 } }}
      data-testid="validation-drawer"
    >
      {/* Mounted only while open: the next instance starts with a clean slate. */}
      {instance && <ValidationPanel key={instance.id} instance={instance} onBusyChange={setBusy} />}
    </Drawer>
  );
}

function ValidationPanel({ instance, onBusyChange }: { instance: Instance; onBusyChange: (busy: boolean) => void }) {
  const run = useValidationRun(instance.id);
  const connection = useTestConnection(instance.id);
  const [selected, setSelected] = useState<string | null>(null);
  const zones = useLandingZones(instance.platformId);
  const [zone, setZone] = useState<string | null>(null);
  const offered = (zones.data ?? []).filter((z) => !z.disabled);

  return (
    <Stack>
      <Text size="sm" c="dimmed">
        The suite creates a throw-away tenant named by the platform&apos;s naming convention, adds a user by the role
        mapping, sets each quota, then removes everything again. Whatever cannot be removed is listed, so it can be
        deleted by hand.
      </Text>
      {offered.length > 0 && (
        <Select
          label="Landing zone"
          description="The tenant is created with this zone's quotas, and the quota steps use them."
          data={[
            { value: '', label: 'None: the quota definitions’ defaults' },
            ...offered.map((z) => ({ value: z.identifier, label: `${z.name} (${z.identifier})` })),
          ]}
          value={zone ?? ''}
          onChange={(v) => setZone(v || null)}
          allowDeselect={false}
          disabled={run.running}
          data-testid="validation-landing-zone-select"
        />
      )}
      <ValidationRunSection
        run={run}
        landingZone={zone}
        onBusyChange={onBusyChange}
        runDisabled={connection.isPending}
        actions={
          <Button
            variant="default"
            leftSection={<IconPlugConnected size={16} />}
            onClick={() => connection.mutate()}
            loading={connection.isPending}
            disabled={run.running}
            data-testid="connection-test"
          >
            Test connection
          </Button>
        }
      />

      <ConnectionTestResult
        test={connection.data}
        failure={connection.isError ? connection.error : null}
        testId="connection"
        heading={<Title order={5}>Connection test</Title>}
      />

      <Divider />
      <Title order={4}>History</Title>
      <HistoryList instanceId={instance.id} selected={selected} onSelect={setSelected} />
      {selected && <TestRunDetail key={`detail-${selected}`} id={selected} />}
    </Stack>
  );
}

import { useState } from 'react';
import { Button, Group, Loader, Stack, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import type { Instance } from '../../bindings/Instance';
import type { Platform } from '../../bindings/Platform';
import type { PlatformType } from '../../bindings/PlatformType';
import { CloneInstanceModal } from '../instance/CloneInstanceModal';
import { explainMissingCredential, SET_CREDENTIAL_ADVICE } from '../platforms/credentialPrompt';
import { InstanceFormModal } from '../platforms/InstanceFormModal';
import { ConnectionTestResult } from '../validation/ConnectionTestResult';
import { ConnectionTestRunning } from './ConnectionTestRunning';
import { InstanceCard } from './InstanceCard';
import { useInstanceTest } from './useInstanceTest';
import type { TestNote, WizardData } from './wizardModel';

interface StepInstancesProps {
  /** The instance of the Connection step, whose form keeps its own copy of the values. */
  firstInstanceId: string | null;
  update: (patch: Partial<WizardData> | ((d: WizardData) => Partial<WizardData>)) => void;
  setBusy: (busy: boolean) => void;
  type: PlatformType;
  platform: Platform | undefined;
  instances: Instance[] | undefined;
}

/** Step 9: every environment of the platform, each tested on its own. */
export function StepInstances({ firstInstanceId, update, setBusy, type, platform, instances }: StepInstancesProps) {
  // undefined: closed; null: adding a new instance.
  const [editing, setEditing] = useState<Instance | null | undefined>(undefined);
  const [cloning, setCloning] = useState<Instance | null>(null);
  const recordTest = (instanceId: string, note: TestNote) =>
    update((d) => ({ tests: { ...d.tests, [instanceId]: note } }));
  const tester = useInstanceTest(recordTest, setBusy);

  if (!platform || !instances) return <Loader aria-label="Loading instances" />;
  return (
    <Stack>
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {instances.length === 1 ? 'One instance registered.' : `${instances.length} instances registered.`}
        </Text>
        <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing(null)} data-testid="wizard-instance-add">
          Add instance
        </Button>
      </Group>
      {instances.map((instance) => (
        <InstanceCard
          key={instance.id}
          instance={instance}
          type={type}
          testing={tester.running === instance.id}
          testDisabled={tester.running !== null && tester.running !== instance.id}
          onTest={() => void tester.run(() => Promise.resolve(instance), instance.id)}
          onEdit={() => setEditing(instance)}
          onClone={() => setCloning(instance)}
          onValuesSaved={(fieldValues) => {
            if (instance.id === firstInstanceId) update((d) => ({ connection: { ...d.connection, fieldValues } }));
          }}
        >
          {tester.running === instance.id && <ConnectionTestRunning />}
          {tester.instanceId === instance.id && (
            <ConnectionTestResult
              test={explainMissingCredential(tester.test, tester.hadCredential, SET_CREDENTIAL_ADVICE)}
              failure={tester.failure}
              testId="connection"
              withCertificate
            />
          )}
        </InstanceCard>
      ))}
      <InstanceFormModal
        opened={editing !== undefined}
        platform={platform}
        editing={editing ?? null}
        onClose={() => setEditing(undefined)}
      />
      <CloneInstanceModal source={cloning} onClose={() => setCloning(null)} />
    </Stack>
  );
}

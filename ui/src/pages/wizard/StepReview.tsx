import type { ReactNode } from 'react';
import { Alert, Anchor, Code, Group, List, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import type { Instance } from '../../bindings/Instance';
import type { PlatformType } from '../../bindings/PlatformType';
import { FailureAlert } from '../../components/FailureAlert';
import { WRAP_ANYWHERE } from '../../components/LongText';
import type { IpcFailure } from '../../ipc';
import { registryIpc } from '../../ipcRegistry';
import { ExecTrustPanel } from '../types/ExecTrustPanel';
import { useLandingZones } from '../offering/offeringQueries';
import { ConnectorOrigins } from '../platforms/ConnectorOrigins';
import { exampleName } from '../validation/settingsForm';
import { MarkdownPreview } from './AccessInfoField';
import { tlsDescription, useInstanceResults } from './instanceResults';
import { InstanceResultCard, ValidationLines } from './ReviewInstanceResults';
import { allClearMessage, reviewWarnings } from './reviewWarnings';
import { STEPS, type WizardData } from './wizardModel';

interface StepReviewProps {
  data: WizardData;
  type: PlatformType;
  instances: Instance[];
  onGoTo: (step: number) => void;
  /** Why Finish did not go through, if it did not. */
  finishError: IpcFailure | null;
}

function Section({ step, onGoTo, children }: { step: number; onGoTo: (step: number) => void; children: ReactNode }) {
  return (
    <Paper withBorder p="sm" data-testid={`review-step-${step + 1}`}>
      <Group justify="space-between" mb={4}>
        <Title order={5}>{STEPS[step].label}</Title>
        <Anchor component="button" type="button" size="sm" onClick={() => onGoTo(step)}>
          Change {STEPS[step].label.toLowerCase()}
        </Anchor>
      </Group>
      <Stack gap={4} style={WRAP_ANYWHERE}>
        {children}
      </Stack>
    </Paper>
  );
}

function Line({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Text size="sm">
      <Text span c="dimmed">
        {label}:
      </Text>{' '}
      {children}
    </Text>
  );
}

/** The landing zones saved in the wizard (they are stored as they are added). */
function ZoneLines({ platformId }: { platformId: string }) {
  const zones = useLandingZones(platformId);
  if (!zones.data) return <Loader size="xs" aria-label="Loading the landing zones" />;
  return (
    <div data-testid="review-landing-zones">
      <Line label="Landing zones">
        {zones.data.length
          ? zones.data.map((z) => `${z.name} (${z.identifier}${z.disabled ? ', disabled' : ''})`).join(', ')
          : 'none yet: publishing the platform needs one'}
      </Line>
    </div>
  );
}

/** Step 10: everything the wizard set up, and what still deserves attention. */
export function StepReview({ data, type, instances, onGoTo, finishError }: StepReviewProps) {
  const connector = useQuery({
    queryKey: ['connector', type.identifier],
    queryFn: () => registryIpc.getConnector(type.identifier),
  });
  const hasConnector = connector.data === undefined ? undefined : connector.data !== null;
  // Results come from each instance's history, so they say what ran against which instance.
  const { results, pending } = useInstanceResults(instances, data);
  const warnings = reviewWarnings(data, instances, connector.isError ? undefined : hasConnector, results);
  const d = data.details;
  const first = instances.find((i) => i.id === data.instanceId) ?? null;
  const settings = data.settings;
  const platformId = data.platformId ?? '';

  return (
    <Stack>
      {finishError && (
        <FailureAlert title="The platform could not be activated" failure={finishError} data-testid="finish-error">
          {finishError.fields.length > 0 && (
            <List size="sm">
              {finishError.fields.map((f) => (
                <List.Item key={f.field}>{f.message}</List.Item>
              ))}
            </List>
          )}
        </FailureAlert>
      )}
      {pending ? (
        <Group gap="xs" data-testid="review-checking">
          <Loader size="sm" />
          <Text size="sm" c="dimmed">
            Checking what ran against each instance…
          </Text>
        </Group>
      ) : warnings.length > 0 ? (
        <Alert
          color="yellow"
          icon={<IconAlertTriangle />}
          title="Worth a look before finishing"
          data-testid="review-warnings"
        >
          <List size="sm" spacing={4}>
            {warnings.map((w) => (
              <List.Item key={w.id} data-testid="review-warning" data-warning={w.id}>
                {w.message}{' '}
                <Anchor component="button" type="button" size="sm" onClick={() => onGoTo(w.step)}>
                  Go to {STEPS[w.step].label}
                </Anchor>
              </List.Item>
            ))}
          </List>
        </Alert>
      ) : (
        <Alert color="teal" icon={<IconCircleCheck />} data-testid="review-no-warnings">
          {allClearMessage(instances, results)}
        </Alert>
      )}

      <Section step={0} onGoTo={onGoTo}>
        <Line label="Type">
          {type.displayName} ({type.identifier}){type.builtin ? ', built-in' : ', custom'}
        </Line>
      </Section>
      <Section step={1} onGoTo={onGoTo}>
        <Line label="Name">{d.name}</Line>
        <Line label="Identifier">
          <Code>{d.identifier}</Code>
        </Line>
        {d.description && <Line label="Description">{d.description}</Line>}
        <Line label="Location">{d.location || 'none'}</Line>
        <Line label="Support">{d.supportUrl || 'none'}</Line>
        <Line label="Documentation">{d.docsUrl || 'none'}</Line>
        <Line label="Tags">{d.tags.length ? d.tags.map((t) => `${t.key}=${t.value}`).join(', ') : 'none'}</Line>
        {d.accessInfo.trim() && (
          <Paper withBorder p="xs">
            <MarkdownPreview text={d.accessInfo} />
          </Paper>
        )}
      </Section>
      <Section step={2} onGoTo={onGoTo}>
        {first ? (
          <>
            <Line label="First instance">
              {first.name} ({first.environment}) at {first.endpoint}
            </Line>
            <Line label="Credential">{first.credential.configured ? 'Configured' : 'Not set'}</Line>
            <Line label="TLS">{tlsDescription(first)}</Line>
          </>
        ) : (
          <Text size="sm">No instance saved.</Text>
        )}
      </Section>
      <Section step={3} onGoTo={onGoTo}>
        <Line label="Custom fields">
          {type.customFields.length ? type.customFields.map((f) => f.label || f.key).join(', ') : 'none'}
        </Line>
      </Section>
      <Section step={4} onGoTo={onGoTo}>
        <Line label="Connector">
          {hasConnector === undefined ? 'checking…' : hasConnector ? 'defined' : 'none'}
        </Line>
        {connector.data && <ConnectorOrigins text={connector.data} endpoints={instances.map((i) => i.endpoint)} />}
        {/* Before finishing, not after: an untrusted program fails every test of the platform. */}
        {hasConnector && <ExecTrustPanel identifier={type.identifier} />}
      </Section>
      <Section step={5} onGoTo={onGoTo}>
        {settings ? (
          <>
            <Line label="Quotas">
              {settings.quotas.length
                ? settings.quotas
                    .map((q) => `${q.label || q.key} (${q.min}–${q.max}, default ${q.default})`)
                    .join(', ')
                : 'none'}
            </Line>
            <Line label="Role mappings">
              {settings.roleMappings.length
                ? settings.roleMappings.map((m) => `${m.projectRole} → ${m.platformRole}`).join(', ')
                : 'none'}
            </Line>
            <Line label="Tenant names">
              <Code>{settings.naming.template}</Code>, e.g. <Code>{exampleName(settings.naming)}</Code>
            </Line>
          </>
        ) : (
          <Text size="sm">Not set in this wizard.</Text>
        )}
      </Section>
      <Section step={6} onGoTo={onGoTo}>
        <ZoneLines platformId={platformId} />
      </Section>
      <Section step={7} onGoTo={onGoTo}>
        <ValidationLines instances={instances} results={results} />
      </Section>
      <Section step={8} onGoTo={onGoTo}>
        {instances.map((instance) => (
          <InstanceResultCard key={instance.id} instance={instance} results={results[instance.id]} />
        ))}
      </Section>
    </Stack>
  );
}

import type { ReactNode } from 'react';
import { Alert, Badge, Card, Code, DataList, Group, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { CustomField } from '../../bindings/CustomField';
import type { Instance } from '../../bindings/Instance';
import { UrlCode, WRAP_ANYWHERE } from '../../components/LongText';
import { CredentialCell } from '../platforms/CredentialCell';
import { formatTime } from '../validation/format';

function SetBadge({ set, setLabel = 'Configured', unsetLabel = 'Not set', testId }: {
  set: boolean;
  setLabel?: string;
  unsetLabel?: string;
  testId: string;
}) {
  return (
    <Badge variant="light" tt="none" color={set ? 'teal' : 'gray'} data-testid={testId} data-set={set}>
      {set ? setLabel : unsetLabel}
    </Badge>
  );
}

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <DataList.Item>
      <DataList.ItemLabel>{label}</DataList.ItemLabel>
      <DataList.ItemValue style={WRAP_ANYWHERE}>{children}</DataList.ItemValue>
    </DataList.Item>
  );
}

const NOT_SET = (
  <Text size="sm" c="dimmed" component="span">
    Not set
  </Text>
);

/** A stored (never secret) field value as text; lists and JSON compactly. */
function FieldValue({ field, value }: { field: CustomField | undefined; value: unknown }) {
  if (value === undefined || value === null || value === '') return NOT_SET;
  if (typeof value === 'boolean') return <>{value ? 'Yes' : 'No'}</>;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number')) {
    return value.length ? <>{value.join(', ')}</> : NOT_SET;
  }
  if (typeof value === 'object' || field?.kind === 'json') {
    return <Code>{JSON.stringify(value)}</Code>;
  }
  return <>{String(value)}</>;
}

interface ConfigurationCardProps {
  instance: Instance;
  /** The platform type's custom fields, for labels and which are secret; empty while unknown. */
  fields: CustomField[];
  onSetCredential: () => void;
  onRemoveCredential: () => void;
}

/**
 * What the instance is configured with. Secrets (credential, client key, secret
 * fields) appear only as configured or not: the UI never learns their values.
 */
export function ConfigurationCard({ instance, fields, onSetCredential, onRemoveCredential }: ConfigurationCardProps) {
  const { tls } = instance;
  // Values of fields the type no longer defines are still shown, under their key.
  const known = new Set(fields.map((f) => f.key));
  const orphanKeys = Object.keys(instance.fieldValues).filter((key) => !known.has(key));
  return (
    <Card withBorder radius="md" data-testid="instance-configuration">
      <Stack>
        <Title order={3}>Configuration</Title>
        {tls.insecureSkipVerify && (
          <Alert
            color="orange"
            icon={<IconAlertTriangle />}
            title="Certificate verification is OFF"
            data-testid="tls-insecure"
          >
            Any server can pretend to be this endpoint, and the credential is sent to it anyway. Switch verification
            back on (with a CA bundle if the certificate is internal) before using this instance in production.
          </Alert>
        )}
        <DataList labelWidth={180}>
          <Item label="Endpoint">
            <UrlCode url={instance.endpoint} data-testid="instance-endpoint" />
          </Item>
          <Item label="Credential">
            <Stack gap={2}>
              <CredentialCell instance={instance} onSet={onSetCredential} onRemove={onRemoveCredential} />
              {!instance.credential.configured && instance.credential.problem && (
                <Text size="xs" c="orange.8" data-testid="credential-problem" style={{ overflowWrap: 'anywhere' }}>
                  Missing: {instance.credential.problem}. Import the definitions again (only missing secrets are
                  written), or set it here.
                </Text>
              )}
              {instance.credential.configured && instance.credential.updatedAt && (
                <Text size="xs" c="dimmed" data-testid="credential-updated">
                  Last set {formatTime(instance.credential.updatedAt)}
                </Text>
              )}
            </Stack>
          </Item>
          <Item label="CA bundle">
            <SetBadge set={tls.caBundlePem !== null} setLabel="Set" unsetLabel="System trust store" testId="tls-ca" />
          </Item>
          <Item label="Client certificate">
            <SetBadge set={tls.clientCertificatePem !== null} setLabel="Set" testId="tls-client-cert" />
          </Item>
          <Item label="Client key">
            <Group gap="xs">
              <SetBadge set={tls.clientKeyConfigured} testId="tls-client-key" />
              {tls.clientKeyConfigured && tls.clientKeyUpdatedAt && (
                <Text size="xs" c="dimmed">
                  set {formatTime(tls.clientKeyUpdatedAt)}
                </Text>
              )}
            </Group>
          </Item>
          <Item label="Certificate verification">
            {tls.insecureSkipVerify ? (
              <Badge color="orange" variant="light" tt="none" data-testid="tls-verification">
                Off
              </Badge>
            ) : (
              <Badge color="teal" variant="light" tt="none" data-testid="tls-verification">
                On
              </Badge>
            )}
          </Item>
        </DataList>

        <Title order={4}>Custom fields</Title>
        {fields.length === 0 && orphanKeys.length === 0 ? (
          <Text size="sm" c="dimmed" data-testid="instance-fields-empty">
            The platform type defines no custom fields.
          </Text>
        ) : (
          <DataList labelWidth={180} data-testid="instance-fields">
            {fields.map((field) => (
              <Item key={field.key} label={field.label || field.key}>
                {field.kind === 'secret' ? (
                  <SetBadge set={instance.secretFields.includes(field.key)} testId={`secret-field-${field.key}`} />
                ) : (
                  <FieldValue field={field} value={instance.fieldValues[field.key]} />
                )}
              </Item>
            ))}
            {orphanKeys.map((key) => (
              <Item key={key} label={key}>
                <FieldValue field={undefined} value={instance.fieldValues[key]} />
              </Item>
            ))}
          </DataList>
        )}
      </Stack>
    </Card>
  );
}

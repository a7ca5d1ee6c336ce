import { Alert, Badge, Group, Loader, Paper, Stack, Table, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { CertificateReport } from '../../bindings/CertificateReport';
import type { ConnectionTest } from '../../bindings/ConnectionTest';
import type { Stage } from '../../bindings/Stage';
import { WRAP_ANYWHERE } from '../../components/LongText';
import type { IpcFailure } from '../../ipc';
import { formatTime, statusColor } from '../validation/format';
import { StageList } from '../validation/StageList';
import type { TestNote } from './wizardModel';

/** A certificate expiring within this many days is pointed out. */
export const EXPIRY_WARNING_DAYS = 30;

/** What the review remembers of a test: its outcome and the platform's certificate. */
export function testNote(test: ConnectionTest): TestNote {
  const certificate = test.stages.find((s) => s.name === 'tls')?.certificate ?? null;
  return {
    status: test.status,
    certificate: certificate
      ? { subject: certificate.subject, notAfter: certificate.notAfter, daysToExpiry: certificate.daysToExpiry }
      : null,
  };
}

export function CertificateDetails({ certificate }: { certificate: CertificateReport }) {
  const expiring = certificate.daysToExpiry <= EXPIRY_WARNING_DAYS;
  const rows: [string, string][] = [
    ['Subject', certificate.subject],
    ['Issuer', certificate.issuer],
    ['Names (SAN)', certificate.sans.join(', ') || '—'],
    ['Protocol', certificate.protocol],
    ['Valid until', `${formatTime(certificate.notAfter)} (${certificate.daysToExpiry} days)`],
  ];
  return (
    <Paper withBorder p="xs" data-testid="certificate-details">
      <Text size="sm" fw={500} mb={4}>
        Certificate the platform presented
      </Text>
      <Table withRowBorders={false} verticalSpacing={2} layout="fixed">
        <Table.Tbody>
          {rows.map(([label, value]) => (
            <Table.Tr key={label}>
              <Table.Th w={120}>
                <Text size="xs" c="dimmed">
                  {label}
                </Text>
              </Table.Th>
              <Table.Td>
                <Text size="xs" style={WRAP_ANYWHERE}>
                  {value}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {certificate.verificationError && (
        <Text size="sm" c="red" mt={4} data-testid="certificate-verification-error">
          Not trusted: {certificate.verificationError}
        </Text>
      )}
      {expiring && (
        <Text size="sm" c="orange" mt={4} data-testid="certificate-expiring">
          {certificate.daysToExpiry < 0
            ? 'The certificate has expired.'
            : `The certificate expires in ${certificate.daysToExpiry} days; ask the platform team to renew it.`}
        </Text>
      )}
    </Paper>
  );
}

const STAGE_ORDER = ['dns', 'tcp', 'tls', 'auth', 'probe'] as const;
const STAGE_NAMES: Record<string, string> = { dns: 'DNS', tcp: 'TCP', tls: 'TLS', auth: 'authentication', probe: 'the API probe' };

/** While a test runs: each stage as it completes, and the one being worked on. */
export function ConnectionTestRunning({ live = [] }: { live?: Stage[] }) {
  const next = STAGE_ORDER.find((name) => !live.some((s) => s.name === name));
  return (
    <Stack gap="xs" data-testid="connection-test-running">
      {live.length > 0 && <StageList test={{ stages: live, exchanges: [], status: 'ok' }} />}
      <Group gap="xs">
        <Loader size="sm" />
        <Text size="sm" c="dimmed">
          {next ? `Testing ${STAGE_NAMES[next]}…` : 'Finishing the test…'}
        </Text>
      </Group>
    </Stack>
  );
}

interface ConnectionResultProps {
  test: ConnectionTest | null;
  failure: IpcFailure | null;
}

/** A finished connection test: its stages with timings and hints, and the certificate. */
export function ConnectionResult({ test, failure }: ConnectionResultProps) {
  if (failure) {
    return (
      <Alert
        color="red"
        icon={<IconAlertTriangle />}
        title="The connection test could not run"
        data-testid="connection-error"
      >
        <Text size="sm">{failure.message}</Text>
        {failure.remediation && (
          <Text size="sm" c="dimmed">
            {failure.remediation}
          </Text>
        )}
      </Alert>
    );
  }
  if (!test) return null;
  const certificate = test.stages.find((s) => s.name === 'tls')?.certificate ?? null;
  return (
    <Stack gap="xs" data-testid="connection-result">
      <Group gap="xs">
        <Text size="sm" fw={500}>
          Connection test
        </Text>
        <Badge color={statusColor(test.status)} variant="light" tt="none" data-testid="connection-status">
          {test.status}
        </Badge>
      </Group>
      <StageList test={test} />
      {certificate && <CertificateDetails certificate={certificate} />}
    </Stack>
  );
}

import { Paper, Table, Text } from '@mantine/core';
import type { CertificateReport } from '../../bindings/CertificateReport';
import type { ConnectionTest } from '../../bindings/ConnectionTest';
import { WRAP_ANYWHERE } from '../../components/LongText';
import { formatTime } from './format';

/** A certificate expiring within this many days is pointed out. */
export const EXPIRY_WARNING_DAYS = 30;

/** The certificate the platform presented in the TLS stage, if it got that far. */
export function presentedCertificate(test: ConnectionTest): CertificateReport | null {
  return test.stages.find((s) => s.name === 'tls')?.certificate ?? null;
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

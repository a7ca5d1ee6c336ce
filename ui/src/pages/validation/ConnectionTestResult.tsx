import type { ReactNode } from 'react';
import { Badge, Card, CloseButton, Group, Stack, Text } from '@mantine/core';
import type { ConnectionTest } from '../../bindings/ConnectionTest';
import { FailureAlert } from '../../components/FailureAlert';
import type { IpcFailure } from '../../ipc';
import { ExecNotTrustedHint } from '../types/ExecNotTrustedHint';
import { CertificateDetails, presentedCertificate } from './CertificateDetails';
import { statusColor } from './format';
import { StageList } from './StageList';

interface ConnectionTestResultProps {
  test: ConnectionTest | null | undefined;
  /** A test that could not run at all; shown instead of the result. */
  failure: IpcFailure | null;
  /** Prefix of the test ids: `{testId}-result`, `{testId}-status`, `{testId}-error`. */
  testId: string;
  /** Default: "Connection test" in small bold text. */
  heading?: ReactNode;
  /** The badge's text for the overall status; default the status itself. */
  statusLabel?: (status: ConnectionTest['status']) => string;
  /** Also the certificate the platform presented, with an expiry warning. */
  withCertificate?: boolean;
  /** The failure's code after its message. */
  withCode?: boolean;
  /** A dismissable result stands as a card of its own, with a close button. */
  onDismiss?: () => void;
  /** Notes between the heading and the stages. */
  children?: ReactNode;
}

const DEFAULT_HEADING = (
  <Text size="sm" fw={500}>
    Connection test
  </Text>
);

/** A finished connection test: its status, its stages with timings and hints, and optionally the certificate. */
export function ConnectionTestResult({
  test,
  failure,
  testId,
  heading = DEFAULT_HEADING,
  statusLabel = (status) => status,
  withCertificate = false,
  withCode = false,
  onDismiss,
  children,
}: ConnectionTestResultProps) {
  if (failure) {
    return (
      <FailureAlert
        title="The connection test could not run"
        failure={failure}
        withCode={withCode}
        onDismiss={onDismiss}
        data-testid={`${testId}-error`}
      >
        <ExecNotTrustedHint code={failure.code} />
      </FailureAlert>
    );
  }
  if (!test) return null;
  const certificate = withCertificate ? presentedCertificate(test) : null;
  const header = (
    <Group gap="xs">
      {heading}
      <Badge color={statusColor(test.status)} variant="light" tt="none" data-testid={`${testId}-status`}>
        {statusLabel(test.status)}
      </Badge>
    </Group>
  );
  const content = (
    <>
      {onDismiss ? (
        <Group justify="space-between">
          {header}
          <CloseButton aria-label="Dismiss the connection test result" onClick={onDismiss} />
        </Group>
      ) : (
        header
      )}
      {children}
      <StageList test={test} />
      {certificate && <CertificateDetails certificate={certificate} />}
    </>
  );
  if (!onDismiss) {
    return (
      <Stack gap="xs" data-testid={`${testId}-result`}>
        {content}
      </Stack>
    );
  }
  return (
    <Card withBorder radius="md" data-testid={`${testId}-result`}>
      <Stack gap="sm">{content}</Stack>
    </Card>
  );
}

import { Accordion, Alert, Badge, Code, Group, Stack, Table, Text } from '@mantine/core';
import type { Exchange } from '../../bindings/Exchange';
import type { OperationReport } from '../../bindings/OperationReport';
import type { RenderedRequest } from '../../bindings/RenderedRequest';
import { WRAP_ANYWHERE } from '../../components/LongText';
import { ExecNotTrustedHint } from '../types/ExecNotTrustedHint';
import { formatDuration } from '../validation/format';

const BLOCK_STYLE = { maxHeight: 320, overflow: 'auto', whiteSpace: 'pre-wrap', ...WRAP_ANYWHERE } as const;

/** JSON bodies indented for reading; anything else as it came. */
export function prettyBody(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

function HeadersTable({ caption, headers, testId }: { caption: string; headers: [string, string][]; testId: string }) {
  if (headers.length === 0) {
    return (
      <Text size="xs" c="dimmed">
        {caption}: none
      </Text>
    );
  }
  return (
    <Table withTableBorder layout="fixed" fz="xs" verticalSpacing={2} data-testid={testId} captionSide="top">
      <Table.Caption style={{ textAlign: 'left' }}>{caption}</Table.Caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th w="35%">Header</Table.Th>
          <Table.Th>Value</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {headers.map(([name, value], i) => (
          <Table.Tr key={i}>
            <Table.Td ff="monospace" style={WRAP_ANYWHERE}>
              {name}
            </Table.Td>
            <Table.Td ff="monospace" style={WRAP_ANYWHERE}>
              {value}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function BodyBlock({ label, body, testId }: { label: string; body: string | null; testId: string }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      {body === null || body === '' ? (
        <Text size="xs" c="dimmed" data-testid={testId}>
          (empty)
        </Text>
      ) : (
        <Code block data-testid={testId} style={BLOCK_STYLE}>
          {prettyBody(body)}
        </Code>
      )}
    </Stack>
  );
}

function MethodUrl({ method, url }: { method: string; url: string }) {
  return (
    <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
      <Badge variant="outline" tt="none" style={{ flexShrink: 0 }}>
        {method}
      </Badge>
      <Text size="sm" ff="monospace" style={{ ...WRAP_ANYWHERE, flex: 1 }} data-testid="inspector-url">
        {url}
      </Text>
    </Group>
  );
}

/** What Preview shows: each request as it would be sent, secrets already masked. */
export function RenderedRequests({ requests }: { requests: RenderedRequest[] }) {
  return (
    <Stack gap="md" data-testid="rendered-requests">
      {requests.map((r, i) => (
        <Stack key={i} gap={6} data-testid="rendered-request">
          <Text size="sm" fw={600}>
            {r.name}
          </Text>
          <MethodUrl method={r.method} url={r.url} />
          <HeadersTable caption="Headers" headers={r.headers} testId="rendered-headers" />
          <BodyBlock
            label="Body"
            body={r.body === null || r.body === undefined ? null : JSON.stringify(r.body, null, 2)}
            testId="rendered-body"
          />
        </Stack>
      ))}
    </Stack>
  );
}

function statusColor(status: number | null): string {
  if (status === null) return 'red';
  return status < 400 ? 'teal' : 'red';
}

function ExchangeDetail({ exchange }: { exchange: Exchange }) {
  return (
    <Stack gap="xs">
      <MethodUrl method={exchange.method} url={exchange.url} />
      {exchange.error && (
        <Alert color="red" p="xs" data-testid="exchange-error">
          {exchange.error}
        </Alert>
      )}
      <HeadersTable caption="Request headers" headers={exchange.requestHeaders} testId="request-headers" />
      <BodyBlock label="Request body" body={exchange.requestBody} testId="request-body" />
      <HeadersTable caption="Response headers" headers={exchange.responseHeaders} testId="response-headers" />
      <BodyBlock label="Response body" body={exchange.responseBody} testId="response-body" />
    </Stack>
  );
}

/** The result of Send: outcome, error, outputs and every exchange. */
export function OperationInspector({ report }: { report: OperationReport }) {
  const outcome = report.ok ? (report.notFound ? 'Not found' : 'Succeeded') : 'Failed';
  const outputs = Object.entries(report.outputs);
  return (
    <Stack gap="sm" data-testid="operation-inspector">
      <Group gap="xs">
        <Badge color={report.ok ? (report.notFound ? 'yellow' : 'teal') : 'red'} data-testid="inspector-outcome">
          {outcome}
        </Badge>
        <Text size="sm" c="dimmed">
          {report.operation} in {formatDuration(report.durationMs)}
        </Text>
      </Group>
      {report.notFound && (
        <Text size="sm">The platform answered with the not-found status: the object does not exist.</Text>
      )}
      {report.error && (
        <Alert color="red" title={`${report.error.message}`} data-testid="inspector-error">
          <Stack gap={4}>
            <Text size="sm">
              Code <Code>{report.error.code}</Code> ({report.error.class} problem)
            </Text>
            {report.error.remediation && <Text size="sm">{report.error.remediation}</Text>}
            <ExecNotTrustedHint code={report.error.code} />
          </Stack>
        </Alert>
      )}
      {outputs.length > 0 && (
        <Stack gap={2}>
          <Text size="xs" c="dimmed">
            Outputs
          </Text>
          <Code block data-testid="inspector-outputs" style={BLOCK_STYLE}>
            {JSON.stringify(report.outputs, null, 2)}
          </Code>
        </Stack>
      )}
      {report.exchanges.length === 0 ? (
        <Text size="sm" c="dimmed">
          No request was sent.
        </Text>
      ) : (
        <Accordion multiple variant="separated" defaultValue={report.exchanges.map((_, i) => String(i))}>
          {report.exchanges.map((exchange, i) => (
            <Accordion.Item key={i} value={String(i)} data-testid="inspector-exchange">
              <Accordion.Control>
                <Group gap="xs">
                  <Text size="sm" fw={500}>
                    {exchange.request}
                    {exchange.attempt > 1 ? ` (attempt ${exchange.attempt})` : ''}
                  </Text>
                  <Badge variant="light" color={statusColor(exchange.status)} data-testid="exchange-status">
                    {exchange.status ?? 'no response'}
                  </Badge>
                  <Text size="xs" c="dimmed" data-testid="exchange-duration">
                    {formatDuration(exchange.durationMs)}
                  </Text>
                </Group>
              </Accordion.Control>
              <Accordion.Panel>
                <ExchangeDetail exchange={exchange} />
              </Accordion.Panel>
            </Accordion.Item>
          ))}
        </Accordion>
      )}
    </Stack>
  );
}

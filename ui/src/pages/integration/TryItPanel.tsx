import { memo, useState } from 'react';
import { Alert, Button, Code, Group, Modal, NumberInput, Paper, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconAlertTriangle, IconEye, IconSend } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import type { Instance } from '../../bindings/Instance';
import type { Operation } from '../../bindings/Operation';
import type { OperationSpec } from '../../bindings/OperationSpec';
import { toIpcFailure, type IpcFailure } from '../../ipc';
import { registryIpc } from '../../ipcRegistry';
import { ExecNotTrustedHint } from '../types/ExecNotTrustedHint';
import { OperationInspector, RenderedRequests } from './Inspector';
import { MUTATING, OPERATION_INFO } from './model';

/** What an operation's templates read from the caller: groups and external outputs. */
export function neededValues(spec: OperationSpec): { groups: Set<string>; outputs: string[] } {
  const groups = new Set<string>();
  const outputs: string[] = [];
  const produced = new Set<string>();
  for (const request of spec.requests) {
    for (const expression of JSON.stringify(request).matchAll(/\{\{(.*?)\}\}/g)) {
      for (const m of expression[1].matchAll(/\b(tenant|user|quota|outputs)\.(\w+)/g)) {
        if (m[1] !== 'outputs') groups.add(m[1]);
        else if (!produced.has(m[2]) && !outputs.includes(m[2])) outputs.push(m[2]);
      }
    }
    Object.keys(request.extract).forEach((name) => produced.add(name));
  }
  return { groups, outputs };
}

interface TryValues {
  tenantName: string;
  tenantDescription: string;
  userName: string;
  userEmail: string;
  userRole: string;
  quotaKey: string;
  quotaValue: number | string;
  outputs: Record<string, string>;
}

/** The values a field left empty stands for (shown as its placeholder). */
type Suggested = Pick<TryValues, 'tenantName' | 'tenantDescription' | 'userName' | 'userEmail' | 'userRole'>;

/** What is sent: each empty suggested field as its suggestion. */
export function withSuggestions(v: TryValues, suggested: Suggested): TryValues {
  const pick = (typed: string, suggestion: string) => (typed.trim() === '' ? suggestion : typed);
  return {
    ...v,
    tenantName: pick(v.tenantName, suggested.tenantName),
    tenantDescription: pick(v.tenantDescription, suggested.tenantDescription),
    userName: pick(v.userName, suggested.userName),
    userEmail: pick(v.userEmail, suggested.userEmail),
    userRole: pick(v.userRole, suggested.userRole),
  };
}

/** The `values` argument of dry_run_operation / run_operation: only what is used. */
export function buildValues(v: TryValues, needed: ReturnType<typeof neededValues>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  if (needed.groups.has('tenant')) {
    values.tenant = { name: v.tenantName, identifier: v.tenantName, description: v.tenantDescription, tags: {} };
  }
  if (needed.groups.has('user')) values.user = { name: v.userName, email: v.userEmail, role: v.userRole };
  if (needed.groups.has('quota')) values.quota = { key: v.quotaKey, value: Number(v.quotaValue) };
  if (needed.outputs.length > 0) {
    values.outputs = Object.fromEntries(needed.outputs.map((name) => [name, v.outputs[name] ?? '']));
  }
  return values;
}

/** A text input whose empty value stands for `suggestion`, and says so. */
function SuggestedInput(props: { label: string; suggestion: string; value: string; onChange: (value: string) => void; 'data-testid': string }) {
  return (
    <TextInput
      label={props.label}
      placeholder={props.suggestion}
      description={`Left empty, “${props.suggestion}” is used`}
      value={props.value}
      onChange={(e) => props.onChange(e.currentTarget.value)}
      data-testid={props['data-testid']}
    />
  );
}

function randomSuffix(): string {
  return Math.random().toString(36).slice(2, 8).padEnd(6, '0');
}

interface TryItPanelProps {
  operation: Operation;
  /** The saved definition of the operation (Try it runs what is saved). */
  spec: OperationSpec | undefined;
  instance: Instance | null;
  /** Why Try it cannot run now, or null. */
  blocked: string | null;
}

/** Memoised: its props do not change while the form is typed in. */
export const TryItPanel = memo(function TryItPanel({ operation, spec, instance, blocked }: TryItPanelProps) {
  // Suggestions, not values: what the administrator types replaces them rather
  // than being appended to a generated name, and an empty field sends them.
  const [suggested] = useState<Suggested>(() => ({
    tenantName: `pb-try-${randomSuffix()}`,
    tenantDescription: 'Created by Try it in Platform Builder; safe to delete',
    userName: 'pb-try-user',
    userEmail: 'pb-try-user@example.invalid',
    userRole: 'member',
  }));
  const [values, setValues] = useState<TryValues>({
    tenantName: '',
    tenantDescription: '',
    userName: '',
    userEmail: '',
    userRole: '',
    quotaKey: '',
    quotaValue: 1,
    outputs: {},
  });
  const [confirming, setConfirming] = useState(false);
  const preview = useMutation({
    mutationFn: (args: { id: string; values: Record<string, unknown> }) =>
      registryIpc.dryRunOperation(args.id, operation, args.values),
  });
  const run = useMutation({
    mutationFn: (args: { id: string; values: Record<string, unknown> }) =>
      registryIpc.runOperation(args.id, operation, args.values),
  });

  const set = (patch: Partial<TryValues>) => setValues((v) => ({ ...v, ...patch }));
  const reason =
    blocked ??
    (instance === null ? 'Try it needs a saved instance to send requests to: add one in the Instances step.' : null) ??
    (spec === undefined ? `Define ${operation} and save the connector to try it.` : null);
  const needed = spec ? neededValues(spec) : { groups: new Set<string>(), outputs: [] };
  const mutating = MUTATING.has(operation);
  const error = preview.error ?? run.error;
  const failure: IpcFailure | null = error ? toIpcFailure(error) : null;

  const doPreview = () => {
    if (!instance) return;
    run.reset();
    preview.mutate({ id: instance.id, values: buildValues(withSuggestions(values, suggested), needed) });
  };
  const doSend = () => {
    if (!instance) return;
    setConfirming(false);
    preview.reset();
    run.mutate({ id: instance.id, values: buildValues(withSuggestions(values, suggested), needed) });
  };

  return (
    <Paper withBorder p="md" radius="md" data-testid="try-it">
      <Stack gap="sm">
        <Title order={5}>Try {OPERATION_INFO[operation].label.toLowerCase()}</Title>
        {reason ? (
          <Text size="sm" c="dimmed" data-testid="try-it-blocked">
            {reason}
          </Text>
        ) : (
          <>
            <Text size="sm" c="dimmed">
              Runs the saved <Code>{operation}</Code> against instance <b>{instance?.name}</b> ({instance?.environment}).
              Secrets are masked in everything shown.
            </Text>
            {needed.groups.has('tenant') && (
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <SuggestedInput label="Tenant name" suggestion={suggested.tenantName} value={values.tenantName} onChange={(tenantName) => set({ tenantName })} data-testid="try-tenant-name" />
                <SuggestedInput label="Tenant description" suggestion={suggested.tenantDescription} value={values.tenantDescription} onChange={(tenantDescription) => set({ tenantDescription })} data-testid="try-tenant-description" />
              </SimpleGrid>
            )}
            {needed.groups.has('user') && (
              <SimpleGrid cols={{ base: 1, sm: 3 }}>
                <SuggestedInput label="User name" suggestion={suggested.userName} value={values.userName} onChange={(userName) => set({ userName })} data-testid="try-user-name" />
                <SuggestedInput label="User email" suggestion={suggested.userEmail} value={values.userEmail} onChange={(userEmail) => set({ userEmail })} data-testid="try-user-email" />
                <SuggestedInput label="User role (platform role)" suggestion={suggested.userRole} value={values.userRole} onChange={(userRole) => set({ userRole })} data-testid="try-user-role" />
              </SimpleGrid>
            )}
            {needed.groups.has('quota') && (
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <TextInput label="Quota key" placeholder="e.g. cpu" value={values.quotaKey} onChange={(e) => set({ quotaKey: e.currentTarget.value })} data-testid="try-quota-key" />
                <NumberInput label="Quota value" value={values.quotaValue} onChange={(v) => set({ quotaValue: v })} data-testid="try-quota-value" />
              </SimpleGrid>
            )}
            {needed.outputs.map((name) => (
              <TextInput
                key={name}
                label={`outputs.${name}`}
                description="Extracted by another operation (e.g. create_tenant): enter the value it returned"
                value={values.outputs[name] ?? ''}
                onChange={(e) => set({ outputs: { ...values.outputs, [name]: e.currentTarget.value } })}
                data-testid={`try-output-${name}`}
              />
            ))}
            <Group>
              <Button variant="light" leftSection={<IconEye size={16} />} onClick={doPreview} loading={preview.isPending} disabled={run.isPending} data-testid="try-preview">
                Preview request
              </Button>
              <Button
                leftSection={<IconSend size={16} />}
                color={mutating ? 'orange' : undefined}
                onClick={() => (mutating ? setConfirming(true) : doSend())}
                loading={run.isPending}
                disabled={preview.isPending}
                data-testid="try-send"
              >
                Send
              </Button>
            </Group>
          </>
        )}
        {failure && (
          <Alert color="red" title={failure.message} icon={<IconAlertTriangle />} data-testid="try-it-failure">
            <Text size="sm">
              Code <Code>{failure.code}</Code>
            </Text>
            {failure.remediation && <Text size="sm">{failure.remediation}</Text>}
            <ExecNotTrustedHint code={failure.code} />
          </Alert>
        )}
        {preview.data && <RenderedRequests requests={preview.data} />}
        {run.data && <OperationInspector report={run.data} />}
      </Stack>
      <Modal opened={confirming} onClose={() => setConfirming(false)} title={`Send ${operation} to ${instance?.name ?? ''}?`}>
        <Stack>
          <Alert color="orange" icon={<IconAlertTriangle />} data-testid="try-confirm-warning">
            {OPERATION_INFO[operation].label} changes the real platform behind instance <b>{instance?.name}</b> (
            {instance?.environment}). Nothing cleans up after Try it: delete what you create when you are done.
          </Alert>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>
              Cancel
            </Button>
            <Button color="orange" onClick={doSend} data-testid="try-confirm-send" data-autofocus>
              Send to {instance?.name}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
});

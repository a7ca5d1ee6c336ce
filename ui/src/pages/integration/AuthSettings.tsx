import { useState } from 'react';
import { Alert, Button, Code, Group, Loader, NativeSelect, NumberInput, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import type { PlatformType } from '../../bindings/PlatformType';
import { FieldError } from '../../components/FieldError';
import { QueryError } from '../../components/QueryError';
import {
  AUTH_LABELS,
  AUTH_TYPES,
  checkAuthForm,
  CREDENTIAL_MEANING,
  DEFAULT_SECRET,
  fromAuthForm,
  secretName,
  toAuthForm,
  type ApiKeyPlacement,
  type AuthForm,
  type AuthType,
} from './authModel';
import { parseConnector, withAuthAndTimeouts } from './model';
import { connectorError, useConnectorPresets, useConnectorText, useSaveConnector } from './useConnector';

const GENERIC_REST = 'generic-rest';
/** The engine's defaults (docs/connectors.md), shown when the connector sets none. */
const DEFAULT_TIMEOUTS = { connectMs: 5000, totalMs: 30000 };
const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The connector's authentication scheme and timeouts, in the wizard's Connection
 * step. The secret itself is never here: it is each instance's credential.
 */
export function AuthSettings(props: { type: PlatformType; onSaved?: () => void }) {
  const { type } = props;
  const connector = useConnectorText(type.identifier);
  const presets = useConnectorPresets(connector.data === null && !type.builtin);

  if (connector.isPending || (connector.data === null && !type.builtin && presets.isPending)) {
    return <Loader aria-label="Loading the connector" />;
  }
  if (connector.isError) {
    return <QueryError title="Could not load the connector" error={connector.error} onRetry={() => void connector.refetch()} />;
  }
  if (connector.data === null && type.builtin) {
    return (
      <Alert color="gray" data-testid="auth-builtin">
        This built-in type has no connector in Platform Builder, and built-in types keep what they ship with. Create a
        custom type to define a connector and its authentication.
      </Alert>
    );
  }
  if (connector.data === null && presets.isError) {
    return <QueryError title="Could not load the connector presets" error={presets.error} onRetry={() => void presets.refetch()} />;
  }
  const base = connector.data ?? presets.data?.find((p) => p.id === GENERIC_REST)?.definition ?? null;
  if (base === null) {
    return <Alert color="red">The Generic REST preset is missing from this build, so no connector can be created here.</Alert>;
  }
  const parsed = parseConnector(base);
  if (parsed.kind !== 'http') {
    return (
      <Alert color="yellow" title="Authentication is set in the connector" data-testid="auth-not-http">
        {parsed.kind === 'other'
          ? 'This connector runs a program: its secrets reach the program through `secretEnv`. Edit it in the Integration step.'
          : `The stored connector cannot be read (${parsed.message}). Fix it in the Integration step's YAML view.`}
      </Alert>
    );
  }
  return (
    <AuthSettingsForm
      key={type.identifier}
      type={type}
      base={base}
      created={connector.data === null}
      // A new connector has no secret name of its own yet: each scheme's usual one applies.
      initial={{ ...toAuthForm(parsed.def.auth), ...(connector.data === null ? { secret: '' } : {}) }}
      initialTimeouts={parsed.def.timeouts ?? DEFAULT_TIMEOUTS}
      onSaved={props.onSaved}
    />
  );
}

interface AuthFormProps {
  type: PlatformType;
  /** The stored connector, or the preset a first save starts from. */
  base: string;
  created: boolean;
  initial: AuthForm;
  initialTimeouts: { connectMs: number; totalMs: number };
  onSaved?: () => void;
}

function AuthSettingsForm({ type, base, created, initial, initialTimeouts, onSaved }: AuthFormProps) {
  const readOnly = type.builtin;
  const [form, setForm] = useState(initial);
  const [timeouts, setTimeouts] = useState(initialTimeouts);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saveError, setSaveError] = useState<string | null>(null);
  const save = useSaveConnector(type.identifier, created ? 'Connector created with this authentication' : 'Authentication saved');

  const set = (patch: Partial<AuthForm>) => {
    setForm((f) => ({ ...f, ...patch }));
    setErrors({});
    setSaveError(null);
  };
  const err = (key: string) => (errors[key] ? <FieldError testId={`auth-${key}`}>{errors[key]}</FieldError> : undefined);
  const usesSecret = DEFAULT_SECRET[form.type] !== undefined;

  const submit = async () => {
    const found = checkAuthForm(form);
    if (usesSecret && !SECRET_NAME.test(secretName(form))) {
      found.secret = 'Use letters, digits and _, starting with a letter, e.g. api_key';
    }
    if (!(timeouts.connectMs >= 1)) found.connectMs = 'Enter a number of milliseconds';
    if (!(timeouts.totalMs >= 1)) found.totalMs = 'Enter a number of milliseconds';
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    try {
      await save.mutateAsync(withAuthAndTimeouts(base, fromAuthForm(form), timeouts));
      onSaved?.();
    } catch (caught) {
      setSaveError(connectorError(caught));
    }
  };

  return (
    <Stack data-testid="auth-settings">
      {readOnly && (
        <Alert color="gray" data-testid="auth-builtin">
          Built-in types keep their shipped connector, so their authentication cannot be changed here. Create a custom
          type to use another scheme.
        </Alert>
      )}
      {created && !readOnly && (
        <Text size="sm" c="dimmed" data-testid="auth-creates">
          This type has no connector yet: saving creates one from the Generic REST preset with this authentication. You
          can change its operations in the Integration step.
        </Text>
      )}
      <NativeSelect
        label="Authentication scheme"
        data={AUTH_TYPES.map((t) => ({ value: t, label: AUTH_LABELS[t] }))}
        value={form.type}
        disabled={readOnly}
        onChange={(e) => set({ type: e.currentTarget.value as AuthType })}
        data-testid="auth-type"
      />
      {form.type === 'api_key' && (
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <NativeSelect
            label="Send the key in"
            data={[
              { value: 'header', label: 'A header' },
              { value: 'query', label: 'A query parameter' },
            ]}
            value={form.apiKeyIn}
            disabled={readOnly}
            onChange={(e) => set({ apiKeyIn: e.currentTarget.value as ApiKeyPlacement })}
            data-testid="auth-api-key-in"
          />
          <TextInput
            label={form.apiKeyIn === 'header' ? 'Header name' : 'Query parameter name'}
            value={form.apiKeyName}
            readOnly={readOnly}
            onChange={(e) => set({ apiKeyName: e.currentTarget.value })}
            error={err('apiKeyName')}
            data-testid="auth-apiKeyName"
          />
        </SimpleGrid>
      )}
      {form.type === 'basic' && (
        <TextInput
          label="User name"
          description="A template, e.g. {{ fields.username }} for a per-instance custom field"
          value={form.username}
          readOnly={readOnly}
          onChange={(e) => set({ username: e.currentTarget.value })}
          error={err('username')}
          data-testid="auth-username"
        />
      )}
      {form.type === 'oauth2_client_credentials' && (
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput
            label="Token URL"
            description="Relative to the instance endpoint, or absolute"
            value={form.tokenUrl}
            readOnly={readOnly}
            onChange={(e) => set({ tokenUrl: e.currentTarget.value })}
            error={err('tokenUrl')}
            data-testid="auth-tokenUrl"
          />
          <TextInput
            label="Client id"
            description="A template is fine"
            value={form.clientId}
            readOnly={readOnly}
            onChange={(e) => set({ clientId: e.currentTarget.value })}
            error={err('clientId')}
            data-testid="auth-clientId"
          />
          <TextInput
            label="Scope"
            description="Optional"
            value={form.scope}
            readOnly={readOnly}
            onChange={(e) => set({ scope: e.currentTarget.value })}
            data-testid="auth-scope"
          />
        </SimpleGrid>
      )}
      {form.type === 'hmac_signature' && (
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label="Signature header"
            value={form.signatureHeader}
            readOnly={readOnly}
            onChange={(e) => set({ signatureHeader: e.currentTarget.value })}
            data-testid="auth-signatureHeader"
          />
          <TextInput
            label="Timestamp header"
            value={form.timestampHeader}
            readOnly={readOnly}
            onChange={(e) => set({ timestampHeader: e.currentTarget.value })}
            data-testid="auth-timestampHeader"
          />
        </SimpleGrid>
      )}
      {usesSecret && (
        <TextInput
          label="Secret name"
          description={
            <>
              Templates read the credential as <Code>{`secrets.${secretName(form) || '…'}`}</Code>
            </>
          }
          placeholder={DEFAULT_SECRET[form.type]}
          value={form.secret}
          readOnly={readOnly}
          onChange={(e) => set({ secret: e.currentTarget.value })}
          error={err('secret')}
          w={{ base: '100%', sm: 320 }}
          data-testid="auth-secret"
        />
      )}
      <Alert color="blue" variant="light" icon={<IconLock size={18} />} data-testid="auth-credential-note">
        {CREDENTIAL_MEANING[form.type]}{' '}
        {usesSecret &&
          "It is not part of the connector: set it on each instance, where it goes to the OS keyring and is never shown again (only replaced or removed)."}
      </Alert>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <NumberInput
          label="Connect timeout (ms)"
          description="Giving up on opening the connection"
          min={1}
          step={1000}
          allowDecimal={false}
          value={timeouts.connectMs}
          readOnly={readOnly}
          onChange={(v) => setTimeouts((t) => ({ ...t, connectMs: typeof v === 'number' ? v : NaN }))}
          error={err('connectMs')}
          data-testid="auth-connectMs"
        />
        <NumberInput
          label="Total timeout (ms)"
          description="The whole request, including reading the answer"
          min={1}
          step={1000}
          allowDecimal={false}
          value={timeouts.totalMs}
          readOnly={readOnly}
          onChange={(v) => setTimeouts((t) => ({ ...t, totalMs: typeof v === 'number' ? v : NaN }))}
          error={err('totalMs')}
          data-testid="auth-totalMs"
        />
      </SimpleGrid>
      {saveError && (
        <Alert color="red" title="The connector was not saved" data-testid="auth-save-error">
          {saveError}
        </Alert>
      )}
      {!readOnly && (
        <Group justify="flex-end">
          <Button onClick={() => void submit()} loading={save.isPending} data-testid="auth-save">
            Save authentication
          </Button>
        </Group>
      )}
    </Stack>
  );
}

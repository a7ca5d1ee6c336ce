import { useEffect, useState } from 'react';
import { Alert, Button, Code, Loader, NativeSelect, NumberInput, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
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
  type AuthForm,
  type AuthType,
} from './authModel';
import { AuthSchemeFields } from './AuthSchemeFields';
import { parseConnector, sameOperations, withAuthAndTimeouts } from './model';
import { connectorError, useConnectorPresets, useConnectorText, useSaveConnector } from './useConnector';

const GENERIC_REST = 'generic-rest';
/** The engine's defaults (docs/connectors.md), shown when the connector sets none. */
const DEFAULT_TIMEOUTS = { connectMs: 5000, totalMs: 30000 };
const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * How the wizard's Connection step drives this form: the step's one action ("Save
 * and test connection", or Next) saves the authentication together with the
 * instance, so the form has no Save button of its own.
 */
export interface AuthLink {
  /** The scheme as chosen in the form, saved or not; null while no form is shown (exec, no connector). */
  onChange: (auth: AuthForm | null) => void;
  /** The form's save, or null when there is nothing this form could save (read-only, no form). */
  register: (save: AuthSave | null) => void;
}

export interface AuthSave {
  /** Edited since the last save. */
  touched: boolean;
  /** The type has no connector yet: saving starts one from the Generic REST preset. */
  creates: boolean;
  /** Shows the form's mistakes under its inputs; true when there are none. */
  check: () => boolean;
  /** Checks and saves; false when there were mistakes or the connector was refused (said in the form). */
  save: () => Promise<boolean>;
}

/**
 * The connector's authentication scheme and timeouts, in the wizard's Connection
 * step. The secret itself is never here: it is each instance's credential.
 */
export function AuthSettings(props: { type: PlatformType; onSaved?: () => void; link?: AuthLink }) {
  const { type } = props;
  const connector = useConnectorText(type.identifier);
  // Also for a stored connector: whether its operations are still the preset's.
  const presets = useConnectorPresets(!type.builtin);

  if (connector.isPending || (connector.data === null && !type.builtin && presets.isPending)) {
    return <Loader aria-label="Loading the connector" />;
  }
  if (connector.isError) {
    return <QueryError title="Could not load the connector" error={connector.error} onRetry={() => void connector.refetch()} />;
  }
  if (connector.data === null && type.builtin) {
    return (
      <Alert color="gray" title="No connector ships for this built-in type yet" data-testid="auth-builtin">
        Platform Builder ships a connector only once it has been proven against a real server, and none has been for
        this type yet. Built-in types keep what they ship with, so authentication cannot be set here. A custom type can
        define its own connector, authentication included.
      </Alert>
    );
  }
  if (connector.data === null && presets.isError) {
    return <QueryError title="Could not load the connector presets" error={presets.error} onRetry={() => void presets.refetch()} />;
  }
  const preset = presets.data?.find((p) => p.id === GENERIC_REST)?.definition ?? null;
  const base = connector.data ?? preset;
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
  const presetDef = connector.data !== null && preset !== null ? parseConnector(preset) : null;
  return (
    <AuthSettingsForm
      key={type.identifier}
      type={type}
      base={base}
      created={connector.data === null}
      presetCheck={
        presetDef?.kind === 'http' && sameOperations(parsed.def, presetDef.def)
          ? (parsed.def.operations.check?.requests[0]?.path ?? '/')
          : null
      }
      // A new connector has no secret name of its own yet: each scheme's usual one applies.
      initial={{ ...toAuthForm(parsed.def.auth), ...(connector.data === null ? { secret: '' } : {}) }}
      initialTimeouts={parsed.def.timeouts ?? DEFAULT_TIMEOUTS}
      onSaved={props.onSaved}
      link={props.link}
    />
  );
}

interface AuthFormProps {
  type: PlatformType;
  /** The stored connector, or the preset a first save starts from. */
  base: string;
  created: boolean;
  /** For a stored connector whose operations are still the Generic REST preset's: its health check's path. */
  presetCheck: string | null;
  initial: AuthForm;
  initialTimeouts: { connectMs: number; totalMs: number };
  onSaved?: () => void;
  link?: AuthLink;
}

function AuthSettingsForm(props: AuthFormProps) {
  const { type, base, created, presetCheck, initial, initialTimeouts, onSaved, link } = props;
  const readOnly = type.builtin;
  const [form, setForm] = useState(initial);
  const [timeouts, setTimeouts] = useState(initialTimeouts);
  const [touched, setTouched] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saveError, setSaveError] = useState<string | null>(null);
  const save = useSaveConnector(
    type.identifier,
    created ? 'Connector started from the Generic REST preset with this authentication' : 'Authentication saved',
  );

  const set = (patch: Partial<AuthForm>) => {
    setForm((f) => ({ ...f, ...patch }));
    setErrors({});
    setSaveError(null);
    setTouched(true);
  };
  const changeTimeouts = (patch: Partial<typeof timeouts>) => {
    setTimeouts((t) => ({ ...t, ...patch }));
    setTouched(true);
  };
  const err = (key: string) => (errors[key] ? <FieldError testId={`auth-${key}`}>{errors[key]}</FieldError> : undefined);
  const usesSecret = DEFAULT_SECRET[form.type] !== undefined;

  const check = () => {
    const found = checkAuthForm(form);
    if (usesSecret && !SECRET_NAME.test(secretName(form))) {
      found.secret = 'Use letters, digits and _, starting with a letter, e.g. api_key';
    }
    if (!(timeouts.connectMs >= 1)) found.connectMs = 'Enter a number of milliseconds';
    if (!(timeouts.totalMs >= 1)) found.totalMs = 'Enter a number of milliseconds';
    setErrors(found);
    return Object.keys(found).length === 0;
  };

  const submit = async (): Promise<boolean> => {
    if (!check()) return false;
    try {
      await save.mutateAsync(withAuthAndTimeouts(base, fromAuthForm(form), timeouts));
      setTouched(false);
      onSaved?.();
      return true;
    } catch (caught) {
      setSaveError(connectorError(caught));
      return false;
    }
  };

  // The step's credential input follows the scheme as it is chosen here.
  useEffect(() => {
    if (!link) return;
    link.onChange(form);
    return () => link.onChange(null);
  }, [link, form]);
  // Re-registered after every render: the save closes over the form's current values.
  useEffect(() => {
    if (!link) return;
    link.register(readOnly ? null : { touched, creates: created, check, save: submit });
    return () => link.register(null);
  });

  return (
    <Stack data-testid="auth-settings">
      {readOnly && (
        <Alert color="gray" data-testid="auth-builtin">
          Built-in types keep their shipped connector, so their authentication cannot be changed here. Create a custom
          type to use another scheme.
        </Alert>
      )}
      {created && !readOnly && (
        <Alert color="yellow" title="This type has no connector yet" data-testid="auth-creates">
          Authentication is part of the connector, and this type has none yet. The connector&apos;s operations (the
          health check, tenants, users, quotas) are defined in step 5, Integration.
        </Alert>
      )}
      {!created && presetCheck !== null && !readOnly && (
        <Alert color="yellow" variant="light" data-testid="auth-preset-operations">
          The connector&apos;s operations are still the Generic REST preset&apos;s (its health check calls{' '}
          <Code>{presetCheck}</Code>) until you edit them in step 5, Integration. Until then the connection test&apos;s
          probe may fail even when authentication works.
        </Alert>
      )}
      <NativeSelect
        label="Authentication scheme"
        data={AUTH_TYPES.map((t) => ({ value: t, label: AUTH_LABELS[t] }))}
        value={form.type}
        disabled={readOnly}
        onChange={(e) => set({ type: e.currentTarget.value as AuthType })}
        data-testid="auth-type"
      />
      <AuthSchemeFields form={form} set={set} errors={errors} readOnly={readOnly} customFields={type.customFields} />
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
          onChange={(v) => changeTimeouts({ connectMs: typeof v === 'number' ? v : NaN })}
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
          onChange={(v) => changeTimeouts({ totalMs: typeof v === 'number' ? v : NaN })}
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
        <Stack gap={4} align="flex-end">
          {!link && (
            <Button onClick={() => void submit()} loading={save.isPending} data-testid="auth-save">
              {created ? 'Start the connector with this authentication' : 'Save authentication'}
            </Button>
          )}
          {created && (
            <Text size="xs" c="dimmed" ta="right" data-testid="auth-save-starts">
              {link
                ? 'Save and test connection starts the connector from the Generic REST preset with this authentication'
                : 'It starts from the Generic REST preset'}
              ; adapt its operations in step 5 before relying on the connection test&apos;s probe.
            </Text>
          )}
        </Stack>
      )}
    </Stack>
  );
}

import { Box, Code, Group, NativeSelect, Paper, Radio, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import type { Method } from '../../bindings/Method';
import { FieldError } from '../../components/FieldError';
import { CodeEditor } from './CodeEditor';
import { errorsUnder, type BodyKind } from './editModel';
import { KeyValueRows } from './KeyValueRows';
import { LOGIN_METHODS, loginUsesSecret, type LoginFields, type TokenFrom } from './loginAuthModel';
import { TemplateInput } from './TemplateInput';
import type { TemplateVariable } from './templateVars';

const BODY_KINDS = [
  { value: 'json', label: 'JSON' },
  { value: 'form', label: 'Form fields' },
  { value: 'none', label: 'No body' },
];

interface LoginAuthFieldsProps {
  form: LoginFields;
  onChange: (patch: Partial<LoginFields>) => void;
  /** The credential's name, read as `secrets.<name>`. */
  secret: string;
  variables: readonly TemplateVariable[];
  /** Problems keyed by input (`loginPath`, `tokenFrom`, `send.0.key`…). */
  errors: Record<string, string>;
  readOnly: boolean;
}

/**
 * The session login: the request that logs in, where its response carries the
 * token, how long the token lives, and the headers that send it.
 */
export function LoginAuthFields({ form, onChange, secret, variables, errors, readOnly }: LoginAuthFieldsProps) {
  const err = (key: string) => (errors[key] ? <FieldError testId={`auth-${key}`}>{errors[key]}</FieldError> : undefined);
  const methods = LOGIN_METHODS.includes(form.loginMethod) ? LOGIN_METHODS : [...LOGIN_METHODS, form.loginMethod];
  const changeBodyKind = (kind: BodyKind) =>
    onChange({
      loginBodyKind: kind,
      loginBodyText: kind === 'json' && form.loginBodyText.trim() === '' ? '{\n  \n}' : form.loginBodyText,
    });
  const kept = form.loginKept;
  const keptParts = [
    Object.keys(kept.query).length > 0 && 'query parameters',
    Object.keys(kept.extract).length > 0 && 'extracted outputs',
    kept.success.length > 0 && 'success rules',
    kept.notFound !== null && 'a not-found status',
  ].filter(Boolean);

  return (
    <Stack gap="md" data-testid="auth-login">
      <Paper withBorder p="sm" radius="md">
        <Stack gap="sm">
          <Title order={5}>Login request</Title>
          <Text size="xs" c="dimmed">
            Sent when the instance has no valid token: before its first request, shortly before the token expires,
            and once more when a request is refused with 401. It can use the credential as{' '}
            <Code>{`{{ secrets.${secret} }}`}</Code> and custom fields as <Code>{'{{ fields.<key> }}'}</Code>.
          </Text>
          {/* The path takes the room the two choices leave; all three wrap in a narrow window. */}
          <Group gap="sm" align="flex-start" wrap="wrap">
            <NativeSelect
              label="Method"
              description="HTTP method"
              data={methods as Method[]}
              value={form.loginMethod}
              disabled={readOnly}
              onChange={(e) => onChange({ loginMethod: e.currentTarget.value as Method })}
              w={110}
              data-testid="auth-loginMethod"
            />
            <Box style={{ flex: '1 1 240px' }}>
              <TemplateInput
                label="Login path"
                description="Relative to the endpoint, or absolute"
                placeholder="/v3/auth/tokens"
                value={form.loginPath}
                onChange={(loginPath) => onChange({ loginPath })}
                variables={variables}
                readOnly={readOnly}
                error={err('loginPath')}
                data-testid="auth-loginPath"
              />
            </Box>
            <NativeSelect
              label="Login body"
              description="Its encoding"
              data={BODY_KINDS}
              value={form.loginBodyKind}
              disabled={readOnly}
              onChange={(e) => changeBodyKind(e.currentTarget.value as BodyKind)}
              w={150}
              data-testid="auth-loginBodyKind"
            />
          </Group>
          {form.loginBodyKind === 'json' && (
            <CodeEditor
              label="Login body (JSON template)"
              description={`Strings are templates: type {{ for values, e.g. "{{ secrets.${secret} }}".`}
              language="json"
              value={form.loginBodyText}
              onChange={(loginBodyText) => onChange({ loginBodyText })}
              variables={variables}
              readOnly={readOnly}
              minHeight={100}
              maxHeight={320}
              error={err('loginBody')}
              data-testid="auth-loginBody"
            />
          )}
          {form.loginBodyKind === 'form' && (
            <KeyValueRows
              title="Form fields"
              noun="form field"
              keyLabel="Field name"
              valueLabel="Value (template)"
              pairs={form.loginForm}
              onChange={(loginForm) => onChange({ loginForm })}
              errors={errorsUnder(errors, 'loginForm')}
              readOnly={readOnly}
              testId="auth-loginForm"
            />
          )}
          {!loginUsesSecret(form, secret) && (
            <Text size="xs" c="yellow.8" data-testid="auth-login-secret-unused">
              The login request does not use <Code>{`{{ secrets.${secret} }}`}</Code>, so the instance&apos;s
              credential is not sent. Use it in the body, a header or the path, or change the secret name below.
            </Text>
          )}
          <KeyValueRows
            title="Login request headers"
            noun="header"
            keyLabel="Header name"
            valueLabel="Value (template)"
            pairs={form.loginHeaders}
            onChange={(loginHeaders) => onChange({ loginHeaders })}
            errors={errorsUnder(errors, 'loginHeaders')}
            readOnly={readOnly}
            testId="auth-loginHeaders"
          />
          <SimpleGrid minColWidth={220} autoFlow="auto-fit" spacing="sm">
            <TextInput
              label="Expected statuses"
              description="Optional; empty means any 2xx"
              placeholder="200, 201"
              value={form.loginExpectText}
              readOnly={readOnly}
              onChange={(e) => onChange({ loginExpectText: e.currentTarget.value })}
              error={err('loginExpect')}
              data-testid="auth-loginExpect"
            />
            <TextInput
              label="Error message pointer"
              description="Optional; where a refusal says why"
              placeholder="/error/message"
              value={form.loginErrorMessage}
              readOnly={readOnly}
              onChange={(e) => onChange({ loginErrorMessage: e.currentTarget.value })}
              data-testid="auth-loginErrorMessage"
            />
          </SimpleGrid>
          {keptParts.length > 0 && (
            <Text size="xs" c="dimmed" data-testid="auth-login-kept">
              The login request&apos;s {keptParts.join(', ')} are kept; edit them in the Integration step&apos;s YAML
              view.
            </Text>
          )}
        </Stack>
      </Paper>

      <Paper withBorder p="sm" radius="md">
        <Stack gap="sm">
          <Title order={5}>Token</Title>
          <Radio.Group
            label="Where the login response carries the token"
            value={form.tokenFrom}
            onChange={(v) => onChange({ tokenFrom: v as TokenFrom })}
            error={err('tokenFrom')}
            data-testid="auth-tokenFrom"
          >
            <Group mt={6} gap="lg">
              <Radio value="header" label="A response header" disabled={readOnly} />
              <Radio value="pointer" label="The response body" disabled={readOnly} />
            </Group>
          </Radio.Group>
          <SimpleGrid minColWidth={200} autoFlow="auto-fit" spacing="sm">
            {form.tokenFrom === 'header' && (
              <TextInput
                label="Token header"
                description="Response header with the token"
                placeholder="X-Subject-Token"
                value={form.tokenHeader}
                readOnly={readOnly}
                onChange={(e) => onChange({ tokenHeader: e.currentTarget.value })}
                error={err('tokenHeader')}
                data-testid="auth-tokenHeader"
              />
            )}
            {form.tokenFrom === 'pointer' && (
              <TextInput
                label="Token pointer"
                description="JSON Pointer or JMESPath"
                placeholder="/access_token"
                value={form.tokenPointer}
                readOnly={readOnly}
                onChange={(e) => onChange({ tokenPointer: e.currentTarget.value })}
                error={err('tokenPointer')}
                data-testid="auth-tokenPointer"
              />
            )}
            <TextInput
              label="Expiry pointer"
              description="Optional; JSON Pointer or JMESPath"
              placeholder="/token/expires_at"
              value={form.expiresAt}
              readOnly={readOnly}
              onChange={(e) => onChange({ expiresAt: e.currentTarget.value })}
              data-testid="auth-expiresAt"
            />
            <TextInput
              label="Token lifetime (seconds)"
              description="Optional; default 3600"
              placeholder="3600"
              inputMode="numeric"
              value={form.lifetimeText}
              readOnly={readOnly}
              onChange={(e) => onChange({ lifetimeText: e.currentTarget.value })}
              error={err('lifetimeSeconds')}
              data-testid="auth-lifetimeSeconds"
            />
          </SimpleGrid>
          <Text size="xs" c="dimmed">
            The expiry is read from the login response (an RFC 3339 time or Unix seconds); without one the token lives
            for the lifetime set here (an hour when empty), at most a day.
          </Text>
          <KeyValueRows
            title="Headers that carry the token on every request"
            noun="token header"
            keyLabel="Header name"
            valueLabel="Value, with {{ token }}"
            keyPlaceholder="X-Auth-Token"
            valuePlaceholder="{{ token }}"
            pairs={form.send}
            onChange={(send) => onChange({ send })}
            errors={errorsUnder(errors, 'send')}
            readOnly={readOnly}
            testId="auth-send"
          />
          {errors.send && (
            <Text size="xs" c="red" role="alert">
              <FieldError testId="auth-send">{errors.send}</FieldError>
            </Text>
          )}
          <Text size="xs" c="dimmed">
            For example <Code>{'X-Auth-Token: {{ token }}'}</Code> or <Code>{'Authorization: Bearer {{ token }}'}</Code>.
            The token is kept in memory per instance until it expires, never stored.
          </Text>
        </Stack>
      </Paper>
    </Stack>
  );
}

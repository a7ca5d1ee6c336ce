import { NativeSelect, SimpleGrid, TextInput } from '@mantine/core';
import type { CustomField } from '../../bindings/CustomField';
import { FieldError } from '../../components/FieldError';
import { secretName, type ApiKeyPlacement, type AuthForm } from './authModel';
import { LoginAuthFields } from './LoginAuthFields';
import { loginTemplateVariables } from './templateVars';

interface AuthSchemeFieldsProps {
  form: AuthForm;
  set: (patch: Partial<AuthForm>) => void;
  errors: Record<string, string>;
  readOnly: boolean;
  /** The type's custom fields, offered in the login request's templates. */
  customFields: readonly CustomField[];
}

/** The inputs of the chosen scheme (the secret name and timeouts are common to all). */
export function AuthSchemeFields({ form, set, errors, readOnly, customFields }: AuthSchemeFieldsProps) {
  const err = (key: string) => (errors[key] ? <FieldError testId={`auth-${key}`}>{errors[key]}</FieldError> : undefined);
  switch (form.type) {
    case 'api_key':
      return (
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
      );
    case 'basic':
      return (
        <TextInput
          label="User name"
          description="A template, e.g. {{ fields.username }} for a per-instance custom field"
          value={form.username}
          readOnly={readOnly}
          onChange={(e) => set({ username: e.currentTarget.value })}
          error={err('username')}
          data-testid="auth-username"
        />
      );
    case 'oauth2_client_credentials':
      return (
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
      );
    case 'hmac_signature':
      return (
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
      );
    case 'login':
      return (
        <LoginAuthFields
          form={form}
          onChange={set}
          secret={secretName(form)}
          variables={loginTemplateVariables(customFields, secretName(form))}
          errors={errors}
          readOnly={readOnly}
        />
      );
    default:
      return null;
  }
}

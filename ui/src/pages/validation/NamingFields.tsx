import { Badge, Code, Group, Stack, Text, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { withFieldError } from '../../components/FieldError';
import { WRAP_ANYWHERE } from '../../components/LongText';
import { checkExample, EXAMPLE, type SettingsFormValues } from './settingsForm';

function ExampleVerdict({ accepted }: { accepted: boolean | null }) {
  if (accepted === null) {
    return (
      <Badge color="red" variant="light" tt="none" data-testid="naming-example-match" data-accepted="invalid">
        pattern does not compile
      </Badge>
    );
  }
  return (
    <Badge
      color={accepted ? 'teal' : 'red'}
      variant="light"
      tt="none"
      data-testid="naming-example-match"
      data-accepted={accepted}
    >
      {accepted ? 'accepted by the pattern' : 'rejected by the pattern'}
    </Badge>
  );
}

/**
 * Template, pattern and prefix, with the name they make shown as it is typed: a
 * mismatch is seen here instead of as a failed "tenant name" step later.
 */
export function NamingFields({ form }: { form: UseFormReturnType<SettingsFormValues> }) {
  const example = checkExample(form.getValues().naming);
  return (
    <Stack gap="xs">
      <Text size="sm" fw={500}>
        Naming convention
      </Text>
      <TextInput
        label="Template"
        description="{prefix}, {purpose}, {suffix} (required, keeps names unique) and {environment}"
        required
        data-autofocus
        {...withFieldError(form.getInputProps('naming.template'), 'naming-template')}
      />
      <Group grow align="flex-start">
        <TextInput
          label="Pattern"
          description="Regular expression every name must match"
          required
          ff="monospace"
          {...withFieldError(form.getInputProps('naming.pattern'), 'naming-pattern')}
        />
        <TextInput
          label="Prefix"
          description="Replaces {prefix}"
          {...withFieldError(form.getInputProps('naming.prefix'), 'naming-prefix')}
        />
      </Group>
      <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
        <Text size="sm" c="dimmed" style={{ flexShrink: 0 }}>
          Example:
        </Text>
        <Code data-testid="naming-example" style={WRAP_ANYWHERE}>
          {example.name || '(empty)'}
        </Code>
        <ExampleVerdict accepted={example.accepted} />
      </Group>
      <Text size="xs" c="dimmed">
        With purpose “{EXAMPLE.purpose}”, suffix “{EXAMPLE.suffix}” and environment “{EXAMPLE.environment}”;
        a run uses a random suffix and the instance&apos;s environment.
      </Text>
    </Stack>
  );
}

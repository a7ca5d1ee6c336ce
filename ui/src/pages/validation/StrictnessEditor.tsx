import { ActionIcon, Button, Group, NativeSelect, Radio, Stack, Text, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import type { Strictness } from '../../bindings/Strictness';
import { withFieldError } from '../../components/FieldError';
import { DEVIATION_STEPS, type SettingsFormValues } from './settingsForm';

/**
 * Strict or lenient, and the platform's known, documented deviations: in a lenient
 * run a listed step that fails is a warning naming its reason; in a strict run
 * (the default) every declared expectation must hold. Rows are keyed by position
 * so the backend's "knownDeviations.{index}.reason" errors land on their row.
 */
export function StrictnessEditor({ form }: { form: UseFormReturnType<SettingsFormValues> }) {
  const values = form.getValues();
  const unlisted = DEVIATION_STEPS.filter((step) => !values.knownDeviations.some((d) => d.step === step));
  return (
    <Stack gap="xs" data-testid="strictness">
      <Radio.Group
        label="Strictness"
        description="Strict: every expectation must hold. Lenient: the deviations listed below are warnings, not failures; anything else still fails."
        value={values.strictness}
        onChange={(v) => form.setFieldValue('strictness', v as Strictness)}
        data-testid="strictness-control"
      >
        <Group mt={6}>
          <Radio value="strict" label="Strict" data-testid="strictness-strict" />
          <Radio value="lenient" label="Lenient" data-testid="strictness-lenient" />
        </Group>
      </Radio.Group>
      {values.knownDeviations.map((_d, i) => (
        <Group key={i} align="flex-start" wrap="nowrap">
          <NativeSelect
            aria-label={`Known deviation ${i + 1} step`}
            data={[...DEVIATION_STEPS]}
            w={170}
            {...withFieldError(form.getInputProps(`knownDeviations.${i}.step`), `deviation-step-${i}`)}
          />
          <TextInput
            aria-label={`Known deviation ${i + 1} reason`}
            placeholder="why, e.g. the sandbox accepts any key"
            style={{ flex: 1 }}
            {...withFieldError(form.getInputProps(`knownDeviations.${i}.reason`), `deviation-reason-${i}`)}
          />
          <ActionIcon
            variant="subtle"
            color="red"
            mt={6}
            aria-label={`Remove known deviation ${i + 1}`}
            onClick={() => form.removeListItem('knownDeviations', i)}
            data-testid={`deviation-remove-${i}`}
          >
            <IconTrash size={16} />
          </ActionIcon>
        </Group>
      ))}
      {values.strictness === 'strict' && values.knownDeviations.length > 0 && (
        <Text size="xs" c="dimmed" data-testid="deviations-unused">
          Strict runs ignore these: they fail like any other step.
        </Text>
      )}
      <Group>
        <Button
          size="xs"
          variant="light"
          leftSection={<IconPlus size={14} />}
          disabled={unlisted.length === 0}
          onClick={() => form.insertListItem('knownDeviations', { step: unlisted[0], reason: '' })}
          data-testid="deviation-add"
        >
          Add known deviation
        </Button>
      </Group>
    </Stack>
  );
}

import { useState } from 'react';
import { ActionIcon, Box, Button, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { FieldError } from '../../components/FieldError';
import type { EditRequest } from './editModel';
import { describeEquals, pointerProblem, statusProblem, type EditSuccessRule } from './successModel';
import { TemplateInput } from './TemplateInput';
import type { TemplateVariable } from './templateVars';

/** Fields side by side while they fit, one under the other when the column is narrow. */
const FIELD = { flex: '1 1 180px', minWidth: 0 };

interface SuccessRulesProps {
  /** The request's test id, e.g. `request-0`. */
  id: string;
  request: EditRequest;
  onChange: (patch: Partial<EditRequest>) => void;
  variables: readonly TemplateVariable[];
  /** The request's problems from the last save or switch to YAML. */
  errors: Record<string, string>;
}

/**
 * Which answers of one request count as success: the statuses, the not-found
 * status, and conditions on the body. Each input is checked when it is left
 * (and again on save), against what it holds now, so a fix clears its message.
 */
export function SuccessRules({ id, request, onChange, variables, errors }: SuccessRulesProps) {
  const [left, setLeft] = useState<ReadonlySet<string>>(new Set());
  const leave = (key: string) => setLeft((s) => (s.has(key) ? s : new Set(s).add(key)));
  /** The input's problem now, once it was left or a save found one there. */
  const problem = (key: string, testId: string, check: () => string | null) => {
    if (!left.has(key) && !errors[key]) return undefined;
    const message = check();
    return message ? <FieldError testId={testId}>{message}</FieldError> : undefined;
  };
  const rules = request.success;
  const setRules = (success: EditSuccessRule[]) => onChange({ success });
  const update = (i: number, patch: Partial<EditSuccessRule>) => setRules(rules.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  return (
    <Stack gap="xs" data-testid={`${id}-success`}>
      <Title order={6}>Which answers count as success</Title>
      <Group gap="sm" align="flex-start">
        <TextInput
          style={FIELD}
          label="Success statuses"
          description="Codes separated by commas; empty means any 2xx"
          placeholder="200, 201"
          value={request.expectText}
          onChange={(e) => onChange({ expectText: e.currentTarget.value })}
          onBlur={() => leave('expect')}
          error={problem('expect', `${id}-expect`, () => statusProblem(request.expectText))}
          data-testid={`${id}-expect`}
        />
        <TextInput
          style={FIELD}
          label="Not-found status"
          description='One code meaning "does not exist"'
          placeholder="404"
          value={request.notFoundText}
          onChange={(e) => onChange({ notFoundText: e.currentTarget.value })}
          onBlur={() => leave('notFound')}
          error={problem('notFound', `${id}-not-found`, () => statusProblem(request.notFoundText, true))}
          data-testid={`${id}-not-found`}
        />
        <TextInput
          style={FIELD}
          label="Error message pointer"
          description="Where a failed answer's error text is"
          placeholder="/message"
          value={request.errorMessage}
          onChange={(e) => onChange({ errorMessage: e.currentTarget.value })}
          data-testid={`${id}-error-message`}
        />
      </Group>
      <Text size="sm" fw={500}>
        Conditions on the response body
      </Text>
      <Text size="xs" c="dimmed">
        Every condition must hold, besides the status, for the answer to count as success.
      </Text>
      {rules.length === 0 && (
        <Text size="xs" c="dimmed" data-testid={`${id}-success-none`}>
          None.
        </Text>
      )}
      {rules.map((rule, i) => {
        const key = `success.${i}.pointer`;
        return (
          <Group key={i} gap="xs" align="flex-start" wrap="nowrap" data-testid={`${id}-success-rule-${i}`}>
            <TextInput
              size="xs"
              style={{ flex: 1, minWidth: 0 }}
              // Short on screen (the row is narrow); the number tells the rows apart when read out.
              label="JSON Pointer"
              aria-label={`Condition ${i + 1}: JSON Pointer`}
              placeholder="/status"
              value={rule.pointer}
              onChange={(e) => update(i, { pointer: e.currentTarget.value })}
              onBlur={() => leave(key)}
              error={problem(key, `${id}-success-pointer-${i}`, () => (rule.pointer.trim() === '' && rule.equalsText.trim() === '' ? null : pointerProblem(rule.pointer.trim())))}
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
              spellCheck={false}
              data-testid={`${id}-success-pointer-${i}`}
            />
            <Box style={{ flex: 1, minWidth: 0 }}>
              <TemplateInput
                size="xs"
                label="Must equal"
                aria-label={`Condition ${i + 1}: must equal`}
                description={describeEquals(rule.equalsText)}
                inputWrapperOrder={['label', 'input', 'description', 'error']}
                placeholder="ok"
                value={rule.equalsText}
                onChange={(equalsText) => update(i, { equalsText })}
                variables={variables}
                data-testid={`${id}-success-equals-${i}`}
              />
            </Box>
            <ActionIcon
              mt={22}
              variant="subtle"
              color="red"
              aria-label={`Remove condition ${i + 1}`}
              onClick={() => {
                setRules(rules.filter((_, j) => j !== i));
                // Indexes move up: what was left no longer matches the same row.
                setLeft((s) => new Set([...s].filter((k) => !k.startsWith('success.'))));
              }}
              data-testid={`${id}-success-remove-${i}`}
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Group>
        );
      })}
      <Group>
        <Button
          size="compact-xs"
          variant="subtle"
          leftSection={<IconPlus size={14} />}
          onClick={() => setRules([...rules, { pointer: '', equalsText: '' }])}
          data-testid={`${id}-success-add`}
        >
          Add condition
        </Button>
      </Group>
    </Stack>
  );
}

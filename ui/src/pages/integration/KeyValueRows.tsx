import { ActionIcon, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { FieldError } from '../../components/FieldError';
import type { Pair } from './editModel';

interface KeyValueRowsProps {
  /** Heading of the group, e.g. "Headers". */
  title: string;
  /** One row's thing, e.g. "header": "Header name", "Add header". */
  noun: string;
  keyLabel: string;
  valueLabel: string;
  keyPlaceholder?: string;
  valuePlaceholder?: string;
  pairs: Pair[];
  onChange: (pairs: Pair[]) => void;
  /** Problems keyed `<index>.key`. */
  errors?: Record<string, string>;
  testId: string;
  readOnly?: boolean;
}

/** Name → value rows (headers, query parameters, outputs), added and removed freely. */
export function KeyValueRows(props: KeyValueRowsProps) {
  const { pairs, onChange, errors = {}, testId, noun } = props;
  const update = (i: number, patch: Partial<Pair>) => onChange(pairs.map((p, j) => (j === i ? { ...p, ...patch } : p)));
  return (
    <Stack gap={6} data-testid={testId}>
      <Text size="sm" fw={500}>
        {props.title}
      </Text>
      {pairs.length === 0 && (
        <Text size="xs" c="dimmed">
          None.
        </Text>
      )}
      {pairs.map((pair, i) => (
        <Group key={i} gap="xs" align="flex-start" wrap="nowrap">
          <TextInput
            size="xs"
            style={{ flex: 1 }}
            label={props.keyLabel}
            placeholder={props.keyPlaceholder}
            value={pair.key}
            readOnly={props.readOnly}
            onChange={(e) => update(i, { key: e.currentTarget.value })}
            error={errors[`${i}.key`] ? <FieldError testId={`${testId}-key-${i}`}>{errors[`${i}.key`]}</FieldError> : undefined}
            data-testid={`${testId}-key-${i}`}
          />
          <TextInput
            size="xs"
            style={{ flex: 2 }}
            label={props.valueLabel}
            placeholder={props.valuePlaceholder}
            value={pair.value}
            readOnly={props.readOnly}
            onChange={(e) => update(i, { value: e.currentTarget.value })}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            data-testid={`${testId}-value-${i}`}
          />
          {!props.readOnly && (
            <ActionIcon
              mt={22}
              variant="subtle"
              color="red"
              aria-label={`Remove ${noun} ${pair.key || i + 1}`}
              onClick={() => onChange(pairs.filter((_, j) => j !== i))}
              data-testid={`${testId}-remove-${i}`}
            >
              <IconTrash size={16} />
            </ActionIcon>
          )}
        </Group>
      ))}
      {!props.readOnly && (
        <Group>
          <Button
            size="compact-xs"
            variant="subtle"
            leftSection={<IconPlus size={14} />}
            onClick={() => onChange([...pairs, { key: '', value: '' }])}
            data-testid={`${testId}-add`}
          >
            Add {noun}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

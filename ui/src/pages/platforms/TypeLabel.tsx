import { Group, Text } from '@mantine/core';
import { TypeIcon } from '../../components/TypeIcon';
import { usePlatformTypes } from '../../queries';

/** A platform's type as icon + display name; the identifier stands in until types load. */
export function TypeLabel({ typeId, size = 'sm' }: { typeId: string; size?: 'xs' | 'sm' | 'md' }) {
  const { data: types } = usePlatformTypes();
  const type = types?.find((t) => t.identifier === typeId);
  return (
    <Group gap={6} wrap="nowrap" data-testid="platform-type-label">
      <TypeIcon name={type?.icon ?? 'box'} size={18} />
      <Text size={size}>{type?.displayName ?? typeId}</Text>
    </Group>
  );
}

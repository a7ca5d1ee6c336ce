import { Group } from '@mantine/core';
import { ClampedText } from '../../components/LongText';
import { TypeIcon } from '../../components/TypeIcon';
import { usePlatformTypes } from '../../queries';

/** A platform's type as icon + display name; the identifier stands in until types load. */
export function TypeLabel({ typeId, size = 'sm' }: { typeId: string; size?: 'xs' | 'sm' | 'md' }) {
  const { data: types } = usePlatformTypes();
  const type = types?.find((t) => t.identifier === typeId);
  return (
    <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }} data-testid="platform-type-label">
      <span style={{ flexShrink: 0, display: 'inline-flex' }}>
        <TypeIcon name={type?.icon ?? 'box'} size={18} />
      </span>
      <ClampedText size={size}>{type?.displayName ?? typeId}</ClampedText>
    </Group>
  );
}

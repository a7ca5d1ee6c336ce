import { Badge } from '@mantine/core';
import type { Availability } from '../../bindings/Availability';
import type { Publication } from '../../bindings/Publication';

export const PUBLICATION_LABELS: Record<Publication, string> = {
  draft: 'Not offered yet',
  published: 'Published',
  deprecated: 'Deprecated',
  unpublished: 'Unpublished',
};

const COLORS: Record<Publication, string> = {
  draft: 'gray',
  published: 'green',
  deprecated: 'orange',
  unpublished: 'gray',
};

/** Whether application teams are offered the platform; nothing while it never was. */
export function PublicationBadge({ availability, always = false }: { availability: Availability; always?: boolean }) {
  const p = availability.publication;
  if (p === 'draft' && !always) return null;
  const who =
    availability.restriction === 'restricted'
      ? ` to ${availability.restrictedTo?.length ?? 0} workspace(s)`
      : availability.restriction === 'private'
        ? ' (private)'
        : '';
  return (
    <Badge
      size="sm"
      variant={p === 'published' ? 'light' : 'outline'}
      color={COLORS[p]}
      tt="none"
      style={{ flexShrink: 0 }}
      title={`${PUBLICATION_LABELS[p]}${p === 'published' ? who : ''}`}
      data-testid="publication-badge"
    >
      {PUBLICATION_LABELS[p]}
    </Badge>
  );
}

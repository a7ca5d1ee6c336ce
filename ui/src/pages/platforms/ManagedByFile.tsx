import { Badge, Tooltip } from '@mantine/core';
import { IconFileCode } from '@tabler/icons-react';

/** Why a record managed by a provisioning folder cannot be changed in the app. */
export function managedReason(folder: string): string {
  return `Defined in ${folder}; change the definition file and apply it again.`;
}

/** Where the platform page's badge keeps its reason, for buttons in other cards. */
export const platformReasonId = (platformId: string) => `platform-managed-${platformId}`;

/**
 * Props for a button that changes a record: disabled (not hidden, so people see
 * what they would normally do) and described by the badge's reason, which screen
 * readers announce with the button; a tooltip cannot, as a disabled button gets
 * no hover or focus.
 */
export function managedButtonProps(managedBy: string | undefined, reasonId: string) {
  return managedBy ? { disabled: true, 'aria-describedby': reasonId } : {};
}

interface ManagedByFileBadgeProps {
  /** The provisioning folder the record is defined in. */
  folder: string;
  /** Unique in the page: buttons point at it with aria-describedby. */
  reasonId: string;
  testId?: string;
}

/** Marks a record that a provisioning folder defines; the app shows it read-only. */
export function ManagedByFileBadge({ folder, reasonId, testId = 'managed-badge' }: ManagedByFileBadgeProps) {
  const reason = managedReason(folder);
  return (
    <>
      {/* Focusable, so keyboard users can bring up the tooltip too. */}
      <Tooltip label={reason} multiline w={320} events={{ hover: true, focus: true, touch: true }}>
        <Badge
          variant="light"
          color="indigo"
          tt="none"
          leftSection={<IconFileCode size={12} />}
          maw="100%"
          tabIndex={0}
          role="note"
          aria-label={`Managed by file. ${reason}`}
          data-testid={testId}
          data-folder={folder}
          style={{ cursor: 'help' }}
        >
          Managed by file
        </Badge>
      </Tooltip>
      {/* Hidden, yet aria-describedby still reads it (the badge's label says it already). */}
      <span id={reasonId} hidden>
        {reason}
      </span>
    </>
  );
}

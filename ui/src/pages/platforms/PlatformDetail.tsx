import { useState, type ReactNode } from 'react';
import { ActionIcon, Badge, Button, Card, Code, CopyButton, Group, SimpleGrid, Stack, Text, Title, Tooltip } from '@mantine/core';
import { IconArrowLeft, IconCheck, IconCopy, IconExternalLink, IconPencil, IconTrash } from '@tabler/icons-react';
import type { Platform } from '../../bindings/Platform';
import { ConfirmDelete } from '../../components/ConfirmDelete';
import { UrlCode, WRAP_ANYWHERE } from '../../components/LongText';
import { Markdown, openExternally, openableUrl } from '../../components/Markdown';
import { useDeletePlatform } from '../../queries';
import { ConnectorVersionsCard } from '../history/ConnectorVersionsCard';
import { HealthScheduleCard } from '../health/HealthScheduleCard';
import { LandingZonesCard } from '../offering/LandingZonesCard';
import { OfferingCard } from '../offering/OfferingCard';
import { PlatformHistoryCard } from '../history/PlatformHistoryCard';
import { ExecTrustPanel } from '../types/ExecTrustPanel';
import { PlatformTypeScope } from '../types/platformTypeScope';
import { ValidationSettingsCard } from '../validation/ValidationSettingsCard';
import { InstancesSection } from './InstancesSection';
import { IntegrationSummaryCard } from './IntegrationSummaryCard';
import { ManagedByFileBadge, managedButtonProps, platformReasonId } from './ManagedByFile';
import { PlatformDocsButton } from './PlatformDocsPanel';
import { PlatformFormModal } from './PlatformFormModal';
import { TagBadges } from './TagBadges';
import { TypeLabel } from './TypeLabel';
// This view is loaded lazily, so it brings the styles the first screen does without.
import '../../components/lazyViewStyles';

// minWidth 0: a grid cell otherwise grows to its longest unbroken value and
// pushes the page wider than the window.
function Detail({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={2} style={{ minWidth: 0 }}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <div>{children}</div>
    </Stack>
  );
}

// Links are shown for copying rather than followed: navigating would replace the
// app's own window, and the CSP allows no remote content anyway.
function LinkValue({ url, testId }: { url: string | null; testId: string }) {
  if (!url) return <Text c="dimmed">not set</Text>;
  // Only a web page or an e-mail address opens (the value may come from a file).
  const openable = openableUrl(url);
  return (
    <Group gap={4} wrap="nowrap" style={{ minWidth: 0 }}>
      <UrlCode url={url} data-testid={testId} />
      {openable && (
        <Tooltip label="Open outside Platform Builder">
          <ActionIcon
            variant="subtle"
            size="sm"
            onClick={() => openExternally(openable)}
            aria-label={`Open ${url}`}
            data-testid={`${testId}-open`}
          >
            <IconExternalLink size={14} />
          </ActionIcon>
        </Tooltip>
      )}
      <CopyButton value={url}>
        {({ copied, copy }) => (
          <Tooltip label={copied ? 'Copied' : 'Copy link'}>
            <ActionIcon variant="subtle" size="sm" onClick={copy} aria-label="Copy link">
              {copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
            </ActionIcon>
          </Tooltip>
        )}
      </CopyButton>
    </Group>
  );
}

export function PlatformDetail({ platform, onBack }: { platform: Platform; onBack: () => void }) {
  const remove = useDeletePlatform();
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const reasonId = platformReasonId(platform.id);
  const locked = managedButtonProps(platform.managedBy, reasonId);

  // mutateAsync rather than mutate's callbacks: the refreshed list no longer holds
  // this platform, so this component may unmount before per-call callbacks run.
  const confirmDelete = async () => {
    try {
      await remove.mutateAsync(platform.id);
      onBack();
    } catch {
      // Already notified by the mutation hook.
    } finally {
      setDeleting(false);
    }
  };

  return (
    // The scope lets a failed test of any instance here offer to trust the type's program.
    <PlatformTypeScope value={platform.typeId}>
      <Stack data-testid="platform-detail">
        <Group>
          <Button
            variant="subtle"
            leftSection={<IconArrowLeft size={16} />}
            onClick={onBack}
            data-testid="back-to-platforms"
          >
            Back to platforms
          </Button>
        </Group>

        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Stack gap={4} style={{ flex: 1, minWidth: 0 }}>
            <Group gap="xs">
              <Title order={2} style={WRAP_ANYWHERE}>
                {platform.name}
              </Title>
              {platform.status === 'draft' && (
                <Badge color="yellow" variant="light" data-testid="platform-draft-badge">
                  Draft
                </Badge>
              )}
              {platform.managedBy && <ManagedByFileBadge folder={platform.managedBy} reasonId={reasonId} />}
            </Group>
            <Group gap="xs">
              <TypeLabel typeId={platform.typeId} />
              <Code data-testid="platform-identifier">{platform.identifier}</Code>
            </Group>
          </Stack>
          <Group gap="xs" wrap="nowrap" style={{ flexShrink: 0 }}>
            <PlatformDocsButton platform={platform} />
            <Button
              variant="light"
              leftSection={<IconPencil size={16} />}
              onClick={() => setEditing(true)}
              data-testid="platform-edit"
              {...locked}
            >
              Edit
            </Button>
            <Button
              variant="light"
              color="red"
              leftSection={<IconTrash size={16} />}
              onClick={() => setDeleting(true)}
              data-testid="platform-delete"
              {...locked}
            >
              Delete
            </Button>
          </Group>
        </Group>

        <Card withBorder radius="md">
          <Stack>
            <Text
              data-testid="platform-detail-description"
              c={platform.description ? undefined : 'dimmed'}
              // Line breaks typed in the description are kept.
              style={{ ...WRAP_ANYWHERE, whiteSpace: 'pre-line' }}
            >
              {platform.description || 'No description yet.'}
            </Text>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <Detail label="Platform type">
                <TypeLabel typeId={platform.typeId} />
              </Detail>
              <Detail label="Location">
                <Text data-testid="platform-detail-location" style={WRAP_ANYWHERE}>
                  {platform.location ? `${platform.locationName || platform.location} (${platform.location})` : '—'}
                </Text>
              </Detail>
              <Detail label="Support">
                <LinkValue url={platform.supportUrl} testId="platform-support-link" />
              </Detail>
              <Detail label="Documentation">
                <LinkValue url={platform.docsUrl} testId="platform-docs-link" />
              </Detail>
            </SimpleGrid>
            <Detail label="Tags">
              <TagBadges tags={platform.tags} maxWidth={360} />
            </Detail>
            <Detail label="Access information">
              {platform.accessInfo.trim() ? (
                <Markdown source={platform.accessInfo} testId="platform-access-info" />
              ) : (
                <Text c="dimmed">Not written yet: say how application teams get access (request form, VPN, contacts).</Text>
              )}
            </Detail>
          </Stack>
        </Card>

        <InstancesSection platform={platform} />

        <ValidationSettingsCard platform={platform} />
        <LandingZonesCard platform={platform} readOnly={Boolean(platform.managedBy)} />
        <OfferingCard key={JSON.stringify(platform.availability)} platform={platform} readOnly={Boolean(platform.managedBy)} />

        <IntegrationSummaryCard typeId={platform.typeId} platformId={platform.id} />
        <ExecTrustPanel identifier={platform.typeId} />
        <HealthScheduleCard platform={platform} />
        <ConnectorVersionsCard platform={platform} />
        <PlatformHistoryCard platformId={platform.id} />

        <PlatformFormModal opened={editing} editing={platform} onClose={() => setEditing(false)} />
        <ConfirmDelete
          opened={deleting}
          title="Delete platform"
          confirmLabel="Delete platform"
          loading={remove.isPending}
          onConfirm={() => void confirmDelete()}
          onClose={() => setDeleting(false)}
        >
          <Text size="sm">
            Delete the platform <b>{platform.name}</b>? All of its instances are deleted too, and their stored
            credentials are removed from the OS keyring. This cannot be undone.
          </Text>
        </ConfirmDelete>
      </Stack>
    </PlatformTypeScope>
  );
}

import { useState } from 'react';
import { Button, Group, Loader, Modal, Paper, Stack, Text } from '@mantine/core';
import { IconBook, IconDownload } from '@tabler/icons-react';
import { save } from '@tauri-apps/plugin-dialog';
import { useMutation, useQuery } from '@tanstack/react-query';
import type { Platform } from '../../bindings/Platform';
import type { PlatformDocs } from '../../bindings/PlatformDocs';
import { Markdown } from '../../components/Markdown';
import { QueryError } from '../../components/QueryError';
import { IpcFailure, toIpcFailure } from '../../ipc';
import { definitionsIpc, type DocsFormat } from '../../ipcDefinitions';
import { notifyFailure, notifySuccess } from '../../notify';

const FORMATS: Record<DocsFormat, { label: string; extension: string; filter: string }> = {
  markdown: { label: 'Markdown', extension: 'md', filter: 'Markdown' },
  html: { label: 'HTML', extension: 'html', filter: 'HTML page' },
};

export const platformDocsKey = (platformId: string) => ['platformDocs', platformId] as const;

/**
 * A path the backend cannot write comes back as a field error on `path`; this
 * dialog has no path input, so its message (which names the path and the cause)
 * goes into the notification instead of a generic "some fields are invalid".
 */
function withFieldMessages(failure: IpcFailure): IpcFailure {
  if (failure.fields.length === 0) return failure;
  const message = failure.fields.map((f) => f.message).join(' ');
  return new IpcFailure(failure.code, message, [], failure.remediation);
}

function DocsContent({ platform, docs }: { platform: Platform; docs: PlatformDocs }) {
  const saveDocs = useMutation({
    mutationFn: ({ path, format }: { path: string; format: DocsFormat }) =>
      definitionsIpc.savePlatformDocs(platform.id, path, format),
    onSuccess: (_data, { path }) => notifySuccess(`Documentation saved to ${path}`),
    onError: (error) => notifyFailure(withFieldMessages(toIpcFailure(error)), 'Could not save the documentation'),
  });
  const [picking, setPicking] = useState<DocsFormat | null>(null);

  const saveAs = async (format: DocsFormat) => {
    const { label, extension, filter } = FORMATS[format];
    setPicking(format);
    let path: string | null;
    try {
      path = await save({
        title: `Save the documentation as ${label}`,
        defaultPath: `${docs.fileStem}.${extension}`,
        filters: [{ name: filter, extensions: [extension] }],
      });
    } catch (error) {
      notifyFailure(toIpcFailure(error), 'Could not open the save dialog');
      return;
    } finally {
      setPicking(null);
    }
    // Null: the dialog was cancelled.
    if (path) saveDocs.mutate({ path, format });
  };

  const busy = (format: DocsFormat) =>
    picking === format || (saveDocs.isPending && saveDocs.variables?.format === format);

  return (
    <Stack>
      <Text size="sm" c="dimmed">
        For the application teams who use this platform: its instances per environment, how to request a tenant and
        the naming convention, custom fields, quotas, roles, links and access information. It never contains a
        secret.
      </Text>
      <Group gap="xs">
        {(Object.keys(FORMATS) as DocsFormat[]).map((format) => (
          <Button
            key={format}
            variant="light"
            leftSection={<IconDownload size={16} />}
            loading={busy(format)}
            disabled={picking !== null || saveDocs.isPending}
            onClick={() => void saveAs(format)}
            data-testid={`platform-docs-save-${format}`}
          >
            Save as {FORMATS[format].label}…
          </Button>
        ))}
      </Group>
      {/* Wide tables (instances per environment) scroll instead of being cut off. */}
      <Paper withBorder radius="md" p="md" aria-label="Documentation preview" style={{ overflowX: 'auto' }}>
        <Markdown source={docs.markdown} testId="platform-docs-preview" />
      </Paper>
    </Stack>
  );
}

/** Mounted only while the dialog is open, so every opening shows freshly generated documentation. */
function DocsLoader({ platform }: { platform: Platform }) {
  const docs = useQuery({
    queryKey: platformDocsKey(platform.id),
    queryFn: () => definitionsIpc.getPlatformDocs(platform.id),
  });
  if (docs.isPending) return <Loader size="sm" aria-label="Generating the documentation" />;
  if (docs.isError) {
    return (
      <QueryError title="Could not generate the documentation" error={docs.error} onRetry={() => void docs.refetch()} />
    );
  }
  return <DocsContent platform={platform} docs={docs.data} />;
}

/** The platform page's "Documentation" button and the dialog with the preview and the save buttons. */
export function PlatformDocsButton({ platform }: { platform: Platform }) {
  const [opened, setOpened] = useState(false);
  return (
    <>
      <Button
        variant="light"
        leftSection={<IconBook size={16} />}
        onClick={() => setOpened(true)}
        data-testid="platform-docs"
      >
        Documentation
      </Button>
      <Modal opened={opened} onClose={() => setOpened(false)} title={`Documentation: ${platform.name}`} size="xl">
        {opened && <DocsLoader platform={platform} />}
      </Modal>
    </>
  );
}

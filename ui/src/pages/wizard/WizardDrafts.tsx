import { useState } from 'react';
import { Button, Card, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { IconFlask, IconPlayerPlay, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { WizardDraft } from '../../bindings/WizardDraft';
import { ConfirmDelete } from '../../components/ConfirmDelete';
import { WRAP_ANYWHERE } from '../../components/LongText';
import { QueryError } from '../../components/QueryError';
import { registryIpc } from '../../ipcRegistry';
import { notifySuccess } from '../../notify';
import { notifyUnlessFieldErrors, queryKeys } from '../../queries';
import { formatTime } from '../validation/format';
import { wizardDraftsKey } from './useDraftAutosave';
import { stepTitle } from './wizardModel';
// This view is loaded lazily, so it brings the styles the first screen does without.
import '../../components/lazyViewStyles';

interface WizardDraftsProps {
  /** null: a new wizard; `sandbox` pre-fills it with the sample platform. */
  onOpen: (draftId: string | null, sandbox?: boolean) => void;
}

/** Where the wizard starts: a new platform, the sandbox, or a draft to resume. */
export function WizardDrafts({ onOpen }: WizardDraftsProps) {
  const qc = useQueryClient();
  const drafts = useQuery({ queryKey: wizardDraftsKey, queryFn: registryIpc.listWizardDrafts });
  const [discarding, setDiscarding] = useState<WizardDraft | null>(null);
  const discard = useMutation({
    mutationFn: (id: string) => registryIpc.discardWizardDraft(id),
    onSuccess: () => {
      notifySuccess('Draft discarded');
      setDiscarding(null);
      return Promise.all([
        qc.invalidateQueries({ queryKey: wizardDraftsKey }),
        qc.invalidateQueries({ queryKey: queryKeys.platforms }),
        qc.invalidateQueries({ queryKey: queryKeys.platformTypes }),
      ]);
    },
    onError: notifyUnlessFieldErrors('Could not discard the draft'),
  });

  return (
    <Card withBorder data-testid="wizard-drafts">
      <Stack>
        <div>
          <Title order={3}>Establish a custom platform</Title>
          <Text size="sm" c="dimmed">
            A step-by-step wizard: platform type, details, connection, custom fields, integration, conventions,
            validation and instances. Your input is saved as a draft as you go.
          </Text>
        </div>
        <Group gap="sm">
          <Button leftSection={<IconPlus size={16} />} onClick={() => onOpen(null)} data-testid="wizard-start">
            Establish a custom platform
          </Button>
          <Button
            variant="light"
            leftSection={<IconFlask size={16} />}
            onClick={() => onOpen(null, true)}
            data-testid="wizard-start-sandbox"
          >
            Try with a sandbox platform
          </Button>
        </Group>
        <Text size="xs" c="dimmed">
          The sandbox is a sample platform Platform Builder runs on this machine (127.0.0.1), so every step can be
          tried without a real system.
        </Text>

        <Title order={4}>Drafts</Title>
        {drafts.isPending && <Loader size="sm" aria-label="Loading drafts" />}
        {drafts.isError && (
          <QueryError title="Could not load the drafts" error={drafts.error} onRetry={() => void drafts.refetch()} />
        )}
        {drafts.data?.length === 0 && (
          <Text size="sm" c="dimmed" data-testid="wizard-drafts-empty">
            No drafts. A wizard you close before finishing is kept here.
          </Text>
        )}
        {drafts.data?.map((draft) => (
          <Paper key={draft.id} withBorder p="sm" data-testid="wizard-draft" data-id={draft.id}>
            <Group justify="space-between" wrap="nowrap">
              <Stack gap={2} style={{ minWidth: 0 }}>
                <Text fw={600} style={WRAP_ANYWHERE} data-testid="wizard-draft-title">
                  {draft.title}
                </Text>
                <Text size="sm" data-testid="wizard-draft-step">
                  {stepTitle(draft.step)}
                </Text>
                <Text size="xs" c="dimmed">
                  Last changed {formatTime(draft.updatedAt)}
                </Text>
              </Stack>
              <Group gap="xs" wrap="nowrap">
                <Button
                  size="xs"
                  leftSection={<IconPlayerPlay size={14} />}
                  onClick={() => onOpen(draft.id)}
                  aria-label={`Resume ${draft.title}`}
                  data-testid="wizard-draft-resume"
                >
                  Resume
                </Button>
                <Button
                  size="xs"
                  variant="subtle"
                  color="red"
                  leftSection={<IconTrash size={14} />}
                  onClick={() => setDiscarding(draft)}
                  aria-label={`Discard ${draft.title}`}
                  data-testid="wizard-draft-discard"
                >
                  Discard
                </Button>
              </Group>
            </Group>
          </Paper>
        ))}
      </Stack>
      <ConfirmDelete
        opened={discarding !== null}
        title="Discard this draft?"
        confirmLabel="Discard draft"
        loading={discard.isPending}
        onClose={() => setDiscarding(null)}
        onConfirm={() => discarding && discard.mutate(discarding.id)}
      >
        <Text size="sm">
          “{discarding?.title}” is deleted, together with the draft platform it created, that platform&apos;s instances
          and their stored secrets (credentials and keys in the OS keyring). A custom type the wizard created is
          deleted too when no other platform uses it. This cannot be undone.
        </Text>
      </ConfirmDelete>
    </Card>
  );
}

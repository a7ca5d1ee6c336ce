import { useState } from 'react';
import { Alert, Button, Group, Loader, Modal, Stack, Text } from '@mantine/core';
import { IconShieldCheck } from '@tabler/icons-react';
import type { ExecFingerprint } from '../../bindings/ExecFingerprint';
import { FailureAlert } from '../../components/FailureAlert';
import { QueryError } from '../../components/QueryError';
import { toIpcFailure } from '../../ipc';
import { ExecProgramDetails } from './ExecProgramDetails';
import { execTrustStatus } from './execTrustModel';
import { useExecTrust, useTrustExec } from './execTrustQueries';

interface TrustExecModalProps {
  /** The platform type whose exec connector is to be trusted. */
  identifier: string;
  opened: boolean;
  onClose: () => void;
}

/** The decision to let this machine run a type's program, after reading what it is. */
export function TrustExecModal({ identifier, opened, onClose }: TrustExecModalProps) {
  return (
    <Modal opened={opened} onClose={onClose} title="Trust this program on this machine?" size="lg" centered>
      {/* Mounted only while open, so each opening shows the program as it is then. */}
      {opened && <TrustReview identifier={identifier} onClose={onClose} />}
    </Modal>
  );
}

function TrustReview({ identifier, onClose }: { identifier: string; onClose: () => void }) {
  const state = useExecTrust(identifier);
  const trust = useTrustExec(identifier);
  // What the administrator reads is what gets trusted: the key sent is the one of
  // this snapshot, not of whatever a background refetch brought in since. If the
  // program changed meanwhile the backend refuses, and the new one is shown.
  const [shown, setShown] = useState<ExecFingerprint | null>(null);
  const current = state.data;
  if (shown === null && current?.fingerprint && !current.trusted) setShown(current.fingerprint);

  const confirm = async () => {
    if (!shown) return;
    try {
      await trust.mutateAsync(shown.key);
      onClose();
    } catch (error) {
      if (toIpcFailure(error).isValidation) {
        const reloaded = await state.refetch();
        setShown(reloaded.data?.fingerprint ?? null);
      }
    }
  };

  let body;
  if (shown) {
    body = (
      <>
        <Text size="sm">
          Connection tests, validation runs and Try it of the platform type <b>{identifier}</b> run this program on
          this machine, with the instance&apos;s endpoint, field values and secrets as its input.
        </Text>
        <ExecProgramDetails fingerprint={shown} />
        <Alert color="yellow" icon={<IconShieldCheck />} data-testid="exec-trust-explanation">
          Trust is local to this machine: it is never exported with the definitions, so every other machine asks
          again. It lapses when the command, the environment or the program file changes; the program then does not
          run until it is trusted again.
        </Alert>
      </>
    );
  } else if (state.isPending) {
    body = <Loader size="sm" aria-label="Loading the program" />;
  } else if (state.isError) {
    body =
      state.error.code === 'not_found' ? (
        <Text size="sm">The platform type {identifier} does not exist (any more).</Text>
      ) : (
        <QueryError title="Could not read the program" error={state.error} onRetry={() => void state.refetch()} />
      );
  } else if (!current) {
    body = (
      <Text size="sm" data-testid="exec-trust-nothing">
        The connector of {identifier} does not run a local program, so there is nothing to trust.
      </Text>
    );
  } else if (current.trusted) {
    body = (
      <Text size="sm" data-testid="exec-trust-already">
        {execTrustStatus(current).label}. Test again to use it.
      </Text>
    );
  } else {
    // No fingerprint: the program cannot be read, so there is nothing to pin trust to.
    body = (
      <Alert color="red" title="The program cannot be read" data-testid="exec-trust-problem">
        {current.problem}
      </Alert>
    );
  }

  return (
    <Stack style={{ minWidth: 0 }} data-testid="exec-trust-modal">
      {trust.error && (
        <FailureAlert title="The program was not trusted" failure={trust.error} data-testid="exec-trust-error" />
      )}
      {body}
      <Group justify="flex-end">
        {/* Focus starts on the harmless answer, so Enter never trusts by accident. */}
        <Button variant="default" onClick={onClose} disabled={trust.isPending} data-autofocus>
          {shown ? 'Cancel' : 'Close'}
        </Button>
        {shown && (
          <Button
            color="orange"
            onClick={() => void confirm()}
            loading={trust.isPending}
            data-testid="exec-trust-confirm"
          >
            Trust this program
          </Button>
        )}
      </Group>
    </Stack>
  );
}

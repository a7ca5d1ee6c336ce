import { useState } from 'react';
import type { Instance } from '../../bindings/Instance';
import { CredentialCell } from '../platforms/CredentialCell';
import { CredentialModal } from '../platforms/CredentialModal';
import { RemoveCredentialDialog } from '../platforms/RemoveCredentialDialog';

interface InstanceCredentialProps {
  /** The platform's type, whose connector says what the credential is. */
  typeId: string;
  instance: Instance;
}

/**
 * A saved instance's credential in the Instances step. Write-only: "Configured"
 * with Replace and Remove, never the value. The secret is typed in the credential
 * dialog, sent once to the OS keyring and dropped.
 */
export function InstanceCredential({ typeId, instance }: InstanceCredentialProps) {
  const [editing, setEditing] = useState<Instance | null>(null);
  const [removing, setRemoving] = useState<Instance | null>(null);

  return (
    <>
      <CredentialCell instance={instance} onSet={setEditing} onRemove={setRemoving} />
      <CredentialModal instance={editing} typeId={typeId} onClose={() => setEditing(null)} />
      <RemoveCredentialDialog instance={removing} onClose={() => setRemoving(null)} />
    </>
  );
}

import { Text } from '@mantine/core';
import type { ConnectionTest } from '../../bindings/ConnectionTest';
import type { IpcFailure } from '../../ipc';
import { ConnectionTestResult } from '../validation/ConnectionTestResult';

const NO_STORED_SECRET_HINT = 'Save the instance and set its credential, then test again.';

interface DraftTestResultProps {
  test: ConnectionTest | undefined;
  /** A failure whose field errors are shown under the inputs is not repeated here. */
  failure: IpcFailure | null;
  /** A new instance has no stored secret for the backend to use. */
  newInstance: boolean;
}

/** The outcome of testing an instance form's unsaved values, shown under the form. */
export function DraftTestResult({ test, failure, newInstance }: DraftTestResultProps) {
  const authFailed = test?.stages.some((s) => s.name === 'auth' && s.status === 'failed') ?? false;
  return (
    <ConnectionTestResult
      test={test}
      failure={failure && !failure.belongsToForm ? failure : null}
      testId="instance-form-test"
      heading={
        <Text size="sm" fw={500}>
          Connection test of the values above (not saved)
        </Text>
      }
    >
      {newInstance && authFailed && (
        <Text size="sm" c="dimmed" data-testid="instance-form-test-hint">
          {NO_STORED_SECRET_HINT}
        </Text>
      )}
    </ConnectionTestResult>
  );
}

import { Text } from '@mantine/core';
import type { ConnectionTest } from '../../bindings/ConnectionTest';
import type { IpcFailure } from '../../ipc';
import { ConnectionTestResult } from '../validation/ConnectionTestResult';

interface DraftTestResultProps {
  /** A test failed for want of a credential already says so in its auth stage (explainMissingCredential). */
  test: ConnectionTest | null | undefined;
  /** A failure whose field errors are shown under the inputs is not repeated here. */
  failure: IpcFailure | null;
}

/** The outcome of testing an instance form's unsaved values, shown under the form. */
export function DraftTestResult({ test, failure }: DraftTestResultProps) {
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
    />
  );
}

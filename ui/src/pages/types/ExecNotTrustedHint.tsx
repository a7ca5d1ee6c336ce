import { useState } from 'react';
import { Button, Group, Text } from '@mantine/core';
import { IconShieldCheck } from '@tabler/icons-react';
import { EXEC_NOT_TRUSTED } from './execTrustModel';
import { usePlatformTypeScope } from './platformTypeScope';
import { TrustExecModal } from './TrustExecModal';

/**
 * Next to a failure whose code says the connector's program is not trusted here:
 * what that means and, where the view knows the platform type, the way to trust
 * it without leaving the result. Renders nothing for any other code.
 */
export function ExecNotTrustedHint({ code }: { code: string | null | undefined }) {
  const identifier = usePlatformTypeScope();
  const [reviewing, setReviewing] = useState(false);
  if (code !== EXEC_NOT_TRUSTED) return null;
  if (!identifier) {
    return (
      <Text size="xs" c="dimmed" data-testid="exec-not-trusted-hint">
        This machine has not trusted the program the connector runs. Trust it in the &lsquo;Runs a local
        program&rsquo; panel on the platform page.
      </Text>
    );
  }
  return (
    <Group gap="xs" wrap="wrap" data-testid="exec-not-trusted-hint">
      <Text size="xs" c="dimmed" style={{ flex: '1 1 240px', minWidth: 0 }}>
        This machine has not trusted the program the connector of {identifier} runs. Review it and trust it, then test
        again.
      </Text>
      <Button
        size="compact-xs"
        variant="light"
        color="orange"
        leftSection={<IconShieldCheck size={12} />}
        onClick={() => setReviewing(true)}
        data-testid="exec-not-trusted-open"
      >
        Review the program…
      </Button>
      <TrustExecModal identifier={identifier} opened={reviewing} onClose={() => setReviewing(false)} />
    </Group>
  );
}

import { Anchor, Button, Group, List, Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconFlask, IconPlus, IconServer, IconWand } from '@tabler/icons-react';

interface PlatformsEmptyProps {
  onNew: () => void;
  /** Opens the Platform types page; the page named in step 1 is then one click away. */
  onOpenTypes?: () => void;
  /** Opens the wizard; with `sandbox`, pre-filled with the sample platform on this machine. */
  onEstablish?: (sandbox?: boolean) => void;
}

/** First run: say what the app is for and walk through the order of work. */
export function PlatformsEmpty({ onNew, onOpenTypes, onEstablish }: PlatformsEmptyProps) {
  return (
    <Paper withBorder p="xl" radius="md" data-testid="platforms-empty">
      <Stack align="flex-start" maw={680}>
        <ThemeIcon size={48} radius="md" variant="light">
          <IconServer size={28} />
        </ThemeIcon>
        <Title order={3}>Register your first platform</Title>
        <Text>
          Platform Builder registers internally built or non-standard platforms (a Kubernetes-based PaaS, a
          message broker, a database service, an identity system, any service with an API) next to the public
          clouds, so that tenants, user access and quotas can be managed the same way everywhere.
        </Text>
        <List type="ordered" spacing="xs">
          <List.Item>
            <b>Pick or define a platform type</b>: choose one from the built-in catalogue or create a custom type on
            the{' '}
            {onOpenTypes ? (
              <Anchor component="button" type="button" inherit onClick={onOpenTypes} data-testid="empty-open-types">
                Platform types page
              </Anchor>
            ) : (
              'Platform types page'
            )}
            .
          </List.Item>
          <List.Item>
            <b>Create a platform</b>: give it a name, description, location, support and documentation links, and
            tags.
          </List.Item>
          <List.Item>
            <b>Register instances with their credentials</b>: one per environment (dev, staging, prod), each with
            its own endpoint; credentials are kept only in the OS keyring.
          </List.Item>
        </List>
        {onEstablish && (
          <Text>
            The wizard walks through all of it, tests the connection and validates the integration; with the
            sandbox you can try every step without a real system.
          </Text>
        )}
        <Group>
          {onEstablish && (
            <>
              <Button leftSection={<IconWand size={16} />} onClick={() => onEstablish()} data-testid="empty-establish">
                Establish a custom platform
              </Button>
              <Button
                variant="light"
                leftSection={<IconFlask size={16} />}
                onClick={() => onEstablish(true)}
                data-testid="empty-sandbox"
              >
                Try with a sandbox platform
              </Button>
            </>
          )}
          <Button
            variant={onEstablish ? 'default' : 'filled'}
            leftSection={<IconPlus size={16} />}
            onClick={onNew}
            data-testid="new-platform-button"
          >
            New platform (quick form)
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

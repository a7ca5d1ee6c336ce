import { ActionIcon, Badge, Code, Group, Table, Text, Tooltip } from '@mantine/core';
import { IconChecklist, IconPencil, IconTrash } from '@tabler/icons-react';
import type { Instance } from '../../bindings/Instance';
import { WRAP_ANYWHERE } from '../../components/LongText';
import { CredentialCell } from './CredentialCell';
import { ConnectorChangedBadge } from '../validation/ConnectorChangedNotice';
import { InstanceStatus } from './InstanceStatus';
import { ManagedByFileBadge, managedButtonProps } from './ManagedByFile';

const ENVIRONMENT_COLORS: Record<string, string> = { prod: 'red', staging: 'yellow', dev: 'green' };

interface InstanceTableProps {
  instances: Instance[];
  onEdit: (instance: Instance) => void;
  onDelete: (instance: Instance) => void;
  onSetCredential: (instance: Instance) => void;
  onRemoveCredential: (instance: Instance) => void;
  onValidate: (instance: Instance) => void;
}

/**
 * Fixed layout with the status, credential and action columns sized for what they
 * hold, so long names and endpoints wrap instead of widening the page. The
 * environment sits under the name rather than in a column of its own: at 1024 px
 * a sixth column left the endpoint too narrow to read.
 */
export function InstanceTable({
  instances,
  onEdit,
  onDelete,
  onSetCredential,
  onRemoveCredential,
  onValidate,
}: InstanceTableProps) {
  return (
    <Table.ScrollContainer minWidth={680} type="native">
      <Table verticalSpacing="sm" layout="fixed" data-testid="instance-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w="24%">Name and environment</Table.Th>
            <Table.Th>Endpoint</Table.Th>
            <Table.Th w={150}>Status</Table.Th>
            <Table.Th w={180}>Credential</Table.Th>
            <Table.Th w={112} aria-label="Actions" />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {instances.map((instance) => {
            const reasonId = `instance-managed-${instance.id}`;
            const locked = managedButtonProps(instance.managedBy, reasonId);
            return (
              <Table.Tr key={instance.id} data-testid="instance-row" data-name={instance.name}>
                <Table.Td>
                  <Text fw={500} size="sm" style={WRAP_ANYWHERE}>
                    {instance.name}
                  </Text>
                  {instance.managedBy && (
                    <ManagedByFileBadge folder={instance.managedBy} reasonId={reasonId} testId="instance-managed-badge" />
                  )}
                  <Badge
                    variant="light"
                    tt="none"
                    mt={4}
                    color={ENVIRONMENT_COLORS[instance.environment] ?? 'gray'}
                    title={instance.environment}
                    maw="100%"
                    data-testid="instance-environment-badge"
                  >
                    {instance.environment}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  {/* Wrapped, not cut: the endpoint is what tells two instances apart. */}
                  <Code
                    data-testid="instance-endpoint-value"
                    style={{ ...WRAP_ANYWHERE, display: 'block', whiteSpace: 'normal' }}
                  >
                    {instance.endpoint}
                  </Code>
                </Table.Td>
                <Table.Td>
                  <InstanceStatus lastTest={instance.lastTest} />
                  <ConnectorChangedBadge instance={instance} />
                </Table.Td>
                <Table.Td>
                  <CredentialCell instance={instance} onSet={onSetCredential} onRemove={onRemoveCredential} />
                </Table.Td>
                <Table.Td>
                  <Group gap={4} justify="flex-end" wrap="nowrap">
                    <Tooltip label="Validate and history">
                      <ActionIcon
                        variant="subtle"
                        aria-label={`Validate instance ${instance.name}`}
                        onClick={() => onValidate(instance)}
                        data-testid="instance-validate"
                      >
                        <IconChecklist size={16} />
                      </ActionIcon>
                    </Tooltip>
                    <Tooltip label="Edit instance">
                      <ActionIcon
                        variant="subtle"
                        aria-label={`Edit instance ${instance.name}`}
                        onClick={() => onEdit(instance)}
                        data-testid="instance-edit"
                        {...locked}
                      >
                        <IconPencil size={16} />
                      </ActionIcon>
                    </Tooltip>
                    <Tooltip label="Delete instance">
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={`Delete instance ${instance.name}`}
                        onClick={() => onDelete(instance)}
                        data-testid="instance-delete"
                        {...locked}
                      >
                        <IconTrash size={16} />
                      </ActionIcon>
                    </Tooltip>
                  </Group>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

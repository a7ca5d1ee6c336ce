import type { AppStatus } from '../bindings/AppStatus';
import type { Instance } from '../bindings/Instance';
import type { InstanceTls } from '../bindings/InstanceTls';
import type { Platform } from '../bindings/Platform';
import type { PlatformType } from '../bindings/PlatformType';

const T0 = '2025-01-01T00:00:00Z';

/** What the backend returns for a type without custom fields. */
export const EMPTY_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  additionalProperties: false,
  properties: {},
  required: [],
  'x-pb-order': [],
};

function builtin(identifier: string, displayName: string, icon: string, defaultEndpoint: string | null = null) {
  return {
    identifier,
    displayName,
    description: `${displayName} (built-in)`,
    icon,
    defaultEndpoint,
    builtin: true,
    customFields: [],
    configSchema: EMPTY_SCHEMA,
    createdAt: T0,
    updatedAt: T0,
  } satisfies PlatformType;
}

/** The nine built-ins the backend ships, in its order. */
export const BUILTIN_TYPES: PlatformType[] = [
  builtin('AWS', 'Amazon Web Services', 'aws', 'https://organizations.us-east-1.amazonaws.com'),
  builtin('AZURE', 'Microsoft Azure', 'azure', 'https://management.azure.com'),
  builtin('GCP', 'Google Cloud', 'gcp', 'https://cloudresourcemanager.googleapis.com'),
  builtin('KUBERNETES', 'Kubernetes', 'kubernetes'),
  builtin('OPENSHIFT', 'OpenShift', 'openshift'),
  builtin('CLOUD-FOUNDRY', 'Cloud Foundry', 'cloudfoundry'),
  builtin('OPENSTACK', 'OpenStack', 'openstack'),
  builtin('SCIM2', 'SCIM 2.0 service', 'scim'),
  builtin('GENERIC-REST', 'Generic REST', 'api'),
];

export function customType(overrides: Partial<PlatformType> = {}): PlatformType {
  return {
    identifier: 'KAFKA',
    displayName: 'Kafka as a service',
    description: 'Managed Kafka clusters run by the messaging team.',
    icon: 'message',
    defaultEndpoint: 'https://kafka-admin.example.com',
    builtin: false,
    customFields: [],
    configSchema: EMPTY_SCHEMA,
    createdAt: T0,
    updatedAt: T0,
    ...overrides,
  };
}

export function platform(overrides: Partial<Platform> = {}): Platform {
  return {
    id: 'p-1',
    identifier: 'event-streaming',
    name: 'Event streaming',
    description: 'Kafka for application teams',
    typeId: 'KAFKA',
    location: 'eu-central',
    locationName: 'EU Central',
    availability: { restriction: 'private', publication: 'draft' },
    supportUrl: 'mailto:streaming@example.com',
    docsUrl: 'https://docs.example.com/streaming',
    tags: [{ key: 'cost-center', value: '42' }],
    instanceCount: 0,
    accessInfo: '',
    status: 'active',
    createdAt: T0,
    updatedAt: T0,
    ...overrides,
  };
}

export function instance(overrides: Partial<Instance> = {}): Instance {
  return {
    id: 'i-1',
    platformId: 'p-1',
    name: 'prod-eu',
    environment: 'prod',
    endpoint: 'https://kafka-prod.example.com',
    credential: { configured: false, version: 0, updatedAt: null, problem: null },
    tls: noTls(),
    fieldValues: {},
    secretFields: [],
    secretProblems: {},
    lastTest: null,    validation: null,    connectorVersion: null,
    createdAt: T0,
    updatedAt: T0,
    ...overrides,
  };
}

/** TLS settings of an instance that has none: system CAs, no client certificate. */
export function noTls(): InstanceTls {
  return {
    caBundlePem: null,
    clientCertificatePem: null,
    insecureSkipVerify: false,
    clientKeyConfigured: false,
    clientKeyUpdatedAt: null,
  };
}

export function appStatus(overrides: Partial<AppStatus> = {}): AppStatus {
  return {
    appVersion: '0.1.0',
    dataDir: '/home/admin/.local/share/platform-builder',
    databasePath: '/home/admin/.local/share/platform-builder/registry.sqlite3',
    logDir: '/home/admin/.local/state/platform-builder/logs',
    schemaVersion: 1,
    supportedSchemaVersion: 1,
    lastBackup: null,
    startupError: null,
    keyring: {
      available: true,
      backend: 'Secret Service (D-Bus)',
      message: 'A probe secret was written, read back and deleted.',
      remediation: null,
    },
    ...overrides,
  };
}

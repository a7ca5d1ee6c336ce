import type { ComponentType } from 'react';
import {
  IconApi,
  IconBox,
  IconBrandAws,
  IconBrandAzure,
  IconBrandGoogle,
  IconBrandRedhat,
  IconCloud,
  IconCloudComputing,
  IconDatabase,
  IconFingerprint,
  IconMessages,
  IconNetwork,
  IconPuzzle,
  IconServer,
  IconStack2,
  IconSteeringWheel,
  IconUsersGroup,
  type IconProps,
} from '@tabler/icons-react';

/** Mirrors the backend's list of icons a platform type may use. */
export const TYPE_ICONS = [
  'aws',
  'azure',
  'gcp',
  'kubernetes',
  'openshift',
  'cloudfoundry',
  'openstack',
  'scim',
  'api',
  'cloud',
  'server',
  'database',
  'message',
  'identity',
  'box',
  'network',
] as const;

export type TypeIconName = (typeof TYPE_ICONS)[number];

// Tabler has no Kubernetes, OpenStack or Cloud Foundry logo; these are the closest
// neutral pictures (the helm wheel is Kubernetes' own symbol).
const ICONS: Record<TypeIconName, ComponentType<IconProps>> = {
  aws: IconBrandAws,
  azure: IconBrandAzure,
  gcp: IconBrandGoogle,
  kubernetes: IconSteeringWheel,
  openshift: IconBrandRedhat,
  cloudfoundry: IconCloudComputing,
  openstack: IconStack2,
  scim: IconUsersGroup,
  api: IconApi,
  cloud: IconCloud,
  server: IconServer,
  database: IconDatabase,
  message: IconMessages,
  identity: IconFingerprint,
  box: IconBox,
  network: IconNetwork,
};

export const ICON_LABELS: Record<TypeIconName, string> = {
  aws: 'AWS',
  azure: 'Azure',
  gcp: 'Google Cloud',
  kubernetes: 'Kubernetes',
  openshift: 'OpenShift',
  cloudfoundry: 'Cloud Foundry',
  openstack: 'OpenStack',
  scim: 'SCIM (users and groups)',
  api: 'API',
  cloud: 'Cloud',
  server: 'Server',
  database: 'Database',
  message: 'Messaging',
  identity: 'Identity',
  box: 'Box',
  network: 'Network',
};

function isTypeIconName(name: string): name is TypeIconName {
  return Object.prototype.hasOwnProperty.call(ICONS, name);
}

/** A type's icon; unknown names (e.g. from a newer backend) get a generic picture. */
export function TypeIcon({ name, size = 20, stroke = 1.5 }: { name: string; size?: number; stroke?: number }) {
  const Icon = isTypeIconName(name) ? ICONS[name] : IconPuzzle;
  return <Icon size={size} stroke={stroke} aria-hidden data-icon={name} />;
}

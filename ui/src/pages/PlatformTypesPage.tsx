import { Title } from '@mantine/core';

export function PlatformTypesPage() {
  return <Title order={2}>Platform types</Title>;
}

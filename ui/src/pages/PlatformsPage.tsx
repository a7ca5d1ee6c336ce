import { Title } from '@mantine/core';

export function PlatformsPage() {
  return <Title order={2}>Platforms</Title>;
}

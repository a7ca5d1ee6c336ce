import type { ReactNode } from 'react';
import { Badge, Group, Radio, ScrollArea, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';
import type { ConnectorPreset } from '../../bindings/ConnectorPreset';
import { WRAP_ANYWHERE } from '../../components/LongText';
import { presetNotes, presetProof, presetSummary } from './presetModel';

/** The choice of an almost empty connector, beside the presets. */
export const SCRATCH = 'scratch';

function ChoiceCard({ value, title, description, extra }: { value: string; title: string; description: string; extra?: ReactNode }) {
  const descriptionId = `preset-${value}-description`;
  return (
    <Radio.Card value={value} radius="md" p="md" aria-label={title} aria-describedby={descriptionId} data-testid={`preset-${value}`}>
      <Group wrap="nowrap" align="flex-start">
        <Radio.Indicator />
        <Stack gap={4} miw={0}>
          <Text fw={600}>{title}</Text>
          <Text size="sm" c="dimmed" id={descriptionId}>
            {description}
          </Text>
          {extra}
        </Stack>
      </Group>
    </Radio.Card>
  );
}

/** What it was checked against, in its own notes' words. */
function Proof({ preset }: { preset: ConnectorPreset }) {
  const proof = presetProof(preset.definition);
  return proof ? (
    <Group gap={4} wrap="nowrap" align="flex-start" data-testid={`preset-${preset.id}-proof`}>
      <IconCircleCheck size={14} color="var(--mantine-color-teal-6)" style={{ flex: 'none', marginTop: 3 }} aria-hidden />
      <Text size="xs">{proof}</Text>
    </Group>
  ) : (
    <Text size="xs" c="dimmed" data-testid={`preset-${preset.id}-proof`}>
      Its notes name no platform it was checked against.
    </Text>
  );
}

/**
 * The shipped presets (what each is for, what it covers and what it was checked
 * against) and "start from scratch", as radio cards: place inside a Radio.Group.
 */
export function PresetCards({ presets }: { presets: ConnectorPreset[] }) {
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} mt="xs">
      {presets.map((preset) => {
        const summary = presetSummary(preset);
        return (
          <ChoiceCard
            key={preset.id}
            value={preset.id}
            title={preset.name}
            description={preset.description}
            extra={
              <>
                {summary && (
                  <Group gap={4}>
                    {summary.operations !== null && (
                      <Badge size="xs" variant="light">
                        {summary.operations} of 10 operations
                      </Badge>
                    )}
                    <Badge size="xs" variant="light" color="gray">
                      {summary.auth}
                    </Badge>
                  </Group>
                )}
                <Proof preset={preset} />
              </>
            }
          />
        );
      })}
      <ChoiceCard
        value={SCRATCH}
        title="Start from scratch"
        description="An HTTP connector with only the required check operation (GET /); add the rest yourself or import them from an OpenAPI document."
      />
    </SimpleGrid>
  );
}

/** The chosen preset's notes, as its file starts: what it maps and what it needs. */
export function PresetNotes({ preset }: { preset: ConnectorPreset }) {
  const notes = presetNotes(preset.definition);
  if (notes === '') return null;
  return (
    <Stack gap={4} data-testid="preset-notes">
      <Title order={4} size="h6">
        About {preset.name}
      </Title>
      <ScrollArea.Autosize mah={200} type="auto" offsetScrollbars>
        <Text size="xs" ff="monospace" style={{ whiteSpace: 'pre-wrap', ...WRAP_ANYWHERE }}>
          {notes}
        </Text>
      </ScrollArea.Autosize>
    </Stack>
  );
}

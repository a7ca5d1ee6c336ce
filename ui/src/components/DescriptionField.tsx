import { Text, Textarea, type TextareaProps } from '@mantine/core';
import { DESCRIPTION_MAX } from '../validation';

type DescriptionFieldProps = Omit<TextareaProps, 'description' | 'value'> & {
  value: string;
  'data-testid': string;
  max?: number;
};

/**
 * A description may be long (up to 2000 characters), so the textarea stops
 * growing at a few rows and scrolls instead of pushing the dialog's buttons off
 * screen; the counter shows how close the text is to the limit.
 */
export function DescriptionField({ max = DESCRIPTION_MAX, value, ...props }: DescriptionFieldProps) {
  // Counted like the backend: Unicode characters of the trimmed text.
  const length = [...value.trim()].length;
  const over = length > max;
  return (
    <Textarea
      autosize
      minRows={2}
      maxRows={8}
      value={value}
      inputWrapperOrder={['label', 'input', 'description', 'error']}
      description={
        <Text
          component="span"
          display="block"
          ta="right"
          size="xs"
          c={over ? 'red' : 'dimmed'}
          data-testid={`${props['data-testid']}-counter`}
        >
          {length} / {max}
        </Text>
      }
      {...props}
    />
  );
}

import type { ReactNode } from 'react';
import { Alert, List } from '@mantine/core';
import type { FormErrors, GetInputPropsReturnType } from '@mantine/form';
import { toFormErrors, toIpcFailure } from '../ipc';

/** One field's error, findable by `{input test id}-error`. */
export function FieldError({ testId, children }: { testId: string; children: ReactNode }) {
  return <span data-testid={`${testId}-error`}>{children}</span>;
}

/**
 * Adds the test id and wraps the form's error for one input, so client-side and
 * server-side field errors render the same way.
 */
export function withFieldError(props: GetInputPropsReturnType, testId: string) {
  const { error, ...rest } = props;
  return {
    ...rest,
    'data-testid': testId,
    error: error ? <FieldError testId={testId}>{error}</FieldError> : undefined,
  };
}

/**
 * The server may report a field this form has no input for; showing it here keeps
 * the cause visible instead of leaving a form that silently refuses to save.
 */
export function OtherFieldErrors({ errors, shown }: { errors: FormErrors; shown: (field: string) => boolean }) {
  const other = Object.entries(errors).filter(([field, message]) => message && !shown(field));
  if (other.length === 0) return null;
  return (
    <Alert color="red" title="Please check these values" data-testid="other-field-errors">
      <List size="sm">
        {other.map(([field, message]) => (
          <List.Item key={field}>
            {field}: {message}
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}

/** Puts a failed save's field errors on the form; other failures were already notified. */
export function applyFieldErrors(form: { setErrors: (errors: FormErrors) => void }, error: unknown) {
  const failure = toIpcFailure(error);
  if (failure.belongsToForm) form.setErrors(toFormErrors(failure.fields));
}

import type { ComponentChildren } from 'preact';
import type { ApiError } from '../api/problem';

interface FieldProps {
  id: string;
  label: string;
  /** The API field this input sends (`price.amount`), to show its error beside it. */
  name: string;
  error?: ApiError | null;
  hint?: string;
  children: (props: { id: string; name: string; 'aria-invalid'?: 'true'; 'aria-describedby'?: string }) => ComponentChildren;
}

/** A labelled input with its hint and its field error, in the current language. */
export function Field({ id, label, name, error, hint, children }: FieldProps) {
  const message = error?.fieldMessage(name);
  const describedBy = [hint ? `${id}-hint` : '', message ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {children({ id, name, 'aria-invalid': message ? 'true' : undefined, 'aria-describedby': describedBy })}
      {message && (
        <p class="field-error" id={`${id}-error`}>
          {message}
        </p>
      )}
    </div>
  );
}

/** The error of a whole form (not tied to one field), announced to screen readers. */
export function FormError({ error }: { error?: ApiError | null }) {
  if (!error) return null;
  return (
    <p class="form-error" role="alert">
      {error.summary}
    </p>
  );
}

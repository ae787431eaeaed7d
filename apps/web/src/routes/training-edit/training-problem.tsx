import type { ApiError } from '../../api/problem';
import { t, type MessageKey } from '../../i18n/i18n';

const WORDED = [
  'already-cancelled',
  'already-invited',
  'meeting-point-in-use',
  'no-open-sessions',
  'not-a-group',
  'session-in-past',
  'session-started',
  'sessions-overlap',
  'training-cancelled',
];

/** A problem of these screens in the person's words: the training rules named, others as usual. */
export function TrainingProblem({ error }: { error?: ApiError | null }) {
  if (!error) return null;
  const text = WORDED.includes(error.slug) ? t(`supplierTraining.problem.${error.slug}` as MessageKey) : error.summary;
  return (
    <p class="form-error" role="alert">
      {text}
    </p>
  );
}

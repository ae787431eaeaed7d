import type { ApiError } from '../api/problem';
import { t } from '../i18n/i18n';

/** What a screen shows while its data loads, or when it could not. */
export function LoadState({ loading, error }: { loading: boolean; error: ApiError | null }) {
  if (error) {
    return (
      <p class="form-error" role="alert">
        {error.summary}
      </p>
    );
  }
  if (loading) {
    return (
      <p class="muted" role="status">
        {t('common.loading')}
      </p>
    );
  }
  return null;
}

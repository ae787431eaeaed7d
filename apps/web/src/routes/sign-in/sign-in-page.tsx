import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { ApiError } from '../../api/problem';
import { Field, FormError } from '../../components/field';
import { t } from '../../i18n/i18n';
import { signIn } from '../../session/session';

export function SignInPage() {
  const { route, query } = useLocation();
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    setBusy(true);
    setError(null);
    try {
      await signIn(String(form.get('login')), String(form.get('password')));
      route(query.next ?? '/my');
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'offline', ''));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="narrow">
      <h1>{t('signIn.title')}</h1>
      <form onSubmit={onSubmit} noValidate>
        <FormError error={error} />
        <Field id="sign-in-login" name="login" label={t('signIn.phone')} hint={t('signIn.phoneHint')} error={error}>
          {(props) => <input {...props} type="tel" inputMode="tel" autoComplete="username" required />}
        </Field>
        <Field id="sign-in-password" name="password" label={t('signIn.password')} error={error}>
          {(props) => <input {...props} type="password" autoComplete="current-password" required />}
        </Field>
        <button type="submit" disabled={busy}>
          {t('signIn.submit')}
        </button>
      </form>
      <p>
        <a href="/forgot-password">{t('signIn.forgot')}</a>
      </p>
      <p>
        <a href="/sign-up">{t('signIn.noAccount')}</a>
      </p>
    </section>
  );
}

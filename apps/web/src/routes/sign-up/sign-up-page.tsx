import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { ApiError } from '../../api/problem';
import { Field, FormError } from '../../components/field';
import { t } from '../../i18n/i18n';
import { signUp } from '../../session/session';

export function SignUpPage() {
  const { route, query } = useLocation();
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    setBusy(true);
    setError(null);
    try {
      // The phone number goes as typed (`012 345 678`): the API normalises it.
      await signUp({ name: String(form.get('name')), phone: String(form.get('phone')), password: String(form.get('password')) });
      // A new account acts for no organization yet: that comes next.
      route(query.next ?? '/organizations/new');
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'offline', ''));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="narrow">
      <h1>{t('signUp.title')}</h1>
      <p class="lead">{t('signUp.lead')}</p>
      <form onSubmit={onSubmit} noValidate>
        <FormError error={error} />
        <Field id="sign-up-name" name="name" label={t('signUp.name')} error={error}>
          {(props) => <input {...props} autoComplete="name" required maxLength={120} />}
        </Field>
        <Field id="sign-up-phone" name="phone" label={t('signUp.phone')} hint={t('signUp.phoneHint')} error={error}>
          {(props) => <input {...props} type="tel" inputMode="tel" autoComplete="tel" required />}
        </Field>
        <Field id="sign-up-password" name="password" label={t('signUp.password')} hint={t('signUp.passwordHint')} error={error}>
          {(props) => <input {...props} type="password" autoComplete="new-password" required minLength={8} />}
        </Field>
        <button type="submit" disabled={busy}>
          {t('signUp.submit')}
        </button>
      </form>
      <p>
        <a href="/sign-in">{t('signUp.haveAccount')}</a>
      </p>
    </section>
  );
}

import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { api, ok } from '../../api/client';
import { ApiError } from '../../api/problem';
import { Field, FormError } from '../../components/field';
import { t } from '../../i18n/i18n';
import { signIn } from '../../session/session';

/** What the person typed, as the API's request body: an email when it has an @, else a phone number (as sign-in reads it). */
function destination(login: string): { phone: string } | { email: string } {
  const trimmed = login.trim();
  return trimmed.includes('@') ? { email: trimmed } : { phone: trimmed };
}

const asApiError = (e: unknown) => (e instanceof ApiError ? e : new ApiError(0, 'offline', ''));

/**
 * A forgotten password: first the phone number or email, which gets a 6-digit code (by SMS
 * to a confirmed phone, or by email); then the code and a new password, which signs them in.
 * The API answers the first step alike whether or not an account exists, and so does this screen.
 */
export function ForgotPasswordPage() {
  const { route } = useLocation();
  const [login, setLogin] = useState<string | null>(null);
  const [minutes, setMinutes] = useState(10);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const ask = async (event: Event) => {
    event.preventDefault();
    const value = String(new FormData(event.currentTarget as HTMLFormElement).get('login') ?? '');
    setBusy(true);
    setError(null);
    try {
      const answer = await ok(api.POST('/api/v1/auth/password-reset', { body: destination(value) }));
      setMinutes(answer.expiresInMinutes);
      setLogin(value.trim());
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  };

  const confirm = async (event: Event) => {
    event.preventDefault();
    if (login === null) return;
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const newPassword = String(form.get('newPassword') ?? '');
    setBusy(true);
    setError(null);
    try {
      await ok(api.POST('/api/v1/auth/password-reset/confirm', { body: { ...destination(login), code: String(form.get('code') ?? ''), newPassword } }));
      // Every session ended with the reset, this one included: a new one with the new password.
      await signIn(login, newPassword);
      route('/my');
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  };

  if (login === null) {
    return (
      <section class="narrow">
        <h1>{t('forgotPassword.title')}</h1>
        <p>{t('forgotPassword.lead')}</p>
        <form onSubmit={ask} noValidate>
          <FormError error={error} />
          {/* The API names the phone or the email field; either is this one input. */}
          <Field id="forgot-login" name={error?.fieldMessage('email') ? 'email' : 'phone'} label={t('forgotPassword.login')} hint={t('forgotPassword.loginHint')} error={error}>
            {(props) => <input {...props} name="login" type="text" inputMode="email" autoComplete="username" required />}
          </Field>
          <button type="submit" disabled={busy}>
            {t('forgotPassword.send')}
          </button>
        </form>
        <p>
          <a href="/sign-in">{t('forgotPassword.backToSignIn')}</a>
        </p>
      </section>
    );
  }

  return (
    <section class="narrow">
      <h1>{t('forgotPassword.codeTitle')}</h1>
      <p role="status">{t('forgotPassword.sent', { login, minutes })}</p>
      <p class="hint">{t('forgotPassword.smsOnlyVerified')}</p>
      <form onSubmit={confirm} noValidate>
        <FormError error={error} />
        <Field id="forgot-code" name="code" label={t('forgotPassword.code')} error={error}>
          {(props) => <input {...props} type="text" inputMode="numeric" autoComplete="one-time-code" maxLength={12} required />}
        </Field>
        <Field id="forgot-new-password" name="newPassword" label={t('forgotPassword.newPassword')} hint={t('forgotPassword.newPasswordHint')} error={error}>
          {(props) => <input {...props} type="password" autoComplete="new-password" required />}
        </Field>
        <button type="submit" disabled={busy}>
          {t('forgotPassword.submit')}
        </button>
      </form>
      <p>
        <button type="button" class="secondary" onClick={() => (setLogin(null), setError(null))}>
          {t('forgotPassword.again')}
        </button>
      </p>
    </section>
  );
}

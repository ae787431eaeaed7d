import { useLocation } from 'preact-iso';
import { LANGUAGE_PARAM, t, locale } from '../i18n/i18n';
import { signedIn, switchLocale } from '../session/session';
import { Bell } from './bell';
import { MessagesLink } from './messages-link';

export function Header() {
  const other = locale.value === 'km' ? 'en' : 'km';
  const { path, query } = useLocation();
  return (
    <header class="header">
      <a class="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <a class="brand" href="/">
        {t('app.name')}
      </a>
      <nav class="nav" aria-label={t('nav.label')}>
        <a href="/listings">{t('nav.search')}</a>
        <a href="/prices">{t('nav.prices')}</a>
        <a href="/trainings">{t('training.nav')}</a>
        <a href="/fairs">{t('fair.nav')}</a>
        {signedIn.value ? <a href="/my">{t('nav.mine')}</a> : <a href="/sign-in">{t('nav.signIn')}</a>}
      </nav>
      {signedIn.value && <MessagesLink />}
      {signedIn.value && <Bell />}
      {/* A form, so the switch works on a server-drawn page before its script has arrived (a
          slow link): the server draws the same page in the other language and keeps the choice. */}
      <form
        class="lang-form"
        method="get"
        action={path}
        onSubmit={(event) => {
          event.preventDefault();
          void switchLocale(other);
        }}
      >
        {Object.entries(query)
          .filter(([name]) => name !== LANGUAGE_PARAM)
          .map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
        <button type="submit" class="lang" lang={other} name={LANGUAGE_PARAM} value={other}>
          {t('nav.otherLanguage')}
        </button>
      </form>
    </header>
  );
}

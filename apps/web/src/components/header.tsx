import { t, locale } from '../i18n/i18n';
import { signedIn, switchLocale } from '../session/session';
import { Bell } from './bell';
import { MessagesLink } from './messages-link';

export function Header() {
  const other = locale.value === 'km' ? 'en' : 'km';
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
        {signedIn.value ? <a href="/my">{t('nav.mine')}</a> : <a href="/sign-in">{t('nav.signIn')}</a>}
      </nav>
      {signedIn.value && <MessagesLink />}
      {signedIn.value && <Bell />}
      <button type="button" class="lang" lang={other} onClick={() => void switchLocale(other)}>
        {t('nav.otherLanguage')}
      </button>
    </header>
  );
}

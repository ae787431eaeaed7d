import { useLocation } from 'preact-iso';
import { t } from '../../i18n/i18n';

export function HomePage() {
  const { route } = useLocation();
  const onSubmit = (event: Event) => {
    event.preventDefault();
    const q = new FormData(event.currentTarget as HTMLFormElement).get('q');
    route(`/listings?q=${encodeURIComponent(String(q ?? ''))}`);
  };
  return (
    <section class="home">
      <h1>{t('home.title')}</h1>
      <p class="lead">{t('home.lead')}</p>
      <form role="search" class="search-box" onSubmit={onSubmit}>
        <label for="home-q">{t('home.searchLabel')}</label>
        <div class="row">
          <input id="home-q" name="q" type="search" enterKeyHint="search" />
          <button type="submit">{t('home.searchButton')}</button>
        </div>
      </form>
      <ul class="tiles">
        <li>
          <a href="/listings">{t('home.findProducts')}</a>
        </li>
        <li>
          <a href="/prices">{t('home.marketPrices')}</a>
        </li>
        <li>
          <a href="/organizations">{t('home.directory')}</a>
        </li>
        <li>
          <a href="/my">{t('home.sellOrBuy')}</a>
        </li>
      </ul>
    </section>
  );
}

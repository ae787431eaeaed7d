import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { api, ok } from '../../api/client';
import { GradeSelect, ProductSelect, ProvinceSelect } from '../../components/catalog-pickers';
import { ListingCard } from '../../components/listing-card';
import { LoadState } from '../../components/status';
import { useCatalog } from '../../components/use-catalog';
import { usePaged } from '../../components/use-paged';
import { useNearMe } from '../../components/use-my-location';
import { formatNumber } from '../../i18n/format';
import { t } from '../../i18n/i18n';
import { apiQuery, filtersFromQuery, RADII_KM, searchUrl, type SearchFilters } from './search-filters';
import './search.css';

/** Search listings; the filters live in the URL, so a search can be shared and Back works. */
export function SearchPage() {
  useCatalog();
  const { query, route } = useLocation();
  const filters = filtersFromQuery(query);
  const key = searchUrl(filters);
  const results = usePaged(
    (cursor) => ok(api.GET('/api/v1/listings', { params: { query: { ...apiQuery(filters), limit: 20, cursor } } })),
    [key],
    `search:${key}`,
  );
  return (
    <section class="search">
      <h1>{t('search.title')}</h1>
      {/* Remounted when the URL changes (Back), so the form shows the filters in force. */}
      <SearchForm key={key} initial={filters} onSearch={(next) => route(searchUrl(next))} />
      <h2 class="visually-hidden" id="results-heading">
        {t('search.results')}
      </h2>
      <LoadState loading={results.loading && results.items.length === 0} error={results.error} />
      {!results.loading && !results.error && results.items.length === 0 && <p role="status">{t('search.none')}</p>}
      <ul class="cards" aria-labelledby="results-heading">
        {results.items.map((listing, index) => (
          <ListingCard key={listing.id} listing={listing} eager={index === 0} />
        ))}
      </ul>
      {results.hasMore && (
        <button type="button" class="secondary more" onClick={results.more}>
          {t('search.more')}
        </button>
      )}
    </section>
  );
}

function SearchForm({ initial, onSearch }: { initial: SearchFilters; onSearch: (filters: SearchFilters) => void }) {
  const [filters, setFilters] = useState(initial);
  const set = (change: Partial<SearchFilters>) => setFilters((f) => ({ ...f, ...change }));
  const nearMe = useNearMe();
  const searchNearMe = () => nearMe.locate((near) => onSearch({ ...filters, near, radiusKm: filters.radiusKm || '50', sort: 'distance' }));

  return (
    <form
      role="search"
      class="search-form"
      onSubmit={(event) => {
        event.preventDefault();
        onSearch(filters);
      }}
    >
      <div class="field">
        <label for="search-q">{t('search.text')}</label>
        <div class="row">
          <input id="search-q" name="q" type="search" enterKeyHint="search" value={filters.q} onInput={(e) => set({ q: (e.currentTarget as HTMLInputElement).value })} />
          <button type="submit">{t('search.submit')}</button>
        </div>
      </div>
      <div class="filter-grid">
        <div class="field">
          <label for="search-product">{t('search.product')}</label>
          <ProductSelect id="search-product" name="product" allowAny value={filters.product} onChange={(product) => set({ product, grade: '' })} />
        </div>
        <div class="field">
          <label for="search-grade">{t('search.grade')}</label>
          <GradeSelect id="search-grade" name="grade" allowAny productCode={filters.product} value={filters.grade} onChange={(grade) => set({ grade })} />
        </div>
        <div class="field">
          <label for="search-province">{t('search.province')}</label>
          <ProvinceSelect id="search-province" name="province" allowAny value={filters.province} onChange={(province) => set({ province })} />
        </div>
        <fieldset class="price-range">
          <legend>{t('search.priceRange')}</legend>
          <div class="row">
            <label class="visually-hidden" for="search-min-price">
              {t('search.minPrice')}
            </label>
            <input
              id="search-min-price"
              name="minPrice"
              inputMode="decimal"
              placeholder={t('search.from')}
              value={filters.minPrice}
              onInput={(e) => set({ minPrice: (e.currentTarget as HTMLInputElement).value.trim() })}
            />
            <label class="visually-hidden" for="search-max-price">
              {t('search.maxPrice')}
            </label>
            <input
              id="search-max-price"
              name="maxPrice"
              inputMode="decimal"
              placeholder={t('search.to')}
              value={filters.maxPrice}
              onInput={(e) => set({ maxPrice: (e.currentTarget as HTMLInputElement).value.trim() })}
            />
            <select aria-label={t('common.currency')} name="currency" value={filters.currency} onChange={(e) => set({ currency: (e.currentTarget as HTMLSelectElement).value as 'KHR' | 'USD' })}>
              <option value="KHR">៛</option>
              <option value="USD">$</option>
            </select>
          </div>
        </fieldset>
        <div class="field">
          <label for="search-sort">{t('search.sort')}</label>
          <select
            id="search-sort"
            name="sort"
            value={filters.sort}
            onChange={(e) => onSearch({ ...filters, sort: (e.currentTarget as HTMLSelectElement).value as SearchFilters['sort'] })}
          >
            <option value="">{t('search.sortDefault')}</option>
            {filters.q && <option value="relevance">{t('search.sortRelevance')}</option>}
            <option value="price">{t('search.sortPrice')}</option>
            {filters.near && <option value="distance">{t('search.sortDistance')}</option>}
            <option value="newest">{t('search.sortNewest')}</option>
          </select>
        </div>
        {filters.near && (
          <div class="field">
            <label for="search-radius">{t('search.radius')}</label>
            <select id="search-radius" name="radiusKm" value={filters.radiusKm} onChange={(e) => onSearch({ ...filters, radiusKm: (e.currentTarget as HTMLSelectElement).value })}>
              <option value="">{t('search.anyDistance')}</option>
              {RADII_KM.map((km) => (
                <option key={km} value={km}>
                  {t('search.withinKm', { km: formatNumber(km) })}
                </option>
              ))}
            </select>
          </div>
        )}
      </div>
      <div class="row near">
        {filters.near ? (
          <button type="button" class="secondary" onClick={() => onSearch({ ...filters, near: '', radiusKm: '', sort: filters.sort === 'distance' ? '' : filters.sort })}>
            {t('search.nearOff')}
          </button>
        ) : (
          <button type="button" class="secondary" onClick={searchNearMe} disabled={nearMe.locating}>
            {nearMe.locating ? t('search.locating') : t('search.nearMe')}
          </button>
        )}
      </div>
      {nearMe.failed && (
        <p class="form-error" role="alert">
          {t('search.locationError')}
        </p>
      )}
    </form>
  );
}

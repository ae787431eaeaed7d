import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { provinceByCode } from '../../api/catalog';
import { api, ok } from '../../api/client';
import type { Schemas } from '../../api/types';
import { ProvinceSelect } from '../../components/catalog-pickers';
import { LoadState } from '../../components/status';
import { useCatalog } from '../../components/use-catalog';
import { usePaged } from '../../components/use-paged';
import { useNearMe } from '../../components/use-my-location';
import { formatDateTime, formatNumber } from '../../i18n/format';
import { nameOf, t } from '../../i18n/i18n';
import { signedIn } from '../../session/session';
import { TRAINING_RADII_KM, trainingFiltersFromQuery, trainingsApiQuery, trainingsUrl, type TrainingFilters } from './training-filters';
import { SeatsLeft, SupplierName } from './training-parts';
import { ValueChainSelect } from './value-chain-select';
import './trainings.css';

type TrainingSummary = Schemas['TrainingSummaryDto'];

/** Find trainings with a stop coming up; the filters live in the URL, so a search can be shared and Back works. */
export function TrainingsPage() {
  useCatalog();
  const { query, route } = useLocation();
  const filters = trainingFiltersFromQuery(query);
  const key = trainingsUrl(filters);
  const results = usePaged(
    (cursor) => ok(api.GET('/api/v1/trainings', { params: { query: { ...trainingsApiQuery(filters), limit: 20, cursor } } })),
    [key],
    `trainings:${key}`,
  );
  return (
    <section class="trainings">
      <h1>{t('training.searchTitle')}</h1>
      <p>
        <a href="/events">{t('event.findEvents')}</a>
      </p>
      {signedIn.value && (
        <p>
          <a href="/my/registrations">{t('training.myRegistrationsLink')}</a>
        </p>
      )}
      {/* Remounted when the URL changes (Back), so the form shows the filters in force. */}
      <TrainingsForm key={key} initial={filters} onSearch={(next) => route(trainingsUrl(next))} />
      <h2 class="visually-hidden" id="training-results-heading">
        {t('training.results')}
      </h2>
      <LoadState loading={results.loading && results.items.length === 0} error={results.error} />
      {!results.loading && !results.error && results.items.length === 0 && <p role="status">{t('training.none')}</p>}
      <ul class="cards" aria-labelledby="training-results-heading">
        {results.items.map((training) => (
          <TrainingCard key={training.id} training={training} />
        ))}
      </ul>
      {results.hasMore && (
        <button type="button" class="secondary more" onClick={results.more}>
          {t('training.more')}
        </button>
      )}
    </section>
  );
}

function TrainingCard({ training }: { training: TrainingSummary }) {
  const stop = training.nextSession;
  return (
    <li class="card training-card">
      <h3 class="card-title">
        <a href={`/trainings/${training.id}`}>{training.title}</a>
      </h3>
      <p>{training.topic}</p>
      <p class="muted">
        <SupplierName organizationId={training.organizationId} />
      </p>
      <p>
        {t('training.nextStop', { when: formatDateTime(stop.startsAt), venue: stop.venue, province: nameOf(provinceByCode(stop.provinceCode)) })}
      </p>
      <p>
        <SeatsLeft session={stop} />
      </p>
      {stop.distanceKm !== null && <p class="muted">{t('training.distance', { km: formatNumber(stop.distanceKm, 1) })}</p>}
      {training.matchingSessions > 1 && <p class="muted">{t('training.moreStops', { n: formatNumber(training.matchingSessions - 1) })}</p>}
    </li>
  );
}

function TrainingsForm({ initial, onSearch }: { initial: TrainingFilters; onSearch: (filters: TrainingFilters) => void }) {
  const [filters, setFilters] = useState(initial);
  const set = (change: Partial<TrainingFilters>) => setFilters((f) => ({ ...f, ...change }));
  const nearMe = useNearMe();
  const searchNearMe = () => nearMe.locate((near) => onSearch({ ...filters, near, radiusKm: filters.radiusKm || '50' }));

  return (
    <form
      role="search"
      class="trainings-form"
      onSubmit={(event) => {
        event.preventDefault();
        onSearch(filters);
      }}
    >
      <div class="filter-grid">
        <div class="field">
          <label for="trainings-province">{t('training.province')}</label>
          <ProvinceSelect id="trainings-province" name="province" allowAny value={filters.province} onChange={(province) => set({ province })} />
        </div>
        <div class="field">
          <label for="trainings-value-chain">{t('training.valueChain')}</label>
          <ValueChainSelect id="trainings-value-chain" name="valueChain" value={filters.valueChain} onChange={(valueChain) => set({ valueChain })} />
        </div>
        <div class="field">
          <label for="trainings-from">{t('training.from')}</label>
          <input id="trainings-from" name="from" type="date" value={filters.from} onInput={(e) => set({ from: (e.currentTarget as HTMLInputElement).value })} />
        </div>
        <div class="field">
          <label for="trainings-to">{t('training.to')}</label>
          <input id="trainings-to" name="to" type="date" min={filters.from || undefined} value={filters.to} onInput={(e) => set({ to: (e.currentTarget as HTMLInputElement).value })} />
        </div>
        {filters.near && (
          <div class="field">
            <label for="trainings-radius">{t('training.radius')}</label>
            <select id="trainings-radius" name="radiusKm" value={filters.radiusKm || '50'} onChange={(e) => onSearch({ ...filters, radiusKm: (e.currentTarget as HTMLSelectElement).value })}>
              {TRAINING_RADII_KM.map((km) => (
                <option key={km} value={km}>
                  {t('training.withinKm', { km: formatNumber(km) })}
                </option>
              ))}
            </select>
          </div>
        )}
      </div>
      <div class="row wrap trainings-actions">
        <button type="submit">{t('training.search')}</button>
        {filters.near ? (
          <button type="button" class="secondary" onClick={() => onSearch({ ...filters, near: '', radiusKm: '' })}>
            {t('training.nearOff')}
          </button>
        ) : (
          <button type="button" class="secondary" onClick={searchNearMe} disabled={nearMe.locating}>
            {nearMe.locating ? t('training.locating') : t('training.nearMe')}
          </button>
        )}
      </div>
      {nearMe.failed && (
        <p class="form-error" role="alert">
          {t('training.locationError')}
        </p>
      )}
    </form>
  );
}

import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { provinceByCode } from '../../api/catalog';
import { api, ok } from '../../api/client';
import type { Schemas } from '../../api/types';
import { ProvinceSelect } from '../../components/catalog-pickers';
import { LoadState } from '../../components/status';
import { useCatalog } from '../../components/use-catalog';
import { useNearMe } from '../../components/use-my-location';
import { usePaged } from '../../components/use-paged';
import { formatDateTime, formatNumber } from '../../i18n/format';
import { nameOf, t, type MessageKey } from '../../i18n/i18n';
import { SeatsLeft, SupplierName } from '../trainings/training-parts';
import { ValueChainSelect } from '../trainings/value-chain-select';
import { TRAINING_RADII_KM } from '../trainings/training-filters';
import '../trainings/trainings.css';
import { EVENT_KINDS, eventFiltersFromQuery, eventsApiQuery, eventsUrl, type EventFilters } from './event-filters';

type EventSummary = Schemas['TrainingSummaryDto'];

/** Exposure visits, business forums and trainings with a date coming up: the trainings' directory, by kind. */
export function EventsPage() {
  useCatalog();
  const { query, route } = useLocation();
  const filters = eventFiltersFromQuery(query);
  const key = eventsUrl(filters);
  const results = usePaged(
    (cursor) => ok(api.GET('/api/v1/events', { params: { query: { ...eventsApiQuery(filters), limit: 20, cursor } } })),
    [key],
    `events:${key}`,
  );
  return (
    <section class="trainings">
      <h1>{t('event.searchTitle')}</h1>
      <EventsForm key={key} initial={filters} onSearch={(next) => route(eventsUrl(next))} />
      <h2 class="visually-hidden" id="event-results-heading">
        {t('training.results')}
      </h2>
      <LoadState loading={results.loading && results.items.length === 0} error={results.error} />
      {!results.loading && !results.error && results.items.length === 0 && <p role="status">{t('event.none')}</p>}
      <ul class="cards" aria-labelledby="event-results-heading">
        {results.items.map((event) => (
          <EventCard key={event.id} event={event} />
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

function EventCard({ event }: { event: EventSummary }) {
  const next = event.nextSession;
  const href = event.kind === 'training' ? `/trainings/${event.id}` : `/events/${event.id}`;
  return (
    <li class="card training-card">
      <h3 class="card-title">
        <a href={href}>{event.title}</a>
      </h3>
      <p>
        <span class="badge">{t(`event.kind.${event.kind}` as MessageKey)}</span>
      </p>
      <p class="muted">
        <SupplierName organizationId={event.hostOrganizationId ?? event.organizationId} />
      </p>
      <p>{t('training.nextStop', { when: formatDateTime(next.startsAt), venue: next.venue, province: nameOf(provinceByCode(next.provinceCode)) })}</p>
      <p>
        <SeatsLeft session={next} />
      </p>
      {next.distanceKm !== null && <p class="muted">{t('training.distance', { km: formatNumber(next.distanceKm, 1) })}</p>}
    </li>
  );
}

function EventsForm({ initial, onSearch }: { initial: EventFilters; onSearch: (filters: EventFilters) => void }) {
  const [filters, setFilters] = useState(initial);
  const set = (change: Partial<EventFilters>) => setFilters((f) => ({ ...f, ...change }));
  // "Near me" as on the trainings' search: the phone's position, 50 km unless chosen.
  const nearMe = useNearMe();
  const searchNearMe = () => nearMe.locate((near) => onSearch({ ...filters, near, radiusKm: filters.radiusKm || '50' }));
  return (
    <form
      role="search"
      class="trainings-form"
      onSubmit={(e) => {
        e.preventDefault();
        onSearch(filters);
      }}
    >
      <div class="filter-grid">
        <div class="field">
          <label for="events-kind">{t('event.kind')}</label>
          <select id="events-kind" name="kind" value={filters.kind} onChange={(e) => set({ kind: (e.currentTarget as HTMLSelectElement).value as EventFilters['kind'] })}>
            <option value="">{t('common.any')}</option>
            {EVENT_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {t(`event.kind.${kind}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="events-province">{t('training.province')}</label>
          <ProvinceSelect id="events-province" name="province" allowAny value={filters.province} onChange={(province) => set({ province })} />
        </div>
        <div class="field">
          <label for="events-value-chain">{t('training.valueChain')}</label>
          <ValueChainSelect id="events-value-chain" name="valueChain" value={filters.valueChain} onChange={(valueChain) => set({ valueChain })} />
        </div>
        <div class="field">
          <label for="events-from">{t('training.from')}</label>
          <input id="events-from" name="from" type="date" value={filters.from} onInput={(e) => set({ from: (e.currentTarget as HTMLInputElement).value })} />
        </div>
        <div class="field">
          <label for="events-to">{t('training.to')}</label>
          <input id="events-to" name="to" type="date" min={filters.from || undefined} value={filters.to} onInput={(e) => set({ to: (e.currentTarget as HTMLInputElement).value })} />
        </div>
        {filters.near && (
          <div class="field">
            <label for="events-radius">{t('training.radius')}</label>
            <select id="events-radius" name="radiusKm" value={filters.radiusKm || '50'} onChange={(e) => onSearch({ ...filters, radiusKm: (e.currentTarget as HTMLSelectElement).value })}>
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

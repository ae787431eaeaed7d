import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { provinceByCode } from '../../api/catalog';
import { api, ok } from '../../api/client';
import type { Schemas } from '../../api/types';
import { ProvinceSelect } from '../../components/catalog-pickers';
import { LoadState } from '../../components/status';
import { useCatalog } from '../../components/use-catalog';
import { usePaged } from '../../components/use-paged';
import { formatDateTime } from '../../i18n/format';
import { nameOf, t, type MessageKey } from '../../i18n/i18n';
import { SeatsLeft, SupplierName } from '../trainings/training-parts';
import { ValueChainSelect } from '../trainings/value-chain-select';
import '../trainings/trainings.css';

type EventSummary = Schemas['TrainingSummaryDto'];
type Kind = NonNullable<EventSummary['kind']>;
const KINDS: Kind[] = ['exposure_visit', 'business_forum', 'training'];

interface EventFilters {
  kind: string;
  province: string;
  valueChain: string;
}

function filtersFromQuery(query: Record<string, string>): EventFilters {
  return {
    kind: KINDS.includes(query.kind as Kind) ? query.kind! : '',
    province: /^KH-\d{1,2}$/.test(query.province ?? '') ? query.province! : '',
    valueChain: /^[a-z][a-z0-9_]*$/.test(query.valueChain ?? '') ? query.valueChain! : '',
  };
}

function eventsUrl(f: EventFilters): string {
  const params = new URLSearchParams(Object.entries(f).filter(([, v]) => v));
  const text = params.toString();
  return text ? `/events?${text}` : '/events';
}

/** Exposure visits, business forums and trainings with a date coming up: the trainings' directory, by kind. */
export function EventsPage() {
  useCatalog();
  const { query, route } = useLocation();
  const filters = filtersFromQuery(query);
  const key = eventsUrl(filters);
  const results = usePaged(
    (cursor) =>
      ok(
        api.GET('/api/v1/events', {
          params: {
            query: {
              ...(filters.kind ? { kind: filters.kind as Kind } : {}),
              ...(filters.province ? { province: filters.province } : {}),
              ...(filters.valueChain ? { valueChain: filters.valueChain } : {}),
              limit: 20,
              cursor,
            },
          },
        }),
      ),
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
    </li>
  );
}

function EventsForm({ initial, onSearch }: { initial: EventFilters; onSearch: (filters: EventFilters) => void }) {
  const [filters, setFilters] = useState(initial);
  const set = (change: Partial<EventFilters>) => setFilters((f) => ({ ...f, ...change }));
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
          <select id="events-kind" name="kind" value={filters.kind} onChange={(e) => set({ kind: (e.currentTarget as HTMLSelectElement).value })}>
            <option value="">{t('common.any')}</option>
            {KINDS.map((kind) => (
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
      </div>
      <div class="row wrap trainings-actions">
        <button type="submit">{t('training.search')}</button>
      </div>
    </form>
  );
}

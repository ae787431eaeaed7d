import { provinceByCode } from '../../api/catalog';
import { api, ok } from '../../api/client';
import type { Schemas } from '../../api/types';
import { LoadState } from '../../components/status';
import { useCatalog } from '../../components/use-catalog';
import { usePaged } from '../../components/use-paged';
import { nameOf, t } from '../../i18n/i18n';
import { cambodiaToday, fairDates } from '../my-fairs/fair-dates';
import './fairs.css';

export type Fair = Schemas['TradeFairDto'];

/** The fairs still to come or running, soonest first (anyone may look). */
export function FairsPage() {
  useCatalog();
  const today = cambodiaToday();
  const fairs = usePaged((cursor) => ok(api.GET('/api/v1/trade-fairs', { params: { query: { from: today, limit: 20, cursor } } })), [today], `fairs:${today}`);
  return (
    <section class="fairs">
      <h1>{t('fair.list.title')}</h1>
      <p class="lead">{t('fair.list.lead')}</p>
      <LoadState loading={fairs.loading && fairs.items.length === 0} error={fairs.error} />
      {!fairs.loading && !fairs.error && fairs.items.length === 0 && <p role="status">{t('fair.list.none')}</p>}
      <ul class="cards">
        {fairs.items.map((f) => (
          <li key={f.id} class="card">
            <h2 class="card-title">
              <a href={`/fairs/${f.id}`}>{f.name}</a>
            </h2>
            <p>{fairDates(f)}</p>
            <p class="muted">
              {f.venue} · {nameOf(provinceByCode(f.provinceCode)) || f.provinceCode}
            </p>
            <p class="muted">{t('fair.organizedBy', { organizer: f.organizer.name })}</p>
            <p>
              {f.acceptingApplications ? (
                <span class="badge status-open">{t('fair.freeStallsCount', { n: f.stallCounts.free, total: f.stallCounts.total })}</span>
              ) : (
                <span class="badge status-closed">{t('fair.notAccepting')}</span>
              )}
            </p>
          </li>
        ))}
      </ul>
      {fairs.hasMore && (
        <button type="button" class="secondary" onClick={fairs.more} disabled={fairs.loading}>
          {t('fair.more')}
        </button>
      )}
    </section>
  );
}

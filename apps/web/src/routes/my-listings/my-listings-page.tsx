import { useEffect } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import { loadCatalog, productByCode } from '../../api/catalog';
import { api, ok } from '../../api/client';
import { formatQuantity, PerUnit } from '../../components/money';
import { LoadState } from '../../components/status';
import { useData } from '../../components/use-data';
import { formatDateTime } from '../../i18n/format';
import { nameOf, t, type MessageKey } from '../../i18n/i18n';
import type { Schemas } from '../../api/types';
import { delivered, dismissFailed, failed, listed, pending, sentOf } from '../../offline/outbox';
import { withSent } from '../../offline/with-sent';
import { currentMembership } from '../../session/session';
import { useSignedIn } from '../../components/signed-in';

export function MyListingsPage() {
  const inside = useSignedIn();
  const { query } = useRoute();
  useEffect(() => void loadCatalog().catch(() => undefined), []);
  const organizationId = currentMembership.value?.organizationId;
  // Reloaded when the outbox delivers a write. That reload may still fail or be answered by the
  // service worker's copy from before the write, so what was sent is also shown from the
  // outbox's answer (withSent) until the list holds it.
  const listings = useData(async () => {
    const page = await ok(api.GET('/api/v1/listings', { params: { query: { mine: true, limit: 100 } } }));
    listed('listing', page.items.map((l) => l.id));
    return page;
  }, [delivered.value]);
  if (!inside) return null;
  const mine = withSent(listings.data?.items ?? [], sentOf<Schemas['ListingDto']>('listing')).filter((l) => l.organizationId === organizationId);
  const waiting = pending.value.filter((w) => w.kind === 'listing');
  const refused = failed.value.filter((w) => w.kind === 'listing');

  return (
    <section>
      <h1>{t('my.listings')}</h1>
      {currentMembership.value && <p class="lead">{currentMembership.value.organizationName}</p>}
      <p>
        <a class="button" href="/my/listings/new">
          {t('my.newListing')}
        </a>
      </p>
      {query.queued && waiting.length > 0 && <p role="status">{t('listing.queuedNote')}</p>}
      {refused.length > 0 && (
        <ul class="cards" aria-label={t('listing.refused')}>
          {refused.map((w) => (
            <li key={w.id} class="card">
              <h2 class="card-title">{w.label}</h2>
              <p class="form-error">{t('listing.refusedNote', { reason: w.error.summary })}</p>
              <button type="button" class="secondary" onClick={() => dismissFailed(w.id)}>
                {t('listing.dismiss')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {waiting.length > 0 && (
        <ul class="cards" aria-label={t('listing.waitingList')}>
          {waiting.map((w) => (
            <li key={w.id} class="card">
              <h2 class="card-title">{w.label}</h2>
              <p>
                <span class="badge waiting">{t('listing.waiting')}</span>
              </p>
              <p class="muted">{t('listing.writtenAt', { when: formatDateTime(new Date(w.createdAt)) })}</p>
            </li>
          ))}
        </ul>
      )}
      <LoadState loading={listings.loading && !listings.data} error={listings.data ? null : listings.error} />
      {listings.data && mine.length === 0 && waiting.length === 0 && <p class="muted">{t('listing.none')}</p>}
      <ul class="cards">
        {mine.map((l) => (
          <li key={l.id} class="card">
            <h2 class="card-title">
              <a href={`/my/listings/${l.id}`}>{l.title}</a>
            </h2>
            <p>
              <span class={`badge status-${l.status}`}>{t(`listing.status.${l.status}` as MessageKey)}</span>
            </p>
            <p>
              {nameOf(productByCode(l.productCode))}
              {l.qualityGrade ? `, ${t('common.grade', { grade: l.qualityGrade })}` : ''}
            </p>
            <p>{t('listing.remainingOf', { remaining: formatQuantity(l.quantityRemaining, l.unit), total: formatQuantity(l.quantity, l.unit) })}</p>
            <p>
              <PerUnit price={l.price} unit={l.unit} />
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}

import { useEffect } from 'preact/hooks';
import { loadCatalog } from '../../api/catalog';
import { useActingOrganization } from '../../components/acting-organization';
import { LoadState } from '../../components/status';
import { useData } from '../../components/use-data';
import { t } from '../../i18n/i18n';
import { delivered, listed, pending, sentOf } from '../../offline/outbox';
import { withSent } from '../../offline/with-sent';
import { allOffers } from '../trade/all-offers';
import { OfferCard, receiverOf } from '../trade/offer-card';
import '../trade/trade.css';

type Offer = Awaited<ReturnType<typeof allOffers>>[number];

export function MyOffersPage() {
  const acting = useActingOrganization();
  const organizationId = acting.ready ? acting.organization.organizationId : null;
  useEffect(() => {
    void loadCatalog().catch(() => undefined);
  }, []);
  // Reloaded when the outbox delivers a write; what it sent is shown from its answer until the
  // list holds it (that reload may fail, or be the service worker's copy from before).
  const offers = useData(async () => {
    if (!organizationId) return [];
    const all = await allOffers();
    listed('offer', all.map((o) => o.id));
    return all;
  }, [organizationId, delivered.value]);

  if (!acting.ready) return acting.view;
  const mine = withSent(offers.data ?? [], sentOf<Offer>('offer')).filter((o) => o.buyerOrganizationId === organizationId || o.sellerOrganizationId === organizationId);
  const received = mine.filter((o) => receiverOf(o) === organizationId);
  const sent = mine.filter((o) => o.organizationId === organizationId);
  const waiting = pending.value.filter((w) => w.kind === 'offer');

  return (
    <section>
      <h1>{t('offers.title')}</h1>
      <p class="muted">{acting.organization.organizationName}</p>
      <p>
        <a href="/my/deals">{t('offers.toDeals')}</a>
      </p>
      <LoadState loading={offers.loading && !offers.data} error={offers.error} />
      <h2>{t('offers.receivedTitle')}</h2>
      {offers.data && received.length === 0 && <p class="muted">{t('offers.noneReceived')}</p>}
      {received.length > 0 && (
        <ul class="cards">
          {received.map((o) => (
            <OfferCard key={o.id} offer={o} organizationId={acting.organization.organizationId} onChanged={offers.reload} />
          ))}
        </ul>
      )}
      <h2>{t('offers.sentTitle')}</h2>
      {offers.data && sent.length === 0 && waiting.length === 0 && <p class="muted">{t('offers.noneSent')}</p>}
      {(sent.length > 0 || waiting.length > 0) && (
        <ul class="cards">
          {waiting.map((w) => (
            <li key={w.id} class="card">
              <h3 class="card-title">{w.label}</h3>
              <span class="badge waiting">{t('offers.waitingToSend')}</span>
            </li>
          ))}
          {sent.map((o) => (
            <OfferCard key={o.id} offer={o} organizationId={acting.organization.organizationId} onChanged={offers.reload} />
          ))}
        </ul>
      )}
    </section>
  );
}

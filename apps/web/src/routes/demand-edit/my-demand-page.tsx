import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { api, ok } from '../../api/client';
import { loadCatalog, productByCode, provinceByCode } from '../../api/catalog';
import { ApiError } from '../../api/problem';
import type { Schemas } from '../../api/types';
import { useActingOrganization } from '../../components/acting-organization';
import { formatQuantity, PerUnit } from '../../components/money';
import { QuotesReceived } from '../../components/quotes-received';
import { FormError } from '../../components/field';
import { LoadState } from '../../components/status';
import { useData } from '../../components/use-data';
import { formatDate, formatMoney, formatPercent } from '../../i18n/format';
import { nameOf, t } from '../../i18n/i18n';
import { sendOrQueue } from '../../offline/outbox';
import { allOffers } from '../trade/all-offers';
import { OfferCard } from '../trade/offer-card';
import '../trade/trade.css';
import { wordReason } from './match-reasons';

type Match = Schemas['DemandMatchDto'];

function Reason({ text }: { text: string }) {
  const worded = wordReason(text);
  return <li>{worded ? t(worded.key, worded.params) : text}</li>;
}

/** A pooled match ordered in one step: one order per producer, grouped; the group's page follows its answers. */
function OrderAll({ match, demandId, organizationId, titleId }: { match: Match; demandId: string; organizationId: string; titleId: string }) {
  const { route } = useLocation();
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const onClick = async () => {
    setBusy(true);
    setError(null);
    try {
      const body = { demandId, organizationId, lines: match.listings.map((l) => ({ listingId: l.listingId, quantity: l.quantity })) };
      const result = await sendOrQueue<{ id: string }>({ method: 'POST', path: '/api/v1/offer-groups', body, kind: 'offer-group', label: t('matches.orderAll', { n: match.listings.length }) });
      route(result.sent ? `/my/offer-groups/${result.data.id}` : '/my/offers?queued=1');
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'offline', ''));
      setBusy(false);
    }
  };
  return (
    <div class="actions">
      <FormError error={error} />
      <button type="button" disabled={busy} aria-describedby={titleId} onClick={() => void onClick()}>
        {t('matches.orderAll', { n: match.listings.length })}
      </button>
    </div>
  );
}

function MatchCard({ match, unit, index, demandId, organizationId }: { match: Match; unit: string; index: number; demandId: string; organizationId: string }) {
  const titleId = `match-${index}`;
  const pooled = match.kind === 'pooled';
  const total = Number(match.totalQuantity);
  return (
    <li class="card">
      <h3 class="card-title" id={titleId}>
        {pooled
          ? t('matches.pooledTitle', { n: match.listings.length, names: match.listings.map((l) => l.organizationName).join(', ') })
          : t('matches.singleTitle', { organization: match.listings[0]?.organizationName ?? '', title: match.listings[0]?.title ?? '' })}
      </h3>
      <p>
        {t('matches.summary', { quantity: formatQuantity(match.totalQuantity, unit), coverage: formatPercent(match.coverage) })}
        <br />
        <PerUnit price={match.pricePerUnit} unit={unit} /> · {t('matches.total', { price: formatMoney(match.totalPrice) })}
      </p>
      {pooled && (
        <ul class="shares" aria-label={t('matches.sharesLabel')}>
          {match.listings.map((line) => (
            <li key={line.listingId}>
              <strong>{line.organizationName}</strong>:{' '}
              {t('matches.share', { quantity: formatQuantity(line.quantity, unit), share: formatPercent(total > 0 ? Number(line.quantity) / total : 0) })}
              <br />
              <PerUnit price={line.unitPrice} unit={unit} /> · <a href={`/listings/${line.listingId}/order`}>{t('matches.orderFrom', { organization: line.organizationName })}</a>
            </li>
          ))}
        </ul>
      )}
      <ul class="reasons" aria-label={t('matches.reasonsLabel')}>
        {match.reasons.map((reason) => (
          <Reason key={reason} text={reason} />
        ))}
      </ul>
      {pooled && <OrderAll match={match} demandId={demandId} organizationId={organizationId} titleId={titleId} />}
      {!pooled && match.listings[0] && (
        <div class="actions">
          <a class="button" href={`/listings/${match.listings[0].listingId}/order`} aria-describedby={titleId}>
            {t('matches.order')}
          </a>
          <a class="button secondary" href={`/listings/${match.listings[0].listingId}`} aria-describedby={titleId}>
            {t('matches.viewListing')}
          </a>
        </div>
      )}
    </li>
  );
}

export function MyDemandPage({ id }: { id: string }) {
  const acting = useActingOrganization();
  const organizationId = acting.ready ? acting.organization.organizationId : null;
  useEffect(() => {
    void loadCatalog().catch(() => undefined);
  }, []);
  const demand = useData(() => ok(api.GET('/api/v1/demands/{id}', { params: { path: { id } } })), [id]);
  const matches = useData(async () => (organizationId ? (await ok(api.GET('/api/v1/demands/{id}/matches', { params: { path: { id } } }))).items : []), [id, organizationId]);
  const quotes = useData(async () => {
    if (!organizationId) return [];
    return (await allOffers()).filter((o) => o.kind === 'quote' && o.demandId === id && o.buyerOrganizationId === organizationId);
  }, [id, organizationId]);

  if (!acting.ready) return acting.view;
  const d = demand.data;
  if (!d) return <LoadState loading={demand.loading} error={demand.error} />;
  const product = productByCode(d.productCode);

  return (
    <section>
      <p>
        <a href="/my/demands">{t('demand.backToList')}</a>
      </p>
      <h1>
        {nameOf(product) || d.productCode} · {formatQuantity(d.quantity, d.unit)}
      </h1>
      <span class={`badge status-${d.status}`}>{t(`demand.status.${d.status}`)}</span>
      <dl class="facts">
        <dt>{t('demand.grade')}</dt>
        <dd>{d.qualityGrade ? t('demand.gradeOrBetter', { grade: d.qualityGrade }) : t('common.any')}</dd>
        <dt>{t('demand.maxPrice')}</dt>
        <dd>{d.maxPrice ? formatMoney(d.maxPrice) : t('demand.noMaxPrice')}</dd>
        <dt>{t('demand.deliverTo')}</dt>
        <dd>{nameOf(provinceByCode(d.deliveryProvinceCode)) || d.deliveryProvinceCode}</dd>
        <dt>{t('demand.neededBy')}</dt>
        <dd>{formatDate(d.neededBy)}</dd>
        <dt>{t('demand.pooling')}</dt>
        <dd>{d.allowPooled ? t('demand.pooledAllowed') : t('demand.pooledNotAllowed')}</dd>
      </dl>
      {d.description && <p>{d.description}</p>}
      <QuotesReceived demand={d} />

      <h2>{t('matches.title')}</h2>
      <LoadState loading={matches.loading && !matches.data} error={matches.error} />
      {matches.data && matches.data.length === 0 && <p class="muted">{t('matches.none')}</p>}
      {matches.data && matches.data.length > 0 && (
        <ol class="cards">
          {matches.data.map((m, i) => (
            <MatchCard key={m.listings.map((l) => l.listingId).join()} match={m} unit={d.unit} index={i} demandId={d.id} organizationId={acting.organization.organizationId} />
          ))}
        </ol>
      )}

      <h2>{t('demand.quotesTitle')}</h2>
      <LoadState loading={quotes.loading && !quotes.data} error={quotes.error} />
      {quotes.data && quotes.data.length === 0 && <p class="muted">{t('demand.noQuotes')}</p>}
      {quotes.data && quotes.data.length > 0 && (
        <ul class="cards">
          {quotes.data.map((o) => (
            <OfferCard
              key={o.id}
              offer={o}
              organizationId={acting.organization.organizationId}
              onChanged={() => {
                quotes.reload();
                demand.reload();
              }}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

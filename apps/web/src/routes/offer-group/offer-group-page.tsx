import { useState } from 'preact/hooks';
import { api, ok } from '../../api/client';
import { productByCode } from '../../api/catalog';
import { ApiError } from '../../api/problem';
import type { Schemas } from '../../api/types';
import { FormError } from '../../components/field';
import { formatQuantity } from '../../components/money';
import { organizationName } from '../../components/organization-names';
import { LoadState } from '../../components/status';
import { useData } from '../../components/use-data';
import { nameOf, t } from '../../i18n/i18n';
import { sendOrQueue } from '../../offline/outbox';
import '../trade/trade.css';

type Group = Schemas['OfferGroupDto'];

/** A pooled order, as its buyer sees it: each producer's answer, what is still uncovered, and the match's next producers to replace one who declined. */
export function OfferGroupPage({ id }: { id: string }) {
  const group = useData(() => ok(api.GET('/api/v1/offer-groups/{id}', { params: { path: { id } } })), [id]);
  const demandId = group.data?.demandId ?? null;
  const matches = useData(async () => (demandId ? (await ok(api.GET('/api/v1/demands/{id}/matches', { params: { path: { id: demandId } } }))).items : []), [demandId]);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const g = group.data;
  if (!g) return <LoadState loading={group.loading} error={group.error} />;
  const p = g.progress;
  const open = g.status === 'open';
  // The match's next producers: listings not yet asked in this group (a producer who declined is not proposed again).
  const asked = new Set(g.offers.map((o) => o.listingId));
  const uncovered = Number(p.quantityUncovered);
  const candidates = open && uncovered > 0
    ? [...new Map((matches.data ?? []).flatMap((m) => m.listings).filter((l) => !asked.has(l.listingId)).map((l) => [l.listingId, l])).values()].slice(0, 3)
    : [];

  const write = async (path: string, body: object, label: string) => {
    setBusy(true);
    setError(null);
    try {
      await sendOrQueue<Group>({ method: 'POST', path, body, kind: 'offer-group', label });
      group.reload();
      matches.reload();
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'offline', ''));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section>
      <p>
        <a href={demandId ? `/my/demands/${demandId}` : '/my/offers'}>{demandId ? t('offerGroup.backToDemand') : t('offerGroup.backToOffers')}</a>
      </p>
      <h1>{t('offerGroup.title', { product: nameOf(productByCode(g.productCode)) || g.productCode })}</h1>
      <span class={`badge status-${g.status}`}>{t(`offerGroup.status.${g.status}`)}</span>
      <FormError error={error} />
      <dl class="facts">
        <dt>{t('offerGroup.target')}</dt>
        <dd>{formatQuantity(p.quantityTarget, g.unit)}</dd>
        <dt>{t('offerGroup.accepted')}</dt>
        <dd>{formatQuantity(p.quantityAccepted, g.unit)}</dd>
        <dt>{t('offerGroup.pending')}</dt>
        <dd>{formatQuantity(p.quantityPending, g.unit)}</dd>
        <dt>{t('offerGroup.declined')}</dt>
        <dd>{formatQuantity(p.quantityDeclined, g.unit)}</dd>
        <dt>{t('offerGroup.uncovered')}</dt>
        <dd>{formatQuantity(p.quantityUncovered, g.unit)}</dd>
      </dl>
      <h2>{t('offerGroup.linesTitle')}</h2>
      <ul class="cards">
        {g.offers.map((o) => (
          <li class="card" key={o.id}>
            <strong>{organizationName(o.sellerOrganizationId)}</strong>: {formatQuantity(o.quantity, g.unit)}{' '}
            <span class={`badge status-${o.status}`}>{t(`offers.status.${o.status}`)}</span>
          </li>
        ))}
      </ul>
      {candidates.length > 0 && (
        <>
          <h2>{t('offerGroup.replaceTitle', { quantity: formatQuantity(p.quantityUncovered, g.unit) })}</h2>
          <ul class="cards">
            {candidates.map((c) => {
              const quantity = String(Math.min(uncovered, Number(c.quantity)));
              return (
                <li class="card" key={c.listingId}>
                  <button
                    type="button"
                    disabled={busy}
                    onClick={() => void write(`/api/v1/offer-groups/${g.id}/lines`, { listingId: c.listingId, quantity }, c.organizationName)}
                  >
                    {t('offerGroup.replaceWith', { quantity: formatQuantity(quantity, g.unit), organization: c.organizationName })}
                  </button>
                </li>
              );
            })}
          </ul>
        </>
      )}
      {open && Number(p.quantityPending) > 0 && (
        <div class="actions">
          <button type="button" class="secondary" disabled={busy} onClick={() => void write(`/api/v1/offer-groups/${g.id}/cancel`, {}, t('offerGroup.cancel'))}>
            {t('offerGroup.cancel')}
          </button>
        </div>
      )}
    </section>
  );
}

import { useState } from 'preact/hooks';
import { productByCode } from '../../api/catalog';
import { api, ok } from '../../api/client';
import { ApiError } from '../../api/problem';
import type { Schemas } from '../../api/types';
import { FormError } from '../../components/field';
import { MessageButton } from '../../components/message-button';
import { formatQuantity, PerUnit } from '../../components/money';
import { organizationName } from '../../components/organization-names';
import { formatDate, formatDateTime } from '../../i18n/format';
import { nameOf, t } from '../../i18n/i18n';
import { CounterOfferForm } from './counter-offer-form';

export type Offer = Schemas['OfferDto'];

/** The side that decides an offer: the other side than the one that made it (the buyer a quote, the seller an order, either a counter-offer). */
export function receiverOf(offer: Offer): string {
  return offer.organizationId === offer.buyerOrganizationId ? offer.sellerOrganizationId : offer.buyerOrganizationId;
}

/**
 * One quote or order as the acting organization sees it, with what it may do: accept or
 * reject one it received, withdraw one it sent, while pending.
 */
export function OfferCard({ offer, organizationId, onChanged }: { offer: Offer; organizationId: string; onChanged: () => void }) {
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [countering, setCountering] = useState(false);
  const received = receiverOf(offer) === organizationId;
  const other = offer.organizationId === organizationId ? receiverOf(offer) : offer.organizationId;
  const product = productByCode(offer.productCode);
  const what = `${nameOf(product) || offer.productCode} · ${formatQuantity(offer.quantity, offer.unit)}`;

  const decide = async (action: 'accept' | 'reject' | 'withdraw') => {
    setBusy(true);
    setError(null);
    try {
      const params = { params: { path: { id: offer.id } } };
      if (action === 'accept') await ok(api.POST('/api/v1/offers/{id}/accept', params));
      else if (action === 'reject') await ok(api.POST('/api/v1/offers/{id}/reject', params));
      else await ok(api.POST('/api/v1/offers/{id}/withdraw', params));
      onChanged();
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'offline', ''));
      // What it is now (expired, decided elsewhere) matters more than what was shown.
      onChanged();
    } finally {
      setBusy(false);
    }
  };

  const titleId = `offer-${offer.id}`;
  return (
    <li class="card">
      <h3 class="card-title" id={titleId}>
        {t(offer.previousOfferId ? 'offers.counterFrom' : offer.kind === 'quote' ? 'offers.quoteFrom' : 'offers.orderFrom', {
          organization: organizationName(offer.organizationId),
        })}
      </h3>
      <p class="muted">{received ? t('offers.received') : t('offers.sentTo', { organization: organizationName(other) })}</p>
      <span class={`badge status-${offer.status}`}>{t(`offers.status.${offer.status}`)}</span>
      <p>{what}</p>
      {offer.lines.length > 1 ? (
        <ul class="shares">
          {offer.lines.map((line, i) => (
            <li key={i}>
              {organizationName(line.organizationId)}: {formatQuantity(line.quantity, offer.unit)} · <PerUnit price={line.unitPrice} unit={offer.unit} />
            </li>
          ))}
        </ul>
      ) : (
        offer.lines[0] && (
          <p>
            <PerUnit price={offer.lines[0].unitPrice} unit={offer.unit} />
          </p>
        )
      )}
      <dl class="facts">
        {offer.deliverBy && (
          <>
            <dt>{t('offers.deliverBy')}</dt>
            <dd>{formatDate(offer.deliverBy)}</dd>
          </>
        )}
        {offer.status === 'pending' && (
          <>
            <dt>{t('offers.expiresAt')}</dt>
            <dd>{formatDateTime(offer.expiresAt)}</dd>
          </>
        )}
      </dl>
      {offer.note && <p class="note">{offer.note}</p>}
      <FormError error={error} />
      {countering && (
        <CounterOfferForm
          offer={offer}
          onCancel={() => setCountering(false)}
          onDone={() => {
            setCountering(false);
            onChanged();
          }}
        />
      )}
      {offer.status === 'pending' && !countering && (
        <div class="actions">
          {received ? (
            <>
              <button type="button" disabled={busy} onClick={() => void decide('accept')} aria-describedby={titleId}>
                {offer.kind === 'quote' ? t('offers.acceptQuote') : t('offers.acceptOrder')}
              </button>
              <button type="button" class="secondary" disabled={busy} onClick={() => void decide('reject')} aria-describedby={titleId}>
                {offer.kind === 'quote' ? t('offers.rejectQuote') : t('offers.rejectOrder')}
              </button>
              <button type="button" class="secondary" disabled={busy} onClick={() => setCountering(true)} aria-describedby={titleId}>
                {t('offers.counter')}
              </button>
            </>
          ) : (
            <button type="button" class="secondary" disabled={busy} onClick={() => void decide('withdraw')} aria-describedby={titleId}>
              {t('offers.withdraw')}
            </button>
          )}
        </div>
      )}
      {offer.dealId && (
        <p>
          <a href={`/deals/${offer.dealId}`}>{t('offers.openDeal')}</a>
        </p>
      )}
      {/* While it is open to talk over; once decided, the deal (if any) has its own. */}
      {offer.status === 'pending' && (
        <MessageButton
          about={{ type: 'offer', id: offer.id }}
          to={{ organizationId: other }}
          from={organizationId}
          label={t(other === offer.sellerOrganizationId ? 'messages.toSeller' : 'messages.toBuyer')}
          subject={what}
        />
      )}
    </li>
  );
}

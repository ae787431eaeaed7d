import { useEffect, useState } from 'preact/hooks';
import { api, ok } from '../../api/client';
import { loadCatalog, productByCode, provinceByCode } from '../../api/catalog';
import { ApiError } from '../../api/problem';
import type { Schemas } from '../../api/types';
import { useActingOrganization } from '../../components/acting-organization';
import { MessageButton } from '../../components/message-button';
import { Field, FormError } from '../../components/field';
import { formatQuantity, PerUnit } from '../../components/money';
import { organizationName } from '../../components/organization-names';
import { LoadState } from '../../components/status';
import { useData } from '../../components/use-data';
import { formatDate, formatDateTime } from '../../i18n/format';
import { nameOf, t } from '../../i18n/i18n';
import '../trade/trade.css';
import './deal.css';

type Deal = Schemas['DealDto'];
type Review = Schemas['ReviewDto'];
type Side = 'buyer' | 'seller';

const STEPS = ['agreed', 'delivered', 'completed'] as const;

function Steps({ deal }: { deal: Deal }) {
  if (deal.status === 'cancelled') {
    return <p class="badge status-cancelled">{t('deals.cancelledOn', { date: formatDateTime(deal.cancelledAt) })}</p>;
  }
  const reached = STEPS.indexOf(deal.status as (typeof STEPS)[number]);
  const when = [deal.agreedAt, deal.deliveredAt, deal.completedAt];
  return (
    <ol class="steps" aria-label={t('deals.stepsLabel')}>
      {STEPS.map((step, i) => (
        <li key={step} class={i <= reached ? 'done' : ''} aria-current={i === reached ? 'step' : undefined}>
          <strong>{t(`deals.step.${step}`)}</strong>
          {when[i] && <span class="muted"> · {formatDateTime(when[i])}</span>}
        </li>
      ))}
    </ol>
  );
}

function ReviewForm({ deal, organizationId, otherName, onSent }: { deal: Deal; organizationId: string; otherName: string; onSent: (review: Review) => void }) {
  const [rating, setRating] = useState(0);
  const [comment, setComment] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const onSubmit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const review = await ok(
        api.POST('/api/v1/deals/{id}/reviews', {
          params: { path: { id: deal.id } },
          body: { rating, comment: comment.trim() || undefined, organizationId },
          headers: { 'Idempotency-Key': crypto.randomUUID() },
        }),
      );
      onSent(review);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'offline', ''));
    } finally {
      setBusy(false);
    }
  };
  const ratingError = error?.fieldMessage('rating');
  return (
    <form onSubmit={onSubmit} noValidate>
      <h2>{t('review.title', { organization: otherName })}</h2>
      <p class="muted">{t('review.blindHint')}</p>
      <FormError error={error} />
      <fieldset class="stars" aria-describedby={ratingError ? 'review-rating-error' : undefined}>
        <legend>{t('review.rating')}</legend>
        {[1, 2, 3, 4, 5].map((n) => (
          <label key={n} class="check">
            <input type="radio" name="rating" value={n} checked={rating === n} onChange={() => setRating(n)} />
            {t('review.stars', { n })}
          </label>
        ))}
        {ratingError && (
          <p class="field-error" id="review-rating-error">
            {ratingError}
          </p>
        )}
      </fieldset>
      <Field id="review-comment" name="comment" label={t('review.comment')} error={error}>
        {(props) => <textarea {...props} rows={3} maxLength={2000} value={comment} onInput={(e) => setComment((e.currentTarget as HTMLTextAreaElement).value)} />}
      </Field>
      <button type="submit" disabled={busy}>
        {t('review.submit')}
      </button>
    </form>
  );
}

export function DealPage({ id }: { id: string }) {
  const acting = useActingOrganization();
  const organizationId = acting.ready ? acting.organization.organizationId : null;
  useEffect(() => {
    void loadCatalog().catch(() => undefined);
  }, []);
  const deal = useData(() => ok(api.GET('/api/v1/deals/{id}', { params: { path: { id } } })), [id]);
  const d = deal.data;
  const side: Side | null = !d || !organizationId ? null : d.buyerOrganizationId === organizationId ? 'buyer' : d.sellerOrganizationId === organizationId ? 'seller' : null;
  const otherId = d && side ? (side === 'buyer' ? d.sellerOrganizationId : d.buyerOrganizationId) : null;
  // Reviews are public on the reviewed organization's profile; this side's own is found there.
  const reviews = useData(async () => {
    if (!d || d.status !== 'completed' || !otherId || !organizationId) return [];
    const [given, received] = await Promise.all([
      ok(api.GET('/api/v1/organizations/{id}/reviews', { params: { path: { id: otherId }, query: { limit: 100 } } })),
      ok(api.GET('/api/v1/organizations/{id}/reviews', { params: { path: { id: organizationId }, query: { limit: 100 } } })),
    ]);
    return [...given.items, ...received.items].filter((r) => r.dealId === d.id);
  }, [d?.id, d?.status, otherId, organizationId]);
  const [stepError, setStepError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  if (!acting.ready) return acting.view;
  if (!d) return <LoadState loading={deal.loading} error={deal.error} />;

  const step = async (action: 'deliver' | 'confirm' | 'cancel') => {
    setBusy(true);
    setStepError(null);
    try {
      const params = { params: { path: { id: d.id } } };
      if (action === 'deliver') await ok(api.POST('/api/v1/deals/{id}/deliver', params));
      else if (action === 'confirm') await ok(api.POST('/api/v1/deals/{id}/confirm', params));
      else await ok(api.POST('/api/v1/deals/{id}/cancel', params));
    } catch (e) {
      setStepError(e instanceof ApiError ? e : new ApiError(0, 'offline', ''));
    } finally {
      setBusy(false);
      deal.reload();
    }
  };

  const mine = reviews.data?.find((r) => r.side === side);
  const theirs = reviews.data?.find((r) => r.side !== side);
  const otherName = otherId ? organizationName(otherId) : '';

  return (
    <section class="narrow">
      <p>
        <a href="/my/deals">{t('deals.backToList')}</a>
      </p>
      <h1>
        {nameOf(productByCode(d.productCode)) || d.productCode} · {formatQuantity(d.quantity, d.unit)}
      </h1>
      <p>
        <span class={`badge status-${d.status}`}>{t(`deals.status.${d.status}`)}</span>
      </p>
      <dl class="facts">
        <dt>{t('deals.buyer')}</dt>
        <dd>{organizationName(d.buyerOrganizationId)}</dd>
        <dt>{t('deals.seller')}</dt>
        <dd>{organizationName(d.sellerOrganizationId)}</dd>
        {d.agent && (
          <>
            <dt>{t('agents.agent')}</dt>
            <dd>{d.agent.name}</dd>
          </>
        )}
        <dt>{t('deals.province')}</dt>
        <dd>{nameOf(provinceByCode(d.provinceCode)) || d.provinceCode}</dd>
        {d.deliverBy && (
          <>
            <dt>{t('deals.deliverBy')}</dt>
            <dd>{formatDate(d.deliverBy)}</dd>
          </>
        )}
      </dl>
      <ul class="shares">
        {d.lines.map((line, i) => (
          <li key={i}>
            {organizationName(line.organizationId)}: {formatQuantity(line.quantity, d.unit)} · <PerUnit price={line.unitPrice} unit={d.unit} />
          </li>
        ))}
      </ul>
      {side && otherId && (
        <MessageButton
          about={{ type: 'deal', id: d.id }}
          to={{ organizationId: otherId }}
          from={organizationId ?? undefined}
          label={t(side === 'buyer' ? 'messages.toSeller' : 'messages.toBuyer')}
          subject={`${nameOf(productByCode(d.productCode)) || d.productCode} · ${formatQuantity(d.quantity, d.unit)}`}
        />
      )}
      <Steps deal={d} />
      <FormError error={stepError} />
      {side && (
        <div class="actions">
          {side === 'seller' && d.status === 'agreed' && (
            <button type="button" disabled={busy} onClick={() => void step('deliver')}>
              {t('deals.markDelivered')}
            </button>
          )}
          {side === 'buyer' && d.status === 'delivered' && (
            <button type="button" disabled={busy} onClick={() => void step('confirm')}>
              {t('deals.confirmDelivery')}
            </button>
          )}
          {d.status === 'agreed' && (
            <button type="button" class="secondary" disabled={busy} onClick={() => void step('cancel')}>
              {t('deals.cancel')}
            </button>
          )}
        </div>
      )}
      {side === 'buyer' && d.status === 'agreed' && <p class="muted">{t('deals.waitingForDelivery')}</p>}
      {side === 'seller' && d.status === 'delivered' && <p class="muted">{t('deals.waitingForConfirmation')}</p>}

      {d.status === 'completed' && side && (
        <>
          <LoadState loading={reviews.loading && !reviews.data} error={reviews.error} />
          {reviews.data && !mine && otherId && (
            <ReviewForm deal={d} organizationId={acting.organization.organizationId} otherName={otherName} onSent={() => reviews.reload()} />
          )}
          {mine && (
            <div class="card">
              <h2 class="card-title">{t('review.yours')}</h2>
              <p>{t('review.stars', { n: mine.rating })}</p>
              {mine.comment && <p>{mine.comment}</p>}
              {mine.hiddenUntil && <p class="muted">{t('review.blind', { organization: otherName, date: formatDate(mine.hiddenUntil) })}</p>}
            </div>
          )}
          {theirs && (
            <div class="card">
              <h2 class="card-title">{t('review.theirs', { organization: theirs.reviewerName })}</h2>
              <p>{t('review.stars', { n: theirs.rating })}</p>
              {theirs.comment && <p>{theirs.comment}</p>}
            </div>
          )}
        </>
      )}
    </section>
  );
}

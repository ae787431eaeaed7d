import { useEffect, useState } from 'preact/hooks';
import { api, ok } from '../../api/client';
import { loadCatalog, productByCode, provinceByCode } from '../../api/catalog';
import { ApiError } from '../../api/problem';
import type { Schemas } from '../../api/types';
import { useActingOrganization } from '../../components/acting-organization';
import { MessageButton } from '../../components/message-button';
import { Photo } from '../../components/photo';
import { PhotoPicker } from '../listing-edit/listing-form';
import { uploadPhoto } from '../listing-edit/photos';
import '../training/training.css';
import { Field, FormError } from '../../components/field';
import { formatQuantity, PerUnit } from '../../components/money';
import { organizationName } from '../../components/organization-names';
import { LoadState } from '../../components/status';
import { useData } from '../../components/use-data';
import { formatDate, formatDateTime, formatMoney } from '../../i18n/format';
import { nameOf, t } from '../../i18n/i18n';
import '../trade/trade.css';
import './deal.css';

type Deal = Schemas['DealDto'];
type Review = Schemas['ReviewDto'];
type Side = 'buyer' | 'seller';
type DisputeReason = Schemas['DisputeDealDto']['reason'];
const DISPUTE_REASONS: DisputeReason[] = ['quantity', 'quality', 'not_received', 'other'];

const STEPS = ['agreed', 'delivered', 'completed'] as const;

function Steps({ deal }: { deal: Deal }) {
  if (deal.status === 'cancelled') {
    return <p class="badge status-cancelled">{t('deals.cancelledOn', { date: formatDateTime(deal.cancelledAt) })}</p>;
  }
  // A disputed deal was delivered and waits at that step.
  const reached = STEPS.indexOf((deal.status === 'disputed' ? 'delivered' : deal.status) as (typeof STEPS)[number]);
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

function DisputeForm({ deal, onSent }: { deal: Deal; onSent: () => void }) {
  const [reason, setReason] = useState<DisputeReason>('quantity');
  const [message, setMessage] = useState('');
  const [photos, setPhotos] = useState<File[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const onSubmit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await ok(api.POST('/api/v1/deals/{id}/dispute', { params: { path: { id: deal.id } }, body: { reason, message } }));
      // The dispute is open once its words are in; a photo that fails on a weak signal can follow.
      for (const photo of photos) await uploadPhoto(`/api/v1/deals/${deal.id}/dispute/photos`, photo);
      onSent();
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'offline', ''));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={onSubmit} noValidate>
      <h2>{t('deals.dispute')}</h2>
      <FormError error={error} />
      <Field id="dispute-reason" name="reason" label={t('deals.disputeReason')} error={error}>
        {(props) => (
          <select {...props} value={reason} onChange={(e) => setReason((e.currentTarget as HTMLSelectElement).value as DisputeReason)}>
            {DISPUTE_REASONS.map((r) => (
              <option key={r} value={r}>
                {t(`deals.disputeReason.${r}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id="dispute-message" name="message" label={t('deals.disputeMessage')} error={error}>
        {(props) => <textarea {...props} rows={3} maxLength={2000} required value={message} onInput={(e) => setMessage((e.currentTarget as HTMLTextAreaElement).value)} />}
      </Field>
      <PhotoPicker photos={photos} onChange={setPhotos} max={8} idPrefix="dispute-photo" />
      <button type="submit" disabled={busy}>
        {t('deals.disputeSubmit')}
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
  const [delivered, setDelivered] = useState<Record<number, string>>({});
  const [disputing, setDisputing] = useState(false);

  if (!acting.ready) return acting.view;
  if (!d) return <LoadState loading={deal.loading} error={deal.error} />;

  const step = async (action: 'deliver' | 'confirm' | 'cancel') => {
    setBusy(true);
    setStepError(null);
    try {
      const params = { params: { path: { id: d.id } } };
      if (action === 'deliver') {
        // Every line, in the deal's order, so an error on lines[i] is the i-th input here.
        const lines = d.lines.map((l) => ({ lineNo: l.lineNo, deliveredQuantity: (delivered[l.lineNo] ?? l.quantity).trim() }));
        await ok(api.POST('/api/v1/deals/{id}/deliver', { ...params, body: { lines } }));
      }
      else if (action === 'confirm') await ok(api.POST('/api/v1/deals/{id}/confirm', params));
      else await ok(api.POST('/api/v1/deals/{id}/cancel', params));
    } catch (e) {
      setStepError(e instanceof ApiError ? e : new ApiError(0, 'offline', ''));
    } finally {
      setBusy(false);
      deal.reload();
    }
  };

  // A cooperative's member firm marks its own line delivered, as agreed; the last line marked delivers the deal.
  const markLine = async (lineNo: number) => {
    setBusy(true);
    setStepError(null);
    try {
      await ok(api.POST('/api/v1/deals/{id}/lines/{lineNo}/deliver', { params: { path: { id: d.id, lineNo } }, body: {} }));
    } catch (e) {
      setStepError(e instanceof ApiError ? e : new ApiError(0, 'offline', ''));
    } finally {
      setBusy(false);
      deal.reload();
    }
  };

  // A side proposes a settlement; the other side sending the same terms settles the dispute.
  const resolve = async (outcome: 'completed' | 'cancelled', lines?: Array<{ lineNo: number; deliveredQuantity: string }>) => {
    setBusy(true);
    setStepError(null);
    try {
      await ok(api.POST('/api/v1/deals/{id}/resolve', { params: { path: { id: d.id } }, body: { outcome, lines: outcome === 'completed' ? lines : undefined } }));
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
      {d.role === 'supplier' && <p class="hint">{t('deals.ownLinesOnly')}</p>}
      <ul class="shares">
        {d.lines.map((line) => (
          <li key={line.lineNo}>
            {organizationName(line.organizationId)}: {formatQuantity(line.quantity, d.unit)} · <PerUnit price={line.unitPrice} unit={d.unit} />
            {line.deliveredQuantity !== null && <> · {t('deals.deliveredLine', { quantity: formatQuantity(line.deliveredQuantity, d.unit) })}</>}
            {line.deliveredQuantity === null && line.markedQuantity !== null && <> · {t('deals.lineMarked', { quantity: formatQuantity(line.markedQuantity, d.unit) })}</>}
            {d.markableLines.includes(line.lineNo) && (
              <>
                {' '}
                <button type="button" disabled={busy} onClick={() => void markLine(line.lineNo)}>
                  {t('deals.markMyLineDelivered')}
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
      <p>
        {t('deals.total')}: {d.totals.map((total) => formatMoney(total)).join(' + ')}
      </p>
      {d.dispute && <p class="card">{t('deals.disputeOpen', { message: d.dispute.message })}</p>}
      {d.dispute && d.dispute.photos.length > 0 && (
        <ul class="event-photos" aria-label={t('deals.disputePhotos')}>
          {d.dispute.photos.map((photo, i) => (
            <li key={photo.id}>
              <Photo photo={photo} alt={t('deals.disputePhotoN', { n: i + 1 })} sizes="(min-width: 600px) 300px, 100vw" />
            </li>
          ))}
        </ul>
      )}
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
      {side === 'seller' && d.status === 'agreed' && (
        <fieldset class="delivered">
          <p class="hint">{t('deals.deliveredHint')}</p>
          {d.lines.map((line) => (
            <Field key={line.lineNo} id={`delivered-${line.lineNo}`} name={`lines[${d.lines.indexOf(line)}].deliveredQuantity`} label={t('deals.deliveredQuantity', { n: line.lineNo })} error={stepError}>
              {(props) => (
                <input
                  {...props}
                  inputMode="decimal"
                  value={delivered[line.lineNo] ?? line.quantity}
                  onInput={(e) => setDelivered({ ...delivered, [line.lineNo]: (e.currentTarget as HTMLInputElement).value })}
                />
              )}
            </Field>
          ))}
        </fieldset>
      )}
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
          {side === 'buyer' && d.status === 'delivered' && !disputing && (
            <button type="button" class="secondary" disabled={busy} onClick={() => setDisputing(true)}>
              {t('deals.dispute')}
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
      {side === 'buyer' && d.status === 'delivered' && disputing && (
        <DisputeForm
          deal={d}
          onSent={() => {
            setDisputing(false);
            deal.reload();
          }}
        />
      )}
      {d.status === 'disputed' && <p class="muted">{t('deals.waitingForSettlement')}</p>}
      {d.status === 'disputed' && side && organizationId && d.dispute && (
        <div class="actions">
          {d.dispute.proposal && d.dispute.proposal.proposedByOrganizationId !== organizationId && (
            <>
              <p>
                {d.dispute.proposal.outcome === 'completed'
                  ? t('deals.proposal.completed', {
                      organization: organizationName(d.dispute.proposal.proposedByOrganizationId),
                      quantity: d.dispute.proposal.lines.map((l) => formatQuantity(l.deliveredQuantity, d.unit)).join(' + '),
                    })
                  : t('deals.proposal.cancelled', { organization: organizationName(d.dispute.proposal.proposedByOrganizationId) })}
              </p>
              <button type="button" disabled={busy} onClick={() => void resolve(d.dispute!.proposal!.outcome, d.dispute!.proposal!.lines)}>
                {t('deals.agreeProposal')}
              </button>
            </>
          )}
          {d.dispute.proposal?.proposedByOrganizationId === organizationId && <p class="muted">{t('deals.proposalSent')}</p>}
          <button type="button" class="secondary" disabled={busy} onClick={() => void resolve('completed')}>
            {t('deals.proposeComplete')}
          </button>
          <button type="button" class="secondary" disabled={busy} onClick={() => void resolve('cancelled')}>
            {t('deals.proposeCancel')}
          </button>
        </div>
      )}

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

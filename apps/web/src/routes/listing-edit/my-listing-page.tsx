import { useEffect, useState } from 'preact/hooks';
import { useLocation, useRoute } from 'preact-iso';
import { loadCatalog, productByCode, provinceByCode } from '../../api/catalog';
import { api, ok } from '../../api/client';
import { ApiError } from '../../api/problem';
import type { Schemas } from '../../api/types';
import { FormError } from '../../components/field';
import { formatQuantity, PerUnit } from '../../components/money';
import { LoadState } from '../../components/status';
import { useData } from '../../components/use-data';
import { formatDate, formatNumber, formatPercent } from '../../i18n/format';
import { nameOf, t, type MessageKey } from '../../i18n/i18n';
import { useSignedIn } from '../../components/signed-in';
import { type Listing, ListingForm, type ListingFields } from './listing-form';
import { PhotosEditor } from './photos-editor';
import { toDateInput } from './dates';
import { uploadListingPhoto } from './photos';
import './listing-edit.css';

type Match = Schemas['ListingMatchDto'];

export function MyListingPage() {
  const inside = useSignedIn();
  const { params, query } = useRoute();
  const id = params.id!;
  useEffect(() => void loadCatalog().catch(() => undefined), []);
  const listing = useData(() => ok(api.GET('/api/v1/listings/{id}', { params: { path: { id } } })), [id]);
  if (!inside) return null;
  if (!listing.data) {
    return (
      <section class="narrow">
        <LoadState loading={listing.loading} error={listing.error} />
      </section>
    );
  }
  const l = listing.data;
  const photosFailed = Number(query.photosFailed ?? 0);
  return (
    <section class="narrow">
      <p>
        <a href="/my/listings">{t('listing.backToMine')}</a>
      </p>
      <h1>{l.title}</h1>
      <Summary listing={l} />
      {photosFailed > 0 && (
        <p class="form-error" role="alert">
          {t('listing.photosFailed', { count: photosFailed })}
        </p>
      )}
      <StatusActions listing={l} onChanged={listing.reload} />
      <Photos listing={l} onChanged={listing.reload} />
      {l.status !== 'closed' && <Matches listing={l} />}
      {l.status !== 'closed' && <EditListing listing={l} onSaved={listing.reload} />}
    </section>
  );
}

function Summary({ listing }: { listing: Listing }) {
  return (
    <dl class="summary">
      <dt>{t('listing.status')}</dt>
      <dd>
        <span class={`badge status-${listing.status}`}>{t(`listing.status.${listing.status}` as MessageKey)}</span>
      </dd>
      <dt>{t('listing.product')}</dt>
      <dd>
        {nameOf(productByCode(listing.productCode))}
        {listing.qualityGrade ? `, ${t('common.grade', { grade: listing.qualityGrade })}` : ''}
      </dd>
      <dt>{t('listing.remaining')}</dt>
      <dd>{t('listing.remainingOf', { remaining: formatQuantity(listing.quantityRemaining, listing.unit), total: formatQuantity(listing.quantity, listing.unit) })}</dd>
      <dt>{t('listing.price')}</dt>
      <dd>
        <PerUnit price={listing.price} unit={listing.unit} />
      </dd>
      <dt>{t('listing.where')}</dt>
      <dd>{nameOf(provinceByCode(listing.provinceCode))}</dd>
      <dt>{t('listing.when')}</dt>
      <dd>
        {listing.availableUntil
          ? t('listing.fromUntil', { from: formatDate(listing.availableFrom), until: formatDate(listing.availableUntil) })
          : t('listing.fromOn', { from: formatDate(listing.availableFrom) })}
      </dd>
      {listing.minOrderQuantity && (
        <>
          <dt>{t('listing.minOrder')}</dt>
          <dd>{formatQuantity(listing.minOrderQuantity, listing.unit)}</dd>
        </>
      )}
    </dl>
  );
}

function StatusActions({ listing, onChanged }: { listing: Listing; onChanged: () => void }) {
  const [error, setError] = useState<ApiError | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const run = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      setConfirming(false);
      onChanged();
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'offline', ''));
    } finally {
      setBusy(false);
    }
  };
  const setStatus = (status: 'active' | 'paused') => run(() => ok(api.PATCH('/api/v1/listings/{id}', { params: { path: { id: listing.id } }, body: { status } })));
  const close = () => run(() => ok(api.DELETE('/api/v1/listings/{id}', { params: { path: { id: listing.id } } })));
  if (listing.status === 'closed') return <p class="muted">{t('listing.closedNote')}</p>;
  return (
    <div>
      <FormError error={error} />
      <div class="listing-actions">
        {listing.status === 'active' && (
          <button type="button" class="secondary" disabled={busy} onClick={() => void setStatus('paused')}>
            {t('listing.pause')}
          </button>
        )}
        {(listing.status === 'paused' || listing.status === 'expired') && (
          <button type="button" class="secondary" disabled={busy} onClick={() => void setStatus('active')}>
            {t('listing.resume')}
          </button>
        )}
        {confirming ? (
          <>
            <button type="button" class="danger" disabled={busy} onClick={() => void close()}>
              {t('listing.closeConfirm')}
            </button>
            <button type="button" class="secondary" onClick={() => setConfirming(false)}>
              {t('listing.closeCancel')}
            </button>
          </>
        ) : (
          <button type="button" class="secondary" onClick={() => setConfirming(true)}>
            {t('listing.close')}
          </button>
        )}
      </div>
      {confirming && <p role="status">{t('listing.closeWarning')}</p>}
    </div>
  );
}

function Photos({ listing, onChanged }: { listing: Listing; onChanged: () => void }) {
  return (
    <PhotosEditor
      headingId="listing-photos-title"
      title={t('listing.photos')}
      none={t('listing.noPhotos')}
      photos={listing.photos}
      open={listing.status !== 'closed'}
      alt={(n) => t('listing.photoAlt', { n, title: listing.title })}
      idPrefix="listing-more-photo"
      upload={(photo) => uploadListingPhoto(listing.id, photo)}
      remove={(photoId) => ok(api.DELETE('/api/v1/listings/{id}/photos/{photoId}', { params: { path: { id: listing.id, photoId } } }))}
      onChanged={onChanged}
    />
  );
}

/** The open demands this listing fits, best first, with why: where a producer finds buyers. */
function Matches({ listing }: { listing: Listing }) {
  const matches = useData(() => ok(api.GET('/api/v1/listings/{id}/matches', { params: { path: { id: listing.id } } })), [listing.id, listing.updatedAt]);
  return (
    <section aria-labelledby="listing-matches-title">
      <h2 id="listing-matches-title">{t('listing.matches')}</h2>
      <LoadState loading={matches.loading && !matches.data} error={matches.error} />
      {matches.data && matches.data.items.length === 0 && <p class="muted">{t('listing.noMatches')}</p>}
      {matches.data && matches.data.items.length > 0 && (
        <ul class="matches">
          {matches.data.items.map((match) => (
            <MatchCard key={match.demand.id} match={match} listing={listing} />
          ))}
        </ul>
      )}
    </section>
  );
}

function MatchCard({ match, listing }: { match: Match; listing: Listing }) {
  const d = match.demand;
  return (
    <li class="card">
      <h3>{t('listing.matchTitle', { quantity: formatQuantity(d.quantity, d.unit), product: nameOf(productByCode(d.productCode)) })}</h3>
      <p>
        {t('listing.matchBuyer', { name: d.organization.name })}
        {d.organization.verified && <span class="badge">{t('listing.verified')}</span>}
      </p>
      <p>
        {t('listing.matchFacts', {
          province: nameOf(provinceByCode(d.deliveryProvinceCode)),
          date: formatDate(d.neededBy),
          supply: formatQuantity(match.quantity, d.unit),
          coverage: formatPercent(match.coverage),
          km: formatNumber(match.distanceKm, 0),
        })}
      </p>
      {d.maxPrice && (
        <p>
          {t('listing.matchMaxPrice')} <PerUnit price={d.maxPrice} unit={d.unit} />
        </p>
      )}
      <p class="hint">{t('listing.reasons')}</p>
      {/* The API words its reasons in English; the figures above say the same in the person's language. */}
      <ul class="reasons" lang="en">
        {match.reasons.map((reason) => (
          <li key={reason}>{reason}</li>
        ))}
      </ul>
      <a class="button" href={`/demands/${d.id}/quote?listing=${listing.id}`}>
        {t('listing.quote')}
      </a>
    </li>
  );
}

function EditListing({ listing, onSaved }: { listing: Listing; onSaved: () => void }) {
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const { route } = useLocation();
  const onSubmit = async (fields: ListingFields) => {
    setBusy(true);
    setError(null);
    setSaved(false);
    // Product and unit are fixed once listed; cleared optional fields are sent as null.
    const { productCode: _product, unit: _unit, availableFrom, ...rest } = fields;
    // The form holds days; a day left as it was keeps the listing's exact time.
    const sameDay = (a: string | null | undefined, b: string | undefined) => toDateInput(a) === toDateInput(b);
    try {
      await ok(
        api.PATCH('/api/v1/listings/{id}', {
          params: { path: { id: listing.id } },
          body: {
            ...rest,
            qualityGrade: fields.qualityGrade ?? null,
            minOrderQuantity: fields.minOrderQuantity ?? null,
            description: fields.description ?? null,
            ...(availableFrom && !sameDay(listing.availableFrom, availableFrom) ? { availableFrom } : {}),
            availableUntil: sameDay(listing.availableUntil, fields.availableUntil) ? undefined : (fields.availableUntil ?? null),
            location: fields.location ?? null,
          },
        }),
      );
      setSaved(true);
      onSaved();
      route(`/my/listings/${listing.id}`, true);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'offline', ''));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="listing-edit-title">
      <h2 id="listing-edit-title">{t('listingForm.editTitle')}</h2>
      {saved && (
        <p role="status" class="badge">
          {t('listingForm.saved')}
        </p>
      )}
      <ListingForm key={listing.updatedAt} listing={listing} error={error} busy={busy} submitLabel={t('listingForm.save')} onSubmit={(f) => void onSubmit(f)} />
    </section>
  );
}

import { productByCode, provinceByCode } from '../api/catalog';
import type { Schemas } from '../api/types';
import { formatNumber } from '../i18n/format';
import { nameOf, t } from '../i18n/i18n';
import { formatQuantity, PerUnit } from './money';
import { Photo } from './photo';
import { VerifiedBadge } from './reputation';
import './listing-card.css';

export type Listing = Schemas['ListingDto'];

// A thumbnail beside the words on a phone (listing-card.css), then two columns of cards from
// 600 px, three once the page reaches its 960 px width.
export const CARD_PHOTO_SIZES = '(min-width: 960px) 300px, (min-width: 600px) 50vw, 112px';

/**
 * A listing in search results and on an organization's profile: cover photo, price, seller.
 * `eager` for the first card, on screen when the page opens: a lazy photo there would be
 * fetched only after layout, late for the page's largest paint.
 */
export function ListingCard({ listing, showSeller = true, eager = false }: { listing: Listing; showSeller?: boolean; eager?: boolean }) {
  const product = productByCode(listing.productCode);
  return (
    <li class="card listing-card">
      <Photo photo={listing.photos[0]} alt={listing.title} sizes={CARD_PHOTO_SIZES} eager={eager} />
      <h3>
        <a href={`/listings/${listing.id}`}>{listing.title}</a>
      </h3>
      <p class="price">
        <PerUnit price={listing.price} unit={listing.unit} />
      </p>
      <p class="muted">
        {nameOf(product)}
        {listing.qualityGrade && ` · ${t('common.grade', { grade: listing.qualityGrade })}`} · {nameOf(provinceByCode(listing.provinceCode))}
      </p>
      <p>{t('search.available', { quantity: formatQuantity(listing.quantityRemaining, listing.unit) })}</p>
      {listing.distanceKm !== undefined && <p class="muted">{t('search.distance', { km: formatNumber(listing.distanceKm, 1) })}</p>}
      {showSeller && (
        <p class="seller-line">
          {listing.organization.name} {listing.organization.verified && <VerifiedBadge />}
        </p>
      )}
    </li>
  );
}

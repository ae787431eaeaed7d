import { productByCode } from '../api/catalog';
import { api, ok } from '../api/client';
import { formatDate } from '../i18n/format';
import { nameOf, t } from '../i18n/i18n';
import { LoadState } from './status';
import { usePaged } from './use-paged';
import './seller.css';

/** The reviews an organization received, newest first, a few at a time. */
export function ReviewList({ organizationId, headingLevel = 2 }: { organizationId: string; headingLevel?: 2 | 3 }) {
  const reviews = usePaged(
    (cursor) => ok(api.GET('/api/v1/organizations/{id}/reviews', { params: { path: { id: organizationId }, query: { limit: 5, cursor } } })),
    [organizationId],
    `reviews:${organizationId}`,
  );
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <section class="reviews" aria-labelledby={`reviews-${organizationId}`}>
      <Heading id={`reviews-${organizationId}`}>{t('seller.reviews')}</Heading>
      <LoadState loading={reviews.loading && reviews.items.length === 0} error={reviews.error} />
      {!reviews.loading && reviews.items.length === 0 && !reviews.error && <p class="muted">{t('seller.noReviews')}</p>}
      <ul class="review-list">
        {reviews.items.map((review) => (
          <li key={review.id} class="review">
            <p class="stars">
              <span aria-hidden="true">{'★'.repeat(review.rating) + '☆'.repeat(5 - review.rating)}</span>{' '}
              <span>{t('seller.stars', { rating: review.rating })}</span>
            </p>
            {review.comment && <p class="comment">{review.comment}</p>}
            <p class="muted">
              {t('seller.reviewBy', { name: review.reviewerName, product: nameOf(productByCode(review.productCode)), date: formatDate(review.createdAt) })}
            </p>
          </li>
        ))}
      </ul>
      {reviews.hasMore && (
        <button type="button" class="secondary" onClick={reviews.more}>
          {t('seller.moreReviews')}
        </button>
      )}
    </section>
  );
}

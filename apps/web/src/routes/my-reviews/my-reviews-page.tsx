import { useEffect } from 'preact/hooks';
import { loadCatalog, productByCode } from '../../api/catalog';
import { api, ok } from '../../api/client';
import { LoadState } from '../../components/status';
import { useData } from '../../components/use-data';
import { formatDate, formatNumber } from '../../i18n/format';
import { nameOf, t } from '../../i18n/i18n';
import { currentMembership } from '../../session/session';
import { useSignedIn } from '../../components/signed-in';

export function MyReviewsPage() {
  const inside = useSignedIn();
  const organization = currentMembership.value;
  useEffect(() => void loadCatalog().catch(() => undefined), []);
  const data = useData(async () => {
    if (!organization) return null;
    const path = { id: organization.organizationId };
    const [profile, reviews] = await Promise.all([
      ok(api.GET('/api/v1/organizations/{id}', { params: { path } })),
      ok(api.GET('/api/v1/organizations/{id}/reviews', { params: { path, query: { limit: 50 } } })),
    ]);
    return { reputation: profile.reputation, reviews: reviews.items };
  }, [organization?.organizationId]);
  if (!inside) return null;
  const reputation = data.data?.reputation;
  return (
    <section class="narrow">
      <h1>{t('reviews.title')}</h1>
      {organization && <p class="lead">{organization.organizationName}</p>}
      <LoadState loading={data.loading && !data.data} error={data.error} />
      {reputation && (
        <p>
          {reputation.averageRating === null
            ? t('reviews.notRated', { deals: reputation.completedDeals })
            : t('reviews.average', { rating: formatNumber(reputation.averageRating, 1), count: reputation.ratedDeals, deals: reputation.completedDeals })}
        </p>
      )}
      {data.data && !reputation && data.data.reviews.length === 0 && <p class="muted">{t('reviews.none')}</p>}
      <ul class="cards">
        {data.data?.reviews.map((review) => (
          <li key={review.id} class="card">
            <p>
              <strong>{t('reviews.stars', { rating: review.rating })}</strong> {t('reviews.from', { name: review.reviewerName })}
            </p>
            <p class="muted">
              {nameOf(productByCode(review.productCode))} · {formatDate(review.createdAt)} · {review.side === 'buyer' ? t('reviews.asSeller') : t('reviews.asBuyer')}
            </p>
            {review.comment && <p>{review.comment}</p>}
          </li>
        ))}
      </ul>
    </section>
  );
}

import './seller.css';
import type { Schemas } from '../api/types';
import { formatNumber, formatPercent } from '../i18n/format';
import { t } from '../i18n/i18n';

type Reputation = Schemas['OrganizationReputationDto'];

export function VerifiedBadge() {
  return <span class="badge">✓ {t('seller.verified')}</span>;
}

/** The trust figures of a seller: completed deals, average rating, deliveries on time. */
export function ReputationFigures({ reputation }: { reputation: Reputation | undefined }) {
  if (!reputation) return null;
  return (
    <dl class="figures">
      <div>
        <dt>{t('seller.completedDeals')}</dt>
        <dd>{formatNumber(reputation.completedDeals)}</dd>
      </div>
      <div>
        <dt>{t('seller.rating')}</dt>
        <dd>
          {reputation.averageRating === null
            ? t('seller.notRated')
            : t('seller.ratingValue', { rating: formatNumber(reputation.averageRating, 1), count: formatNumber(reputation.ratedDeals) })}
        </dd>
      </div>
      <div>
        <dt>{t('seller.onTime')}</dt>
        <dd>{reputation.onTimeShare === null ? t('seller.noDeliveries') : formatPercent(reputation.onTimeShare)}</dd>
      </div>
    </dl>
  );
}

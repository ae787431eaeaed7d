import './seller.css';
import type { Schemas } from '../api/types';
import { formatNumber, formatPercent } from '../i18n/format';
import { t } from '../i18n/i18n';

type Reputation = Schemas['OrganizationReputationDto'];

export function VerifiedBadge() {
  return <span class="badge">✓ {t('seller.verified')}</span>;
}

/** "45 minutes", "3 hours", "2 days": a median time to reply, rounded up as the match reasons round it. */
function replyTime(minutes: number): string {
  if (minutes < 60) return t('seller.withinMinutes', { minutes: formatNumber(Math.max(1, minutes)) });
  const hours = Math.ceil(minutes / 60);
  return hours < 48 ? t('seller.withinHours', { hours: formatNumber(hours) }) : t('seller.withinDays', { days: formatNumber(Math.ceil(hours / 24)) });
}

/** The trust figures of a seller: completed deals, average rating, deliveries on time, how it answers requests. */
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
      <div>
        <dt>{t('seller.replies')}</dt>
        <dd>{reputation.responseRate === null ? t('seller.fewRequests') : formatPercent(reputation.responseRate)}</dd>
      </div>
      {reputation.medianResponseMinutes !== null && (
        <div>
          <dt>{t('seller.repliesWithin')}</dt>
          <dd>{replyTime(reputation.medianResponseMinutes)}</dd>
        </div>
      )}
    </dl>
  );
}

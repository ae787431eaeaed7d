import type { Schemas } from '../api/types';
import { formatDate, formatNumber } from '../i18n/format';
import { t } from '../i18n/i18n';

type Demand = Schemas['DemandDto'];

/** "3 of 10 quotes received", and until when a demand takes quotes. */
export function QuotesReceived({ demand }: { demand: Pick<Demand, 'quotesReceived' | 'quotesWanted' | 'quotesUntil'> }) {
  return (
    <p class="muted">
      {demand.quotesWanted !== null
        ? t('quote.receivedOf', { received: formatNumber(demand.quotesReceived), wanted: formatNumber(demand.quotesWanted) })
        : t(demand.quotesReceived === 1 ? 'quote.receivedOne' : 'quote.received', { received: formatNumber(demand.quotesReceived) })}
      {demand.quotesUntil && ` · ${t('quote.until', { date: formatDate(demand.quotesUntil) })}`}
    </p>
  );
}

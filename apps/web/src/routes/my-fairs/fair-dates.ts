import { formatDate } from '../../i18n/format';
import { t } from '../../i18n/i18n';

/**
 * The instant applications close, from the day the organizer picks: the end of that day in
 * Cambodia (UTC+7, no daylight saving). Empty stays empty, for the API to name the field.
 */
export function closingInstant(day: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(day) ? `${day}T23:59:00+07:00` : day;
}

/** Today in Cambodia (UTC+7), YYYY-MM-DD, whatever the phone's zone. */
export function cambodiaToday(now = new Date()): string {
  return new Date(now.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
}

/** When a fair runs: `16 ធ្នូ 2026`, or from one day to another. */
export function fairDates(fair: { startsOn: string; endsOn: string }): string {
  return fair.startsOn === fair.endsOn ? formatDate(fair.startsOn) : t('fair.dates', { from: formatDate(fair.startsOn), until: formatDate(fair.endsOn) });
}

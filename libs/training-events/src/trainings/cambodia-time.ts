import { DateTime } from 'luxon';

/** Cambodia keeps UTC+7 all year; sessions, reminders and calendars are told in its time. */
export const CAMBODIA_ZONE = 'Asia/Phnom_Penh';

/**
 * A query's from/to: a date-time with an offset as given, a bare date as that day in
 * Cambodia (its start, or with `endOfDay` the start of the next day, for an exclusive bound).
 */
export function parseDateBound(value: string, endOfDay = false): Date {
  if (value.includes('T')) return new Date(value);
  const day = DateTime.fromISO(value, { zone: CAMBODIA_ZONE }).startOf('day');
  return (endOfDay ? day.plus({ days: 1 }) : day).toJSDate();
}

import { DateTime } from 'luxon';
import { CAMBODIA_ZONE } from '../trainings/cambodia-time';

/** `days` from today at a local hour (fractions are minutes), so the demo always shows upcoming events. */
export function at(days: number, hour: number): Date {
  return DateTime.now().setZone(CAMBODIA_ZONE).startOf('day').plus({ days, minutes: Math.round(hour * 60) }).toJSDate();
}

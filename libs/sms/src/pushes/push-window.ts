/**
 * When a push may leave: quiet hours and the day its cap counts in, both in Cambodia's time.
 * Asia/Phnom_Penh is UTC+7 all year (no daylight saving), so plain arithmetic on minutes is
 * exact; no time-zone library is needed.
 */

const OFFSET_MINUTES = 7 * 60;
const DAY_MINUTES = 24 * 60;
const MINUTE_MS = 60_000;

/** Minutes after midnight, Phnom Penh time; start inclusive, end exclusive. start === end: no quiet hours. */
export interface QuietHours {
  start: number;
  end: number;
}

export const QUIET_HOURS_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/;

/** "21:00-07:00" → { start: 1260, end: 420 }. */
export function parseQuietHours(text: string): QuietHours {
  const m = QUIET_HOURS_PATTERN.exec(text);
  if (!m) throw new Error(`quiet hours: "${text}" is not HH:MM-HH:MM`);
  return { start: Number(m[1]) * 60 + Number(m[2]), end: Number(m[3]) * 60 + Number(m[4]) };
}

/** Minutes since the Unix epoch, shifted to Phnom Penh's wall clock. */
function localMinutes(now: Date): number {
  return Math.floor(now.getTime() / MINUTE_MS) + OFFSET_MINUTES;
}

function minuteOfDay(now: Date): number {
  return ((localMinutes(now) % DAY_MINUTES) + DAY_MINUTES) % DAY_MINUTES;
}

/** The calendar day in Phnom Penh, YYYY-MM-DD: the day a push's cap counts in. */
export function phnomPenhDay(now: Date): string {
  return new Date(now.getTime() + OFFSET_MINUTES * MINUTE_MS).toISOString().slice(0, 10);
}

export function isQuiet(now: Date, quiet: QuietHours): boolean {
  if (quiet.start === quiet.end) return false;
  const minute = minuteOfDay(now);
  // A window that wraps midnight (21:00-07:00) is the part after start or before end.
  return quiet.start < quiet.end ? minute >= quiet.start && minute < quiet.end : minute >= quiet.start || minute < quiet.end;
}

/** The first moment at or after `now` outside quiet hours (`now` itself when it is not quiet). */
export function quietHoursEnd(now: Date, quiet: QuietHours): Date {
  if (!isQuiet(now, quiet)) return now;
  const minute = minuteOfDay(now);
  const wait = (quiet.end - minute + DAY_MINUTES) % DAY_MINUTES;
  // From the start of the current minute, so the release lands on 07:00:00 exactly.
  const minuteStart = Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS;
  return new Date(minuteStart + wait * MINUTE_MS);
}

export type PushTiming = { action: 'send'; day: string } | { action: 'hold'; until: Date };

/** What to do with a push made at `now`: send it (counting in that day's cap) or hold it until quiet hours end. */
export function pushTiming(now: Date, quiet: QuietHours): PushTiming {
  if (isQuiet(now, quiet)) return { action: 'hold', until: quietHoursEnd(now, quiet) };
  return { action: 'send', day: phnomPenhDay(now) };
}

/** `2026-03-01` → `2026-03-01T17:00:00+07:00`: the end of the working day in Cambodia (UTC+7, no DST). */
export function cambodiaEndOfDay(date: string): string {
  return `${date}T17:00:00+07:00`;
}

/** The date in Cambodia `offsetDays` from now, as `YYYY-MM-DD` (a date input's value or min). */
export function cambodiaDate(offsetDays = 0, now = new Date()): string {
  return new Date(now.getTime() + 7 * 3600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

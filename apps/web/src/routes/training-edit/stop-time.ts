// A stop's date and times are typed as Cambodia's wall clock (UTC+7, no daylight saving),
// whatever zone the phone is set to: the village hall is in Cambodia.

/** `2026-12-05` and `08:30` → `2026-12-05T08:30:00+07:00`; '' when either is missing or malformed. */
export function cambodiaDateTime(date: string, time: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}$/.test(time)) return '';
  return `${date}T${time}:00+07:00`;
}

/** The attendance sheet's file name for a stop: its date and venue, nothing a file system refuses. */
export function attendanceFileName(startsAt: string, venue: string): string {
  const day = new Date(new Date(startsAt).getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
  const place = venue
    .normalize('NFC')
    .replace(/[\\/:*?"<>|]+/g, ' ')
    .trim()
    .replace(/\s+/g, '-')
    .slice(0, 60);
  return `attendance-${day}${place ? `-${place}` : ''}.csv`;
}

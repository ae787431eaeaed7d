import { DateTime } from 'luxon';
import { CAMBODIA_ZONE } from '../trainings/cambodia-time';
import type { RegistrationStatus } from '../registrations/registration.entity';
import type { AttendanceCountsDto } from './dto/attendance.dto';

export interface AttendanceCsvRow {
  name: string | null;
  organization: string | null;
  seats: number;
  status: RegistrationStatus;
  checkedInAt: Date | null;
  walkIn: boolean;
}

/** Excel reads a file as UTF-8 (Khmer names intact) only when it starts with the byte order mark. */
const BOM = '\uFEFF';

/**
 * The attendance sheet a supplier hands to its donor: one row per registration, then the
 * totals, the same figures as the JSON attendance report. CRLF line ends, as RFC 4180 has it.
 */
export function attendanceCsv(rows: AttendanceCsvRow[], totals: AttendanceCountsDto): string {
  const lines = [
    ['Name', 'Organization', 'Seats', 'Status', 'Checked in at (Cambodia time)', 'Walk-in'],
    ...rows.map((r) => [
      r.name ?? '',
      r.organization ?? '',
      String(r.seats),
      r.status,
      r.checkedInAt ? DateTime.fromJSDate(r.checkedInAt, { zone: CAMBODIA_ZONE }).toFormat('yyyy-MM-dd HH:mm:ss') : '',
      r.walkIn ? 'yes' : 'no',
    ]),
    [],
    ['Registered', String(totals.registered)],
    ['Attended', String(totals.attended)],
    ['No-shows', totals.noShows === null ? '' : String(totals.noShows)],
    ['Walk-ins', String(totals.walkIns)],
    ['Waitlisted', String(totals.waitlisted)],
  ];
  return BOM + lines.map((cells) => cells.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/**
 * Quoted when it holds a comma, quote or line break; a name starting with = + - @ (or a tab
 * or carriage return) is prefixed with ' so a spreadsheet shows it rather than running it.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

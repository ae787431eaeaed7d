import { csvDocument } from '@psar/platform';
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
  return csvDocument(lines);
}

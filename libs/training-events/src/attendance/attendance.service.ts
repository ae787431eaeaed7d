import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { OrganizationAccessService } from '@psar/identity';
import { ProblemException } from '@psar/platform';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import type { RegistrationKind, RegistrationStatus } from '../registrations/registration.entity';
import { CAMBODIA_ZONE } from '../trainings/cambodia-time';
import type { SessionStatus } from '../trainings/training-session.entity';
import { attendanceCsv } from './attendance-csv';
import type { AttendanceCountsDto, SessionAttendanceDto, TrainingAttendanceDto } from './dto/attendance.dto';

interface Row {
  session_id: string;
  starts_at: Date;
  province_code: string;
  venue: string;
  status: SessionStatus;
  capacity: number;
  ended: boolean;
  registered: number;
  attended: number;
  waitlisted: number;
  walk_ins: number;
}

/** Who registered, who came, who did not: for the supplier's managers (others get 404). */
@Injectable()
export class AttendanceService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: OrganizationAccessService,
  ) {}

  async forSession(userId: string, sessionId: string): Promise<SessionAttendanceDto> {
    const [owner] = (await this.dataSource.query(
      'SELECT t.organization_id FROM training_sessions s JOIN trainings t ON t.id = s.training_id WHERE s.id = $1',
      [sessionId],
    )) as Array<{ organization_id: string }>;
    if (!owner) throw new ProblemException(HttpStatus.NOT_FOUND, 'not-found', 'No such training session');
    await this.access.assertCanAct(userId, owner.organization_id, { minRole: 'manager', private: true });
    return toSessionAttendance((await this.rows('s.id = $1', sessionId))[0]!);
  }

  /**
   * The session's attendance sheet as CSV (same access and the same totals as `forSession`):
   * every registration, waitlisted and cancelled included with their status.
   */
  async csvForSession(userId: string, sessionId: string): Promise<{ filename: string; body: string }> {
    const report = await this.forSession(userId, sessionId);
    const rows = (await this.dataSource.query(
      `SELECT kind, user_id, organization_id, attendee_name, seats, status, checked_in_at
       FROM training_registrations WHERE session_id = $1 ORDER BY created_at, id`,
      [sessionId],
    )) as Array<{
      kind: RegistrationKind;
      user_id: string | null;
      organization_id: string | null;
      attendee_name: string | null;
      seats: number;
      status: RegistrationStatus;
      checked_in_at: Date | null;
    }>;
    const users = await this.access.contactsOf(rows.flatMap((r) => (r.user_id ? [r.user_id] : [])));
    const { organizations } = await this.access.namesOf([], rows.flatMap((r) => (r.organization_id ? [r.organization_id] : [])));
    const body = attendanceCsv(
      rows.map((r) => ({
        name: r.attendee_name ?? (r.user_id ? (users.get(r.user_id)?.name ?? null) : null),
        organization: r.organization_id ? (organizations.get(r.organization_id) ?? null) : null,
        seats: r.seats,
        status: r.status,
        checkedInAt: r.checked_in_at,
        walkIn: r.kind === 'walk_in',
      })),
      report,
    );
    return { filename: `attendance-${DateTime.fromISO(report.startsAt, { zone: CAMBODIA_ZONE }).toFormat('yyyy-MM-dd')}-${sessionId.slice(0, 8)}.csv`, body };
  }

  async forTraining(userId: string, trainingId: string): Promise<TrainingAttendanceDto> {
    const [owner] = (await this.dataSource.query('SELECT organization_id FROM trainings WHERE id = $1', [trainingId])) as Array<{
      organization_id: string;
    }>;
    if (!owner) throw new ProblemException(HttpStatus.NOT_FOUND, 'not-found', 'No such training');
    await this.access.assertCanAct(userId, owner.organization_id, { minRole: 'manager', private: true });
    const sessions = (await this.rows('s.training_id = $1', trainingId)).map(toSessionAttendance);
    const held = sessions.filter((s) => s.status === 'scheduled');
    const sum = (pick: (s: SessionAttendanceDto) => number) => held.reduce((n, s) => n + pick(s), 0);
    const totals: AttendanceCountsDto = {
      registered: sum((s) => s.registered),
      attended: sum((s) => s.attended),
      noShows: sum((s) => s.noShows ?? 0),
      waitlisted: sum((s) => s.waitlisted),
      walkIns: sum((s) => s.walkIns),
    };
    return { trainingId, totals, sessions };
  }

  private async rows(condition: string, id: string): Promise<Row[]> {
    return (await this.dataSource.query(
      `SELECT s.id AS session_id, s.starts_at, s.province_code, s.venue, s.status, s.capacity, s.ends_at <= now() AS ended,
              coalesce(sum(r.seats) FILTER (WHERE r.status = 'confirmed'), 0)::int AS registered,
              coalesce(sum(r.seats) FILTER (WHERE r.status = 'confirmed' AND r.checked_in_at IS NOT NULL), 0)::int AS attended,
              coalesce(sum(r.seats) FILTER (WHERE r.status = 'waitlisted'), 0)::int AS waitlisted,
              coalesce(sum(r.seats) FILTER (WHERE r.status = 'confirmed' AND r.kind = 'walk_in'), 0)::int AS walk_ins
       FROM training_sessions s LEFT JOIN training_registrations r ON r.session_id = s.id
       WHERE ${condition}
       GROUP BY s.id
       ORDER BY s.starts_at, s.id`,
      [id],
    )) as Row[];
  }
}

function toSessionAttendance(r: Row): SessionAttendanceDto {
  return {
    sessionId: r.session_id,
    startsAt: r.starts_at.toISOString(),
    provinceCode: r.province_code,
    venue: r.venue,
    status: r.status,
    capacity: r.capacity,
    ended: r.ended,
    registered: r.registered,
    attended: r.attended,
    noShows: r.ended && r.status === 'scheduled' ? r.registered - r.attended : null,
    waitlisted: r.waitlisted,
    walkIns: r.walk_ins,
  };
}

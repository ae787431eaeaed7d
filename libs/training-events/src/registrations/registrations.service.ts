import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { normalizePhone, OrganizationAccessService, roleAtLeast } from '@psar/identity';
import { type Currency, decodeTimeKeyset, FieldError, OutboxService, Page, ProblemException, retrySerializationFailures, toPage, ValidationProblem } from '@psar/platform';
import { DateTime } from 'luxon';
import { DataSource, EntityManager } from 'typeorm';
import { rethrowAsProblem } from '../constraint-problems';
import { microseconds } from '../keyset';
import { type RegistrationEventPayload, TRAINING_EVENTS } from '../training-events';
import { CAMBODIA_ZONE } from '../trainings/cambodia-time';
import { generateCheckInCode, normalizeCheckInCode } from './check-in-code';
import type { ListRegistrationsQuery, MyRegistrationDto, RegistrationDto, StaffRegistrationDto } from './dto/registration.dto';
import type { RegisterForSessionDto } from './dto/register-for-session.dto';
import { splitCost } from '../events/cost-split';
import type { CancelReason, PaymentStatus, RegistrationKind, RegistrationStatus } from './registration.entity';
import { LockedSession, lockSession, settleWaitlist, summaryOf, takeMeetingPointSeats } from './session-seats';

export interface RegistrationRow {
  id: string;
  session_id: string;
  training_id: string;
  kind: RegistrationKind;
  user_id: string | null;
  organization_id: string | null;
  attendee_name: string | null;
  attendee_phone: string | null;
  seats: number;
  status: RegistrationStatus;
  waitlist_position: number | null;
  check_in_code: string | null;
  checked_in_at: Date | null;
  cancel_reason: CancelReason | null;
  created_at: Date;
  meeting_point_id: string | null;
  share_profile: boolean;
  amount_due: string | null;
  amount_currency: Currency | null;
  payment_status: PaymentStatus | null;
}

const COLUMNS = `id, session_id, training_id, kind, user_id, organization_id, attendee_name, attendee_phone, seats, status,
  waitlist_position, check_in_code, checked_in_at, cancel_reason, created_at, meeting_point_id, share_profile, amount_due,
  amount_currency, payment_status`;

const notFound = () => new ProblemException(HttpStatus.NOT_FOUND, 'not-found', 'No such registration');

export function toRegistrationDto(r: RegistrationRow): RegistrationDto {
  return {
    id: r.id,
    sessionId: r.session_id,
    trainingId: r.training_id,
    status: r.status,
    seats: r.seats,
    position: r.waitlist_position,
    checkInCode: r.check_in_code,
    organizationId: r.organization_id,
    checkedInAt: r.checked_in_at?.toISOString() ?? null,
    cancelReason: r.cancel_reason,
    createdAt: r.created_at.toISOString(),
    meetingPointId: r.meeting_point_id,
    shareProfile: r.share_profile,
    amountDue: r.amount_due === null || r.amount_currency === null ? null : { amount: r.amount_due, currency: r.amount_currency },
    paymentStatus: r.payment_status,
  };
}

@Injectable()
export class RegistrationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: OrganizationAccessService,
    private readonly outbox: OutboxService,
  ) {}

  /**
   * A user for themselves (or their organization, with seats), or the supplier's staff for
   * a walk-in (attendeeName and attendeePhone). Confirmed while seats remain and nobody is
   * waiting ahead, else waitlisted at the end of the line.
   */
  async register(userId: string, sessionId: string, dto: RegisterForSessionDto): Promise<RegistrationDto> {
    const walkIn = dto.attendeeName !== undefined || dto.attendeePhone !== undefined;
    const seats = dto.seats ?? 1;
    const phone = this.checkRegistrationInput(dto, walkIn, seats);
    try {
      return await retrySerializationFailures(() =>
        this.dataSource.transaction(async (manager) => {
          const session = await lockSession(manager, sessionId);
          if (walkIn) {
            await this.access.assertCanAct(userId, session.organizationId, { manager, field: 'sessionId' });
          } else if (dto.organizationId) {
            await this.access.assertCanAct(userId, dto.organizationId, { manager });
          }
          assertOpen(session, walkIn);
          if (seats > session.capacity) {
            throw new ProblemException(
              HttpStatus.UNPROCESSABLE_ENTITY,
              'too-many-seats',
              `This session has ${session.capacity} seats in all; ${seats} cannot be given`,
            );
          }
          if (dto.meetingPointId) await assertMeetingPoint(manager, session.id, dto.meetingPointId, seats);
          const cost = costOf(session, seats);
          if (!walkIn) {
            // Under the session lock this cannot race; the partial unique index is the guarantee.
            const existing = (await manager.query(
              `SELECT 1 FROM training_registrations WHERE session_id = $1 AND user_id = $2 AND status <> 'cancelled'`,
              [session.id, userId],
            )) as unknown[];
            if (existing.length > 0) {
              throw new ProblemException(HttpStatus.CONFLICT, 'already-registered', 'You are already registered for this session');
            }
          }
          if (walkIn && session.started) {
            // At the door there is no line to wait in: a free seat now, checked in at once, or no.
            const id = await this.seatAtTheDoor(manager, session, userId, dto.attendeeName!.trim(), phone!, seats);
            if (cost) await manager.query(SET_COST, [id, ...cost]);
            const row = await findRow(manager, id);
            await this.outbox.record(manager, TRAINING_EVENTS.registrationConfirmed, registrationPayload(session, row));
            return toRegistrationDto(row);
          }
          const [{ waiting }] = (await manager.query(
            `SELECT count(*)::int AS waiting FROM training_registrations WHERE session_id = $1 AND status = 'waitlisted'`,
            [session.id],
          )) as [{ waiting: number }];
          // Joins the end of the line; settleWaitlist then confirms it if the rule lets it through.
          const [inserted] = (await manager.query(
            `INSERT INTO training_registrations
               (session_id, training_id, kind, user_id, organization_id, registered_by, attendee_name, attendee_phone, seats, status, waitlist_position)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'waitlisted', $10)
             RETURNING id`,
            [
              session.id,
              session.trainingId,
              walkIn ? 'walk_in' : 'self',
              walkIn ? null : userId,
              walkIn ? null : (dto.organizationId ?? null),
              userId,
              walkIn ? dto.attendeeName!.trim() : null,
              walkIn ? phone : null,
              seats,
              waiting + 1,
            ],
          )) as Array<{ id: string }>;
          const id = inserted!.id;
          if (cost) await manager.query(SET_COST, [id, ...cost]);
          if (dto.meetingPointId || dto.shareProfile) {
            await manager.query('UPDATE training_registrations SET meeting_point_id = $2, share_profile = $3 WHERE id = $1', [
              id,
              dto.meetingPointId ?? null,
              dto.shareProfile ?? false,
            ]);
          }
          const settled = await settleWaitlist(manager, session);
          await this.recordSettled(manager, session, settled, id);
          const row = await findRow(manager, id);
          await this.outbox.record(
            manager,
            row.status === 'confirmed' ? TRAINING_EVENTS.registrationConfirmed : TRAINING_EVENTS.registrationWaitlisted,
            registrationPayload(session, row),
          );
          return toRegistrationDto(row);
        }),
      );
    } catch (error) {
      rethrowAsProblem(error);
    }
  }

  /**
   * The registrant, or a manager of the supplier, cancels: the seats go to the waitlist in
   * order. Cancelling what is already cancelled changes nothing.
   */
  async cancel(userId: string, sessionId: string, registrationId: string): Promise<void> {
    await retrySerializationFailures(() =>
      this.dataSource.transaction(async (manager) => {
        const session = await lockSession(manager, sessionId);
        const row = await findRow(manager, registrationId, sessionId);
        const bySupplier = row.user_id !== userId;
        if (bySupplier && !(await this.isStaff(userId, session.organizationId, 'manager', manager))) throw notFound();
        if (row.status === 'cancelled') return;
        if (session.started) {
          throw new ProblemException(
            HttpStatus.UNPROCESSABLE_ENTITY,
            'session-started',
            'The session has started: registrations can no longer be cancelled',
          );
        }
        await manager.query(
          `UPDATE training_registrations
           SET status = 'cancelled', cancelled_at = now(), cancel_reason = $2, waitlist_position = NULL
           WHERE id = $1`,
          [row.id, bySupplier ? 'by_supplier' : 'by_registrant'],
        );
        if (row.status === 'confirmed') {
          await manager.query('UPDATE training_sessions SET seats_confirmed = seats_confirmed - $2, updated_at = now() WHERE id = $1', [
            session.id,
            row.seats,
          ]);
          session.seatsConfirmed -= row.seats;
          await takeMeetingPointSeats(manager, [{ seats: row.seats, meetingPointId: row.meeting_point_id }], -1);
        }
        await this.recordSettled(manager, session, await settleWaitlist(manager, session));
      }),
    );
  }

  /** The registrant or the supplier's staff; anyone else gets 404. */
  async get(userId: string, sessionId: string, registrationId: string): Promise<RegistrationDto | StaffRegistrationDto> {
    const row = await findRow(this.dataSource.manager, registrationId, sessionId);
    if (row.user_id === userId) return toRegistrationDto(row);
    const organizationId = await this.organizationOfSession(sessionId);
    if (!(await this.isStaff(userId, organizationId, 'member'))) throw notFound();
    return (await this.withContacts([row]))[0]!;
  }

  /** The code of a confirmed registration, for its QR image; same visibility as `get`. */
  async checkInCodeOf(userId: string, sessionId: string, registrationId: string): Promise<string> {
    const registration = await this.get(userId, sessionId, registrationId);
    if (registration.status !== 'confirmed' || !registration.checkInCode) {
      throw new ProblemException(
        HttpStatus.CONFLICT,
        'not-confirmed',
        registration.status === 'waitlisted' ? 'A waitlisted registration gets its code once promoted' : 'This registration was cancelled',
      );
    }
    return registration.checkInCode;
  }

  /** The session's registrations with names and phone numbers: the supplier's managers only (else 404). */
  async list(userId: string, sessionId: string, query: ListRegistrationsQuery): Promise<Page<StaffRegistrationDto>> {
    const organizationId = await this.organizationOfSession(sessionId);
    await this.access.assertCanAct(userId, organizationId, { minRole: 'manager', private: true });
    const params: unknown[] = [sessionId, query.limit + 1];
    let filters = '';
    if (query.status) {
      params.push(query.status);
      filters += ` AND status = $${params.length}`;
    }
    if (query.cursor) {
      const [createdAt, id] = decodeTimeKeyset(query.cursor);
      params.push(createdAt, id);
      filters += ` AND (created_at, id) > ($${params.length - 1}::timestamptz, $${params.length}::uuid)`;
    }
    // training_registrations_session_idx (session_id, created_at, id)
    const rows = (await this.dataSource.query(
      `SELECT ${COLUMNS}, ${microseconds('created_at')} AS cursor_at
       FROM training_registrations WHERE session_id = $1 ${filters} ORDER BY created_at, id LIMIT $2`,
      params,
    )) as Array<RegistrationRow & { cursor_at: string }>;
    const page = toPage(rows, query.limit, (r) => [r.cursor_at, r.id]);
    return { items: await this.withContacts(page.items), nextCursor: page.nextCursor };
  }

  /** The caller's own registrations, soonest session first. */
  async listMine(userId: string, query: ListRegistrationsQuery): Promise<Page<MyRegistrationDto>> {
    const params: unknown[] = [userId, query.limit + 1];
    let filters = '';
    if (query.status) {
      params.push(query.status);
      filters += ` AND r.status = $${params.length}`;
    }
    if (query.cursor) {
      const [startsAt, id] = decodeTimeKeyset(query.cursor);
      params.push(startsAt, id);
      filters += ` AND (s.starts_at, r.id) > ($${params.length - 1}::timestamptz, $${params.length}::uuid)`;
    }
    const rows = (await this.dataSource.query(
      `SELECT ${COLUMNS.split(',').map((c) => `r.${c.trim()}`).join(', ')},
              t.title, s.starts_at, s.ends_at, s.province_code, s.venue, ${microseconds('s.starts_at')} AS cursor_at
       FROM training_registrations r
       JOIN training_sessions s ON s.id = r.session_id
       JOIN trainings t ON t.id = r.training_id
       WHERE r.user_id = $1 ${filters}
       ORDER BY s.starts_at, r.id LIMIT $2`,
      params,
    )) as Array<RegistrationRow & { title: string; starts_at: Date; ends_at: Date; province_code: string; venue: string; cursor_at: string }>;
    return toPage(
      rows,
      query.limit,
      (r) => [r.cursor_at, r.id],
      (r) => ({
        ...toRegistrationDto(r),
        trainingTitle: r.title,
        startsAt: r.starts_at.toISOString(),
        endsAt: r.ends_at.toISOString(),
        provinceCode: r.province_code,
        venue: r.venue,
      }),
    );
  }

  /**
   * The organizer's staff mark what a participant owes as paid, waived or due again. Only
   * for an event with a cost; a cancelled registration owes nothing. The registrant gets
   * 403, anyone else 404 (they do not learn the registration exists).
   */
  async setPayment(userId: string, sessionId: string, registrationId: string, status: PaymentStatus): Promise<StaffRegistrationDto> {
    const organizationId = await this.organizationOfSession(sessionId);
    const row = await findRow(this.dataSource.manager, registrationId, sessionId);
    if (!(await this.isStaff(userId, organizationId, 'member'))) {
      if (row.user_id === userId) {
        throw new ProblemException(HttpStatus.FORBIDDEN, 'organizer-only', "Only the organizer's staff mark what a participant paid");
      }
      throw notFound();
    }
    if (row.payment_status === null) {
      throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'no-cost', 'This event has no cost: there is nothing to pay');
    }
    if (row.status === 'cancelled') {
      throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'registration-cancelled', 'This registration was cancelled');
    }
    const [rows] = (await this.dataSource.query(
      `UPDATE training_registrations SET payment_status = $2, payment_updated_at = now(), payment_updated_by = $3
       WHERE id = $1 AND status <> 'cancelled' RETURNING ${COLUMNS}`,
      [row.id, status, userId],
    )) as [RegistrationRow[], number];
    // Cancelled between the read and the update.
    if (rows.length === 0) throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'registration-cancelled', 'This registration was cancelled');
    return (await this.withContacts(rows))[0]!;
  }

  /**
   * Supplier staff mark a confirmed registration as attended by its code. A code of
   * another session, a cancelled registration or a second check-in are refused with the
   * reason, so the person at the door knows what to tell the attendee.
   */
  async checkIn(userId: string, sessionId: string, rawCode: string): Promise<StaffRegistrationDto> {
    const code = normalizeCheckInCode(rawCode);
    if (!code) throw new ValidationProblem([{ field: 'code', message: 'code must be the 6-character check-in code, e.g. K7Q4MZ' }]);
    const [session] = (await this.dataSource.query(
      `SELECT s.training_id, s.status, t.organization_id FROM training_sessions s JOIN trainings t ON t.id = s.training_id WHERE s.id = $1`,
      [sessionId],
    )) as Array<{ training_id: string; status: string; organization_id: string }>;
    if (!session) throw new ProblemException(HttpStatus.NOT_FOUND, 'not-found', 'No such training session');
    await this.access.assertCanAct(userId, session.organization_id, { field: 'sessionId' });
    if (session.status === 'cancelled') {
      throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'session-cancelled', 'This session was cancelled');
    }
    const [rows] = (await this.dataSource.query(
      `UPDATE training_registrations SET checked_in_at = now(), checked_in_by = $3
       WHERE session_id = $1 AND check_in_code = $2 AND status = 'confirmed' AND checked_in_at IS NULL
       RETURNING ${COLUMNS}`,
      [sessionId, code, userId],
    )) as [RegistrationRow[], number];
    if (rows.length === 1) return (await this.withContacts(rows))[0]!;
    throw await this.checkInRefusal(sessionId, session.training_id, code);
  }

  private async checkInRefusal(sessionId: string, trainingId: string, code: string): Promise<ProblemException> {
    const [row] = (await this.dataSource.query(
      'SELECT status, checked_in_at FROM training_registrations WHERE session_id = $1 AND check_in_code = $2',
      [sessionId, code],
    )) as Array<{ status: RegistrationStatus; checked_in_at: Date | null }>;
    if (row?.checked_in_at) {
      return new ProblemException(
        HttpStatus.CONFLICT,
        'already-checked-in',
        `This code was already checked in at ${DateTime.fromJSDate(row.checked_in_at, { zone: CAMBODIA_ZONE }).toFormat('HH:mm')} (Cambodia time)`,
      );
    }
    if (row) {
      return new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'registration-cancelled', 'This registration was cancelled');
    }
    const [elsewhere] = (await this.dataSource.query(
      `SELECT s.starts_at, s.venue FROM training_registrations r JOIN training_sessions s ON s.id = r.session_id
       WHERE r.training_id = $1 AND r.check_in_code = $2 AND r.session_id <> $3 AND r.status = 'confirmed'
       ORDER BY s.starts_at LIMIT 1`,
      [trainingId, code, sessionId],
    )) as Array<{ starts_at: Date; venue: string }>;
    if (elsewhere) {
      const when = DateTime.fromJSDate(elsewhere.starts_at, { zone: CAMBODIA_ZONE }).toFormat('d LLL yyyy');
      return new ProblemException(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'code-for-another-session',
        `This code is for another session of this training (${when}, ${elsewhere.venue})`,
      );
    }
    return new ProblemException(HttpStatus.NOT_FOUND, 'unknown-code', 'No registration of this session has this code');
  }

  /** Records the promotions settleWaitlist made (except `newId`, the registration just made). */
  async recordSettled(
    manager: EntityManager,
    session: LockedSession,
    settled: Array<{ id: string }>,
    newId?: string,
  ): Promise<void> {
    for (const s of settled) {
      if (s.id === newId) continue;
      const row = await findRow(manager, s.id);
      await this.outbox.record(manager, TRAINING_EVENTS.registrationPromoted, registrationPayload(session, row));
    }
  }

  private async seatAtTheDoor(
    manager: EntityManager,
    session: LockedSession,
    staffId: string,
    name: string,
    phone: string,
    seats: number,
  ): Promise<string> {
    if (session.capacity - session.seatsConfirmed < seats) {
      throw new ProblemException(HttpStatus.CONFLICT, 'session-full', 'The session is full');
    }
    const taken = (await manager.query(
      'SELECT check_in_code FROM training_registrations WHERE session_id = $1 AND check_in_code IS NOT NULL',
      [session.id],
    )) as Array<{ check_in_code: string }>;
    const [row] = (await manager.query(
      `INSERT INTO training_registrations
         (session_id, training_id, kind, registered_by, attendee_name, attendee_phone, seats, status, check_in_code,
          confirmed_at, checked_in_at, checked_in_by)
       VALUES ($1, $2, 'walk_in', $3, $4, $5, $6, 'confirmed', $7, now(), now(), $3)
       RETURNING id`,
      [session.id, session.trainingId, staffId, name, phone, seats, generateCheckInCode(new Set(taken.map((t) => t.check_in_code)))],
    )) as Array<{ id: string }>;
    await manager.query('UPDATE training_sessions SET seats_confirmed = seats_confirmed + $2, updated_at = now() WHERE id = $1', [
      session.id,
      seats,
    ]);
    session.seatsConfirmed += seats;
    return row!.id;
  }

  private checkRegistrationInput(dto: RegisterForSessionDto, walkIn: boolean, seats: number): string | null {
    const errors: FieldError[] = [];
    let phone: string | null = null;
    if (walkIn) {
      if (!dto.attendeeName?.trim()) errors.push({ field: 'attendeeName', message: 'a walk-in needs the attendee name' });
      if (dto.attendeePhone === undefined) {
        errors.push({ field: 'attendeePhone', message: 'a walk-in needs the attendee phone number' });
      } else {
        phone = normalizePhone(dto.attendeePhone);
        if (!phone) errors.push({ field: 'attendeePhone', message: 'attendeePhone must be a valid phone number' });
      }
      if (dto.organizationId !== undefined) {
        errors.push({ field: 'organizationId', message: 'a walk-in is registered by name and phone, not for an organization' });
      }
      if (dto.meetingPointId !== undefined) {
        errors.push({ field: 'meetingPointId', message: 'a walk-in comes to the venue: it has no meeting point' });
      }
      if (dto.shareProfile) errors.push({ field: 'shareProfile', message: 'a walk-in has no organization profile to share' });
    } else if (seats > 1 && !dto.organizationId) {
      errors.push({ field: 'seats', message: 'more than one seat is for a group: give the organizationId you register for' });
    }
    if (errors.length > 0) throw new ValidationProblem(errors);
    return phone;
  }

  private async organizationOfSession(sessionId: string): Promise<string> {
    const [row] = (await this.dataSource.query(
      'SELECT t.organization_id FROM training_sessions s JOIN trainings t ON t.id = s.training_id WHERE s.id = $1',
      [sessionId],
    )) as Array<{ organization_id: string }>;
    if (!row) throw new ProblemException(HttpStatus.NOT_FOUND, 'not-found', 'No such training session');
    return row.organization_id;
  }

  private async isStaff(userId: string, organizationId: string, minRole: 'member' | 'manager', manager?: EntityManager): Promise<boolean> {
    const role = await this.access.roleOf(userId, organizationId, manager);
    return role !== null && roleAtLeast(role, minRole);
  }

  /** Names and phones: the walk-in's as entered, a user's from their account. */
  private async withContacts(rows: RegistrationRow[]): Promise<StaffRegistrationDto[]> {
    const contacts = await this.access.contactsOf(rows.flatMap((r) => (r.user_id ? [r.user_id] : [])));
    return rows.map((r) => {
      const contact = r.user_id ? contacts.get(r.user_id) : undefined;
      return {
        ...toRegistrationDto(r),
        kind: r.kind,
        userId: r.user_id,
        attendeeName: r.attendee_name ?? contact?.name ?? null,
        attendeePhone: r.attendee_phone ?? contact?.phone ?? null,
      };
    });
  }
}

function assertOpen(session: LockedSession, walkIn: boolean): void {
  if (session.status === 'cancelled' || session.trainingStatus === 'cancelled') {
    throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'session-cancelled', 'This session was cancelled');
  }
  // Walk-ins are registered at the door, so until the session ends; everyone else before it starts.
  if (walkIn ? session.ended : session.started) {
    const when = DateTime.fromJSDate(walkIn ? session.endsAt : session.startsAt, { zone: CAMBODIA_ZONE }).toFormat("d LLL yyyy 'at' HH:mm");
    throw new ProblemException(
      HttpStatus.UNPROCESSABLE_ENTITY,
      'registration-closed',
      walkIn ? `The session ended on ${when}` : `Registration closed when the session started (${when}, Cambodia time)`,
    );
  }
}

// What a registration owes, fixed when it is made: a later change of the cost does not change it.
const SET_COST = `UPDATE training_registrations SET amount_due = $2, amount_sponsored = $3, amount_currency = $4, payment_status = 'due' WHERE id = $1`;

function costOf(session: LockedSession, seats: number): [string, string, Currency] | null {
  if (!session.cost) return null;
  const { participant, sponsored } = splitCost(session.cost.perParticipant, session.cost.sponsorSharePercent, seats);
  return [participant.amount, sponsored.amount, participant.currency];
}

/** The meeting point is one of this session's and its transport has that many seats at all. */
async function assertMeetingPoint(manager: EntityManager, sessionId: string, meetingPointId: string, seats: number): Promise<void> {
  const [point] = (await manager.query('SELECT seats FROM training_meeting_points WHERE id = $1 AND session_id = $2', [
    meetingPointId,
    sessionId,
  ])) as Array<{ seats: number }>;
  if (!point) throw new ValidationProblem([{ field: 'meetingPointId', message: 'no meeting point of this session has this id' }]);
  if (seats > point.seats) {
    throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'too-many-seats', `This meeting point has ${point.seats} seats in all`, [
      { field: 'seats', message: `at most ${point.seats} at this meeting point` },
    ]);
  }
}

async function findRow(manager: EntityManager, id: string, sessionId?: string): Promise<RegistrationRow> {
  const [row] = (await manager.query(
    `SELECT ${COLUMNS} FROM training_registrations WHERE id = $1 ${sessionId ? 'AND session_id = $2' : ''}`,
    sessionId ? [id, sessionId] : [id],
  )) as RegistrationRow[];
  if (!row) throw notFound();
  return row;
}

export function registrationPayload(session: LockedSession, row: RegistrationRow): RegistrationEventPayload {
  return {
    ...summaryOf(session),
    registrationId: row.id,
    userId: row.user_id,
    seats: row.seats,
    checkInCode: row.check_in_code,
    waitlistPosition: row.waitlist_position,
  };
}

import { HttpStatus } from '@nestjs/common';
import { ProblemException } from '@psar/platform';
import type { Money } from '@psar/platform';
import type { EntityManager } from 'typeorm';
import type { SessionSummary } from '../training-events';
import type { EventKind } from '../trainings/training.entity';
import { generateCheckInCode } from './check-in-code';
import { promote, type WaitlistRule } from './waitlist';

/** A session row locked FOR UPDATE, with what the rules need from its training. */
export interface LockedSession {
  id: string;
  trainingId: string;
  trainingTitle: string;
  eventKind: EventKind;
  organizationId: string;
  trainingStatus: 'active' | 'cancelled';
  waitlistRule: WaitlistRule;
  status: 'scheduled' | 'cancelled';
  startsAt: Date;
  endsAt: Date;
  provinceCode: string;
  venue: string;
  capacity: number;
  seatsConfirmed: number;
  started: boolean;
  ended: boolean;
  /** The event's cost per participant and the sponsor's share of it, if it has one. */
  cost: { perParticipant: Money; sponsorSharePercent: number } | null;
}

interface LockedRow {
  id: string;
  training_id: string;
  title: string;
  kind: EventKind;
  organization_id: string;
  training_status: 'active' | 'cancelled';
  waitlist_rule: WaitlistRule;
  status: 'scheduled' | 'cancelled';
  starts_at: Date;
  ends_at: Date;
  province_code: string;
  venue: string;
  capacity: number;
  seats_confirmed: number;
  started: boolean;
  ended: boolean;
  cost_amount: string | null;
  cost_currency: Money['currency'] | null;
  sponsor_share_percent: number | null;
}

/**
 * Locks the session row: every change to its seats and waitlist (register, cancel,
 * promote, capacity) holds this lock, so they happen one after another per session and
 * `seats_confirmed` is always the sum of the confirmed seats. 404 when there is none.
 * `started`/`ended` use the database clock, the one every replica shares.
 */
export async function lockSession(manager: EntityManager, sessionId: string): Promise<LockedSession> {
  const [row] = (await manager.query(
    `SELECT s.id, s.training_id, t.title, t.kind, t.organization_id, t.status AS training_status, t.waitlist_rule,
            s.status, s.starts_at, s.ends_at, s.province_code, s.venue, s.capacity, s.seats_confirmed,
            s.starts_at <= now() AS started, s.ends_at <= now() AS ended, t.cost_amount, t.cost_currency, t.sponsor_share_percent
     FROM training_sessions s JOIN trainings t ON t.id = s.training_id
     WHERE s.id = $1
     FOR UPDATE OF s`,
    [sessionId],
  )) as LockedRow[];
  if (!row) throw new ProblemException(HttpStatus.NOT_FOUND, 'not-found', 'No such training session');
  return {
    id: row.id,
    trainingId: row.training_id,
    trainingTitle: row.title,
    eventKind: row.kind,
    organizationId: row.organization_id,
    trainingStatus: row.training_status,
    waitlistRule: row.waitlist_rule,
    status: row.status,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    provinceCode: row.province_code,
    venue: row.venue,
    capacity: row.capacity,
    seatsConfirmed: row.seats_confirmed,
    started: row.started,
    ended: row.ended,
    cost:
      row.cost_amount === null || row.cost_currency === null
        ? null
        : { perParticipant: { amount: row.cost_amount, currency: row.cost_currency }, sponsorSharePercent: row.sponsor_share_percent ?? 0 },
  };
}

export function summaryOf(session: LockedSession): SessionSummary {
  return {
    sessionId: session.id,
    trainingId: session.trainingId,
    trainingTitle: session.trainingTitle,
    eventKind: session.eventKind,
    organizationId: session.organizationId,
    startsAt: session.startsAt.toISOString(),
    endsAt: session.endsAt.toISOString(),
    provinceCode: session.provinceCode,
    venue: session.venue,
  };
}

export interface SettledRegistration {
  id: string;
  userId: string | null;
  seats: number;
  checkInCode: string;
}

/**
 * Gives the free seats to the waitlist by the training's rule (waitlist.ts), assigns the
 * promoted their check-in codes and renumbers the rest 1..n. Call it holding the lock of
 * `session` after any change to its seats or waitlist; it updates `session.seatsConfirmed`.
 * Once a session has started nobody is promoted: they could no longer be told in time.
 */
export async function settleWaitlist(manager: EntityManager, session: LockedSession): Promise<SettledRegistration[]> {
  const rows = (await manager.query(
    `SELECT id, user_id, seats, waitlist_position, meeting_point_id FROM training_registrations
     WHERE session_id = $1 AND status = 'waitlisted' ORDER BY waitlist_position`,
    [session.id],
  )) as Array<{ id: string; user_id: string | null; seats: number; waitlist_position: number; meeting_point_id: string | null }>;
  if (rows.length === 0) return [];
  const queue = rows.map((r) => ({ ...r, meetingPointId: r.meeting_point_id }));
  const canPromote = session.status === 'scheduled' && session.trainingStatus === 'active' && !session.started;
  // The meeting points' rows change only under the session's lock, which we hold.
  const points = queue.some((e) => e.meetingPointId)
    ? ((await manager.query('SELECT id, seats - seats_taken AS free FROM training_meeting_points WHERE session_id = $1', [session.id])) as Array<{
        id: string;
        free: number;
      }>)
    : [];
  const { promoted, waiting } = canPromote
    ? promote(session.capacity - session.seatsConfirmed, queue, session.waitlistRule, new Map(points.map((p) => [p.id, p.free])))
    : { promoted: [], waiting: queue };

  const settled: SettledRegistration[] = [];
  if (promoted.length > 0) {
    const taken = new Set(
      (
        (await manager.query('SELECT check_in_code FROM training_registrations WHERE session_id = $1 AND check_in_code IS NOT NULL', [
          session.id,
        ])) as Array<{ check_in_code: string }>
      ).map((r) => r.check_in_code),
    );
    for (const entry of promoted) {
      const code = generateCheckInCode(taken);
      taken.add(code);
      settled.push({ id: entry.id, userId: entry.user_id, seats: entry.seats, checkInCode: code });
    }
    await manager.query(
      `UPDATE training_registrations r
       SET status = 'confirmed', waitlist_position = NULL, check_in_code = v.code, confirmed_at = now()
       FROM unnest($1::uuid[], $2::text[]) AS v(id, code)
       WHERE r.id = v.id`,
      [settled.map((s) => s.id), settled.map((s) => s.checkInCode)],
    );
    const seats = settled.reduce((n, s) => n + s.seats, 0);
    await manager.query('UPDATE training_sessions SET seats_confirmed = seats_confirmed + $2, updated_at = now() WHERE id = $1', [
      session.id,
      seats,
    ]);
    session.seatsConfirmed += seats;
    await takeMeetingPointSeats(manager, promoted);
  }

  const moved = waiting.map((entry, i) => ({ id: entry.id, from: entry.waitlist_position, to: i + 1 })).filter((m) => m.from !== m.to);
  if (moved.length > 0) {
    await manager.query(
      `UPDATE training_registrations r SET waitlist_position = v.position
       FROM unnest($1::uuid[], $2::int[]) AS v(id, position)
       WHERE r.id = v.id`,
      [moved.map((m) => m.id), moved.map((m) => m.to)],
    );
  }
  return settled;
}

/** Adds (or with a negative sign gives back) the seats of these registrations at their meeting points. */
export async function takeMeetingPointSeats(
  manager: EntityManager,
  entries: ReadonlyArray<{ seats: number; meetingPointId?: string | null }>,
  sign: 1 | -1 = 1,
): Promise<void> {
  const byPoint = new Map<string, number>();
  for (const e of entries) if (e.meetingPointId) byPoint.set(e.meetingPointId, (byPoint.get(e.meetingPointId) ?? 0) + e.seats);
  if (byPoint.size === 0) return;
  // training_meeting_points_seats_within refuses to go over (or below) the seats.
  await manager.query(
    `UPDATE training_meeting_points p SET seats_taken = p.seats_taken + v.seats
     FROM unnest($1::uuid[], $2::int[]) AS v(id, seats) WHERE p.id = v.id`,
    [[...byPoint.keys()], [...byPoint.values()].map((n) => n * sign)],
  );
}

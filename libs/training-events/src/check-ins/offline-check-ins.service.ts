import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { normalizePhone, OrganizationAccessService } from '@psar/identity';
import { FieldError, OutboxService, ProblemException, retrySerializationFailures, ValidationProblem } from '@psar/platform';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { rethrowAsProblem } from '../constraint-problems';
import { generateCheckInCode, normalizeCheckInCode } from '../registrations/check-in-code';
import { type LockedSession, lockSession, summaryOf } from '../registrations/session-seats';
import { TRAINING_EVENTS, type RegistrationEventPayload } from '../training-events';
import { listVersion } from './check-in-list-version';
import type { RegistrationStatus } from '../registrations/registration.entity';
import type {
  CheckInBatchDto,
  CheckInBatchResultDto,
  CheckInListDto,
  CheckInListEntryDto,
  CheckInScanResultDto,
  ScanResult,
  ScanReason,
} from './dto/check-in-batch.dto';

/** A phone's clock may run this far ahead of the server's. */
export const SCAN_CLOCK_SKEW_MS = 5 * 60_000;
/** Scans from before the session's day (doors open early, but not a day early) are not attendance. */
export const SCAN_EARLIEST_BEFORE_START_MS = 12 * 3_600_000;

interface SessionOwner {
  organization_id: string;
  status: 'scheduled' | 'cancelled';
  training_status: 'active' | 'cancelled';
  starts_at: Date;
  ends_at: Date;
  db_now: Date;
}

interface ScanRow {
  scan_id: string;
  result: ScanResult;
  reason: ScanReason | null;
  registration_id: string | null;
}

interface NormalizedScan {
  scanId: string;
  /** Null for a walk-in. */
  code: string | null;
  walkIn: { name: string; phone: string; seats: number } | null;
  scannedAt: Date;
  deviceId: string;
}

/**
 * Check-in at venues without signal: staff phones download the session's list, scan codes
 * offline and upload the scans in batches when back in reach of a network.
 */
@Injectable()
export class OfflineCheckInsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: OrganizationAccessService,
    private readonly outbox: OutboxService,
  ) {}

  /**
   * Every registration of the session, for the door. Staff of the supplier (any role, as
   * for check-in); it holds names and codes, so anyone else gets 404.
   *
   * The version is a hash of the list itself, computed from the same rows in the same read:
   * it changes exactly when something on the list changes (a registration, a cancellation, a
   * promotion, a check-in, a renamed user), needs no counter kept up to date by every write
   * path, and cannot miss a change the way max(updated_at) can when an older transaction
   * commits late. Hashing what is sent anyway costs one pass over at most a few thousand rows.
   */
  async checkInList(userId: string, sessionId: string): Promise<CheckInListDto> {
    const session = await this.sessionOf(sessionId);
    await this.access.assertCanAct(userId, session.organization_id, { private: true });
    const rows = (await this.dataSource.query(
      `SELECT id, user_id, attendee_name, check_in_code, seats, status, checked_in_at
       FROM training_registrations WHERE session_id = $1 ORDER BY created_at, id`,
      [sessionId],
    )) as Array<{
      id: string;
      user_id: string | null;
      attendee_name: string | null;
      check_in_code: string | null;
      seats: number;
      status: RegistrationStatus;
      checked_in_at: Date | null;
    }>;
    const contacts = await this.access.contactsOf(rows.flatMap((r) => (r.user_id ? [r.user_id] : [])));
    const registrations: CheckInListEntryDto[] = rows.map((r) => ({
      id: r.id,
      code: r.check_in_code,
      name: r.attendee_name ?? (r.user_id ? (contacts.get(r.user_id)?.name ?? null) : null),
      seats: r.seats,
      status: r.status,
      checkedInAt: r.checked_in_at?.toISOString() ?? null,
    }));
    return { version: listVersion(registrations), registrations };
  }

  /**
   * Records a batch of offline scans. Each scan is answered once and for all (stored with
   * it, keyed by session and scanId), so a replayed batch gets the same answers and records
   * nothing new. Of all the scans of a code, whichever phone or upload, one is `accepted`
   * (the first to reach the server) and the others `duplicate`; the attendance time is the
   * earliest scannedAt among them, whenever it arrives. A walk-in scan registers and checks
   * in its person at scannedAt into a free seat, as a walk-in at the door does, or is
   * `refused` (session-full): the seats a session has are never exceeded.
   */
  async uploadBatch(userId: string, sessionId: string, dto: CheckInBatchDto): Promise<CheckInBatchResultDto> {
    const parsed = parseScans(dto);
    const session = await this.sessionOf(sessionId);
    await this.access.assertCanAct(userId, session.organization_id, { field: 'sessionId' });
    if (session.status === 'cancelled' || session.training_status === 'cancelled') {
      throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'session-cancelled', 'This session was cancelled');
    }
    assertScanTimes(parsed, session);
    const scans = [...new Map(parsed.map((s) => [s.scanId, s])).values()];
    const codeScans = scans.filter((s): s is NormalizedScan & { code: string } => s.code !== null);
    const walkIns = scans.filter((s) => s.walkIn !== null);
    const rows = await retrySerializationFailures(() =>
      this.dataSource.transaction(async (manager) => {
        // Seats are counted under the session's lock, taken first (as every path that confirms seats does).
        const locked = walkIns.length > 0 ? await lockSession(manager, sessionId) : null;
        const codes = [...new Set(codeScans.map((s) => s.code))];
        // Lock order only (registrations by id, then scans by scanId), so that concurrent
        // batches of overlapping codes wait for each other instead of deadlocking. What
        // counts is decided below by the conditional UPDATE and the unique indexes.
        await manager.query(
          'SELECT id FROM training_registrations WHERE session_id = $1 AND check_in_code = ANY($2::text[]) ORDER BY id FOR UPDATE',
          [sessionId, codes],
        );
        // New scans go in as `duplicate` (or `unknown`); a scan already stored is left as it is.
        // Codes are found by training_registrations_check_in_code_key (session_id, check_in_code),
        // another session's by training_registrations_training_idx.
        const inserted = (await manager.query(
          `INSERT INTO training_check_in_scans
             (session_id, scan_id, device_id, code, scanned_at, uploaded_by, registration_id, result, reason)
           SELECT $1, x.scan_id, x.device_id, x.code, x.scanned_at, $2,
                  CASE WHEN r.status = 'confirmed' THEN r.id END,
                  CASE WHEN r.status = 'confirmed' THEN 'duplicate' ELSE 'unknown' END,
                  CASE
                    WHEN r.status = 'confirmed' THEN NULL
                    WHEN r.id IS NOT NULL THEN 'registration-cancelled'
                    WHEN EXISTS (
                      SELECT 1 FROM training_registrations o
                      WHERE o.training_id = s.training_id AND o.check_in_code = x.code AND o.session_id <> $1
                    ) THEN 'code-for-another-session'
                    ELSE 'no-such-code'
                  END
           FROM unnest($3::uuid[], $4::text[], $5::text[], $6::timestamptz[]) AS x (scan_id, device_id, code, scanned_at)
           JOIN training_sessions s ON s.id = $1
           LEFT JOIN training_registrations r ON r.session_id = $1 AND r.check_in_code = x.code
           ORDER BY x.scan_id
           ON CONFLICT (session_id, scan_id) DO NOTHING
           RETURNING scan_id`,
          [
            sessionId,
            userId,
            codeScans.map((s) => s.scanId),
            codeScans.map((s) => s.deviceId),
            codeScans.map((s) => s.code),
            codeScans.map((s) => s.scannedAt.toISOString()),
          ],
        )) as Array<{ scan_id: string }>;
        const fresh = inserted.map((r) => r.scan_id);
        if (fresh.length > 0) {
          // The earliest new scan of each registration not yet checked in checks it in, at its
          // scannedAt. The condition `checked_in_at IS NULL` is re-checked on the locked row, so
          // of two uploads (or a batch and a check-in at the counter) exactly one wins; the
          // partial unique index allows one accepted scan per registration whatever happens.
          await manager.query(
            `WITH firsts AS (
               SELECT DISTINCT ON (registration_id) registration_id, scan_id, scanned_at
               FROM training_check_in_scans
               WHERE session_id = $1 AND scan_id = ANY($2::uuid[]) AND registration_id IS NOT NULL
               ORDER BY registration_id, scanned_at, scan_id
             ), checked AS (
               UPDATE training_registrations r SET checked_in_at = f.scanned_at, checked_in_by = $3
               FROM firsts f
               WHERE r.id = f.registration_id AND r.status = 'confirmed' AND r.checked_in_at IS NULL
               RETURNING f.scan_id
             )
             UPDATE training_check_in_scans c SET result = 'accepted'
             FROM checked WHERE c.session_id = $1 AND c.scan_id = checked.scan_id`,
            [sessionId, fresh, userId],
          );
          // A scan made earlier than the one that checked the person in, uploaded later from
          // another phone: the person was there from the earlier time.
          await manager.query(
            `UPDATE training_registrations r SET checked_in_at = f.first_at
             FROM (
               SELECT registration_id, min(scanned_at) AS first_at FROM training_check_in_scans
               WHERE session_id = $1 AND scan_id = ANY($2::uuid[]) AND registration_id IS NOT NULL
               GROUP BY registration_id
             ) f
             WHERE r.id = f.registration_id AND r.checked_in_at > f.first_at`,
            [sessionId, fresh],
          );
        }
        if (locked) await this.recordWalkIns(manager, locked, userId, walkIns);
        // training_check_in_scans_pkey (session_id, scan_id)
        return (await manager.query(
          `SELECT scan_id, result, reason, registration_id FROM training_check_in_scans
           WHERE session_id = $1 AND scan_id = ANY($2::uuid[])`,
          [sessionId, scans.map((s) => s.scanId)],
        )) as ScanRow[];
      }),
    ).catch(rethrowAsProblem);
    const byId = new Map(rows.map((r) => [r.scan_id, r]));
    const results: CheckInScanResultDto[] = parsed.map((s, i) => {
      const row = byId.get(s.scanId)!;
      return {
        scanId: dto.scans[i]!.scanId,
        result: row.result,
        reason: row.reason,
        registrationId: row.registration_id,
      };
    });
    return { results };
  }

  /**
   * Walk-in scans not seen before, in the order they were made: each gets a seat while one
   * is free. The scan row is written first (its scanId claimed, so a concurrent upload of
   * the same scan waits and then finds it) and the registration it names after it.
   */
  private async recordWalkIns(manager: EntityManager, session: LockedSession, userId: string, walkIns: NormalizedScan[]): Promise<void> {
    const planned = walkIns.map((s) => ({ ...s, registrationId: randomUUID() }));
    const claimed = (await manager.query(
      `INSERT INTO training_check_in_scans (session_id, scan_id, device_id, code, scanned_at, uploaded_by, registration_id, result)
       SELECT $1, x.scan_id, x.device_id, NULL, x.scanned_at, $2, x.registration_id, 'accepted'
       FROM unnest($3::uuid[], $4::text[], $5::timestamptz[], $6::uuid[]) AS x (scan_id, device_id, scanned_at, registration_id)
       ORDER BY x.scan_id
       ON CONFLICT (session_id, scan_id) DO NOTHING
       RETURNING scan_id`,
      [
        session.id,
        userId,
        planned.map((s) => s.scanId),
        planned.map((s) => s.deviceId),
        planned.map((s) => s.scannedAt.toISOString()),
        planned.map((s) => s.registrationId),
      ],
    )) as Array<{ scan_id: string }>;
    const fresh = new Set(claimed.map((c) => c.scan_id));
    const taken = new Set(
      ((await manager.query('SELECT check_in_code FROM training_registrations WHERE session_id = $1 AND check_in_code IS NOT NULL', [session.id])) as Array<{
        check_in_code: string;
      }>).map((r) => r.check_in_code),
    );
    const inOrder = planned.filter((s) => fresh.has(s.scanId)).sort((a, b) => a.scannedAt.getTime() - b.scannedAt.getTime() || (a.scanId < b.scanId ? -1 : 1));
    let seated = 0;
    for (const scan of inOrder) {
      const walkIn = scan.walkIn!;
      if (session.capacity - session.seatsConfirmed - seated < walkIn.seats) {
        await manager.query(
          `UPDATE training_check_in_scans SET result = 'refused', reason = 'session-full', registration_id = NULL
           WHERE session_id = $1 AND scan_id = $2`,
          [session.id, scan.scanId],
        );
        continue;
      }
      const code = generateCheckInCode(taken);
      taken.add(code);
      await manager.query(
        `INSERT INTO training_registrations
           (id, session_id, training_id, kind, registered_by, attendee_name, attendee_phone, seats, status, check_in_code,
            confirmed_at, checked_in_at, checked_in_by)
         VALUES ($1, $2, $3, 'walk_in', $4, $5, $6, $7, 'confirmed', $8, now(), $9, $4)`,
        [scan.registrationId, session.id, session.trainingId, userId, walkIn.name, walkIn.phone, walkIn.seats, code, scan.scannedAt.toISOString()],
      );
      seated += walkIn.seats;
      const payload: RegistrationEventPayload = {
        ...summaryOf(session),
        registrationId: scan.registrationId,
        userId: null,
        seats: walkIn.seats,
        checkInCode: code,
        waitlistPosition: null,
      };
      await this.outbox.record(manager, TRAINING_EVENTS.registrationConfirmed, payload);
    }
    if (seated > 0) {
      // training_sessions_seats_within_capacity guarantees it, whatever this count says.
      await manager.query('UPDATE training_sessions SET seats_confirmed = seats_confirmed + $2, updated_at = now() WHERE id = $1', [
        session.id,
        seated,
      ]);
      session.seatsConfirmed += seated;
    }
  }

  private async sessionOf(sessionId: string): Promise<SessionOwner> {
    const [row] = (await this.dataSource.query(
      `SELECT t.organization_id, s.status, t.status AS training_status, s.starts_at, s.ends_at, now() AS db_now
       FROM training_sessions s JOIN trainings t ON t.id = s.training_id WHERE s.id = $1`,
      [sessionId],
    )) as SessionOwner[];
    if (!row) throw new ProblemException(HttpStatus.NOT_FOUND, 'not-found', 'No such training session');
    return row;
  }
}

/** The codes and phones as stored; a scanId sent twice in one batch must be the same scan. */
function parseScans(dto: CheckInBatchDto): NormalizedScan[] {
  const errors: FieldError[] = [];
  const seen = new Map<string, string>();
  const scans = dto.scans.map((s, i) => {
    let code: string | null = null;
    let walkIn: NormalizedScan['walkIn'] = null;
    if (s.walkIn !== undefined) {
      if (s.code !== undefined) errors.push({ field: `scans[${i}].walkIn`, message: 'a scan is of a code or of a walk-in, not both' });
      const phone = normalizePhone(s.walkIn.phone);
      if (!phone) errors.push({ field: `scans[${i}].walkIn.phone`, message: 'phone must be a valid phone number' });
      if (!s.walkIn.name.trim()) errors.push({ field: `scans[${i}].walkIn.name`, message: 'name must not be blank' });
      walkIn = { name: s.walkIn.name.trim(), phone: phone ?? '', seats: s.walkIn.seats ?? 1 };
    } else {
      code = normalizeCheckInCode(s.code!);
      if (!code) errors.push({ field: `scans[${i}].code`, message: 'code must be the 6-character check-in code, e.g. K7Q4MZ' });
    }
    const scan: NormalizedScan = { scanId: s.scanId.toLowerCase(), code: code ?? (walkIn ? null : ''), walkIn, scannedAt: new Date(s.scannedAt), deviceId: s.deviceId };
    const fingerprint = JSON.stringify([scan.code, scan.walkIn, scan.scannedAt.getTime(), scan.deviceId]);
    const earlier = seen.get(scan.scanId);
    if (earlier !== undefined && earlier !== fingerprint) {
      errors.push({ field: `scans[${i}].scanId`, message: 'scanId is used by another scan of this batch' });
    }
    seen.set(scan.scanId, fingerprint);
    return scan;
  });
  if (errors.length > 0) throw new ValidationProblem(errors);
  return scans;
}

/** Not ahead of the database clock beyond the skew, not before the session's day. */
function assertScanTimes(scans: NormalizedScan[], session: SessionOwner): void {
  const latest = session.db_now.getTime() + SCAN_CLOCK_SKEW_MS;
  const earliest = session.starts_at.getTime() - SCAN_EARLIEST_BEFORE_START_MS;
  const errors: FieldError[] = [];
  scans.forEach((s, i) => {
    const at = s.scannedAt.getTime();
    if (at > latest) {
      errors.push({ field: `scans[${i}].scannedAt`, message: "scannedAt is in the future: check the phone's clock" });
    } else if (at < earliest) {
      errors.push({ field: `scans[${i}].scannedAt`, message: 'scannedAt is before the day of the session' });
    } else if (s.walkIn && at > session.ends_at.getTime()) {
      errors.push({ field: `scans[${i}].scannedAt`, message: 'a walk-in scannedAt after the session ended' });
    }
  });
  if (errors.length > 0) throw new ValidationProblem(errors);
}

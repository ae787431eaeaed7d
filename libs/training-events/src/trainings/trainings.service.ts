import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CatalogService } from '@psar/catalog';
import { OrganizationAccessService } from '@psar/identity';
import { decodeTimeKeyset, FieldError, OutboxService, Page, ProblemException, ReadReplicas, type Reader, retrySerializationFailures, toPage, ValidationProblem } from '@psar/platform';
import { DataSource, EntityManager } from 'typeorm';
import { rethrowAsProblem } from '../constraint-problems';
import { microseconds } from '../keyset';
import { RegistrationsService } from '../registrations/registrations.service';
import { lockSession, settleWaitlist, summaryOf } from '../registrations/session-seats';
import { type SessionCancelledPayload, type TrainingCancelledPayload, TRAINING_EVENTS } from '../training-events';
import { trainingCalendar } from '../calendar/training-calendar';
import { parseDateBound } from './cambodia-time';
import type { CreateSessionDto, CreateTrainingDto, UpdateSessionDto, UpdateTrainingDto } from './dto/create-training.dto';
import { DEFAULT_RADIUS_KM, type FindTrainingsQuery, type OrganizationTrainingsQuery } from './dto/find-trainings.query';
import type { NearbySessionDto, TrainingSessionDto, TrainingDto, TrainingSummaryDto } from './dto/training.dto';
import { firstOverlap, MAX_SESSION_HOURS } from './session-schedule';
import type { SessionStatus } from './training-session.entity';
import { type EventKind, Training } from './training.entity';

const notFound = () => new ProblemException(HttpStatus.NOT_FOUND, 'not-found', 'No such training');
const sessionNotFound = () => new ProblemException(HttpStatus.NOT_FOUND, 'not-found', 'No such training session');

interface SessionRow {
  id: string;
  training_id: string;
  starts_at: Date;
  ends_at: Date;
  province_code: string;
  venue: string;
  lat: number | null;
  lng: number | null;
  capacity: number;
  seats_confirmed: number;
  waitlisted: number;
  status: SessionStatus;
  registration_open: boolean;
}

// The columns of TrainingSessionDto; `s` is training_sessions.
const SESSION_COLUMNS = `s.id, s.training_id, s.starts_at, s.ends_at, s.province_code, s.venue, s.lat, s.lng, s.capacity,
  s.seats_confirmed, s.status, (s.status = 'scheduled' AND s.starts_at > now()) AS registration_open,
  (SELECT count(*)::int FROM training_registrations r WHERE r.session_id = s.id AND r.status = 'waitlisted') AS waitlisted`;

function toSessionDto(r: SessionRow): TrainingSessionDto {
  return {
    id: r.id,
    trainingId: r.training_id,
    startsAt: r.starts_at.toISOString(),
    endsAt: r.ends_at.toISOString(),
    provinceCode: r.province_code,
    venue: r.venue,
    location: r.lat === null || r.lng === null ? null : { lat: r.lat, lng: r.lng },
    capacity: r.capacity,
    seatsTaken: r.seats_confirmed,
    seatsLeft: r.status === 'scheduled' ? r.capacity - r.seats_confirmed : 0,
    waitlisted: r.waitlisted,
    status: r.status,
    registrationOpen: r.registration_open,
  };
}

export interface ParsedSession {
  startsAt: Date;
  endsAt: Date;
}

@Injectable()
export class TrainingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: OrganizationAccessService,
    private readonly catalog: CatalogService,
    private readonly outbox: OutboxService,
    private readonly registrations: RegistrationsService,
    private readonly replicas: ReadReplicas,
  ) {}

  async create(userId: string, dto: CreateTrainingDto): Promise<TrainingDto> {
    await this.access.assertCanAct(userId, dto.organizationId, { minRole: 'manager', capability: 'supply_inputs' });
    await this.checkReferences({ valueChains: dto.valueChains, provinceCodes: dto.sessions.map((s) => s.provinceCode) }, 'sessions');
    const spans = dto.sessions.map((s, i) => this.parseSession(s, `sessions[${i}]`));
    const overlap = firstOverlap(spans);
    if (overlap) {
      const [a, b] = overlap;
      throw new ProblemException(HttpStatus.CONFLICT, 'sessions-overlap', `sessions[${b}] overlaps sessions[${a}]: one training team cannot be in two places at once`, [
        { field: `sessions[${b}]`, message: `overlaps sessions[${a}]` },
      ]);
    }
    try {
      const id = await this.dataSource.transaction(async (manager) => {
        const [row] = (await manager.query(
          `INSERT INTO trainings (organization_id, title, description, topic, value_chains, embedded_offer, waitlist_rule, created_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
          [
            dto.organizationId,
            dto.title.trim(),
            dto.description ?? null,
            dto.topic.trim(),
            dto.valueChains,
            dto.embeddedOffer ?? null,
            dto.waitlistRule ?? 'strict_order',
            userId,
          ],
        )) as Array<{ id: string }>;
        for (const [i, session] of dto.sessions.entries()) await insertSession(manager, row!.id, session, spans[i]!);
        return row!.id;
      });
      return await this.get(id);
    } catch (error) {
      rethrowAsProblem(error);
    }
  }

  /** The training's page: every session, earliest first, with seats left. */
  async get(id: string): Promise<TrainingDto> {
    const training = await this.dataSource.getRepository(Training).findOneBy({ id });
    if (!training) throw notFound();
    const sessions = (await this.dataSource.query(
      `SELECT ${SESSION_COLUMNS} FROM training_sessions s WHERE s.training_id = $1 ORDER BY s.starts_at, s.id`,
      [id],
    )) as SessionRow[];
    return {
      id: training.id,
      kind: training.kind,
      organizationId: training.organizationId,
      hostOrganizationId: training.hostOrganizationId,
      title: training.title,
      description: training.description,
      topic: training.topic,
      valueChains: training.valueChains,
      embeddedOffer: training.embeddedOffer,
      waitlistRule: training.waitlistRule,
      status: training.status,
      createdAt: training.createdAt.toISOString(),
      sessions: sessions.map(toSessionDto),
    };
  }

  /** The training's sessions as an iCalendar file (cancelled ones marked so, for subscribed calendars). */
  async calendar(id: string): Promise<string> {
    const training = await this.dataSource.getRepository(Training).findOneBy({ id });
    if (!training) throw notFound();
    const sessions = (await this.dataSource.query(
      `SELECT id, starts_at, ends_at, venue, province_code, lat, lng, status, updated_at
       FROM training_sessions WHERE training_id = $1 ORDER BY starts_at, id`,
      [id],
    )) as Array<{
      id: string;
      starts_at: Date;
      ends_at: Date;
      venue: string;
      province_code: string;
      lat: number | null;
      lng: number | null;
      status: SessionStatus;
      updated_at: Date;
    }>;
    const provinces = new Map((await this.catalog.listProvinces()).map((p) => [p.code, p.nameEn]));
    return trainingCalendar({
      id: training.id,
      title: training.title,
      description: training.description,
      embeddedOffer: training.embeddedOffer,
      sessions: sessions.map((s) => ({
        id: s.id,
        startsAt: s.starts_at,
        endsAt: s.ends_at,
        venue: s.venue,
        provinceName: provinces.get(s.province_code) ?? s.province_code,
        location: s.lat === null || s.lng === null ? null : { lat: s.lat, lng: s.lng },
        cancelled: s.status === 'cancelled',
        updatedAt: s.updated_at,
      })),
    });
  }

  /**
   * Trainings with a scheduled session that matches every filter, the one whose next such
   * session comes first at the top. Keyset pages on (next session start, training id).
   */
  /** The public directory: on a read replica unless `reader` wrote lately (ReadReplicas). */
  async find(query: FindTrainingsQuery & { kind?: EventKind }, reader?: Reader): Promise<Page<TrainingSummaryDto>> {
    const errors: FieldError[] = [];
    if (query.radiusKm !== undefined && !query.near) errors.push({ field: 'radiusKm', message: 'radiusKm needs near' });
    const from = query.from ? parseDateBound(query.from) : null;
    const to = query.to ? parseDateBound(query.to, true) : null;
    if (from && to && to <= from) errors.push({ field: 'to', message: 'to must be after from' });
    if (errors.length > 0) throw new ValidationProblem(errors);

    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    // training_sessions_upcoming_idx serves the time bound; trainings_value_chains_idx the value chain.
    const where = [`s.status = 'scheduled'`, `t.status = 'active'`, from ? `s.starts_at >= ${param(from)}` : 's.starts_at > now()'];
    if (to) where.push(`s.starts_at < ${param(to)}`);
    if (query.valueChain) where.push(`t.value_chains @> ARRAY[${param(query.valueChain)}::text]`);
    if (query.province) where.push(`s.province_code = ${param(query.province)}`);
    if (query.organizationId) where.push(`t.organization_id = ${param(query.organizationId)}::uuid`);
    if (query.kind) where.push(`t.kind = ${param(query.kind)}`);
    // The catalog's province centroids, as rows of this query: a session without its own
    // location is placed at its province's centre.
    const provinces = await this.catalog.listProvinces();
    const centroids = `${param(provinces.map((p) => p.code))}::text[], ${param(provinces.map((p) => p.lat))}::float8[], ${param(provinces.map((p) => p.lng))}::float8[]`;
    let distance = 'NULL::float8';
    if (query.near) {
      const [lat, lng] = query.near.split(',').map(Number) as [number, number];
      if (Math.abs(lat) > 90 || Math.abs(lng) > 180) throw new ValidationProblem([{ field: 'near', message: 'near is not a place on Earth' }]);
      distance = `geo_distance_km(coalesce(s.lat, p.lat), coalesce(s.lng, p.lng), ${param(lat)}, ${param(lng)})`;
      where.push(`${distance} <= ${param(query.radiusKm ?? DEFAULT_RADIUS_KM)}`);
    }
    let after = '';
    if (query.cursor) {
      const [startsAt, id] = decodeTimeKeyset(query.cursor);
      after = `WHERE (m.starts_at, m.training_id) > (${param(startsAt)}::timestamptz, ${param(id)}::uuid)`;
    }
    const limit = param(query.limit + 1);
    const rows = (await this.replicas.query(
      `WITH matching AS (
         SELECT DISTINCT ON (s.training_id) ${SESSION_COLUMNS}, ${distance} AS distance_km,
                count(*) OVER (PARTITION BY s.training_id)::int AS matching_sessions
         FROM training_sessions s
         JOIN trainings t ON t.id = s.training_id
         JOIN unnest(${centroids}) AS p (code, lat, lng) ON p.code = s.province_code
         WHERE ${where.join(' AND ')}
         ORDER BY s.training_id, s.starts_at, s.id
       )
       SELECT m.*, ${microseconds('m.starts_at')} AS cursor_at, t.organization_id, t.title, t.topic, t.value_chains, t.embedded_offer, t.status AS training_status,
              t.kind, t.host_organization_id
       FROM matching m JOIN trainings t ON t.id = m.training_id
       ${after}
       ORDER BY m.starts_at, m.training_id
       LIMIT ${limit}`,
      params,
      { reader },
    )) as Array<
      SessionRow & {
        distance_km: number | null;
        matching_sessions: number;
        cursor_at: string;
        organization_id: string;
        title: string;
        topic: string;
        value_chains: string[];
        embedded_offer: string | null;
        training_status: 'active';
        kind: EventKind;
        host_organization_id: string | null;
      }
    >;
    return toPage(
      rows,
      query.limit,
      (r) => [r.cursor_at, r.training_id],
      (r) => {
        const nextSession: NearbySessionDto = {
          ...toSessionDto(r),
          distanceKm: r.distance_km === null ? null : Math.round(r.distance_km * 10) / 10,
        };
        return {
          id: r.training_id,
          kind: r.kind,
          organizationId: r.organization_id,
          hostOrganizationId: r.host_organization_id,
          title: r.title,
          topic: r.topic,
          valueChains: r.value_chains,
          embeddedOffer: r.embedded_offer,
          status: r.training_status,
          nextSession,
          matchingSessions: r.matching_sessions,
        };
      },
    );
  }

  /**
   * A supplier's own trainings (or events of `kinds`) in every status, newest first, each
   * with all its sessions (for its people: the public search shows only what is still to come).
   */
  async listOfOrganization(userId: string, query: OrganizationTrainingsQuery, kinds: readonly EventKind[] = ['training']): Promise<Page<TrainingDto>> {
    await this.access.assertCanAct(userId, query.organizationId);
    const params: unknown[] = [query.organizationId, query.limit + 1, kinds];
    let after = '';
    if (query.cursor) {
      const [createdAt, id] = decodeTimeKeyset(query.cursor);
      params.push(createdAt, id);
      after = 'AND (t.created_at, t.id) < ($4::timestamptz, $5::uuid)';
    }
    // trainings_organization_idx (organization_id, created_at) serves this, read backwards.
    const rows = (await this.dataSource.query(
      `SELECT t.id, t.kind, t.organization_id, t.host_organization_id, t.title, t.description, t.topic, t.value_chains, t.embedded_offer,
              t.waitlist_rule, t.status, t.created_at, ${microseconds('t.created_at')} AS cursor_at
       FROM trainings t
       WHERE t.organization_id = $1 AND t.kind = ANY($3::text[]) ${after}
       ORDER BY t.created_at DESC, t.id DESC
       LIMIT $2`,
      params,
    )) as Array<{
      id: string;
      kind: EventKind;
      organization_id: string;
      host_organization_id: string | null;
      title: string;
      description: string | null;
      topic: string;
      value_chains: string[];
      embedded_offer: string | null;
      waitlist_rule: TrainingDto['waitlistRule'];
      status: TrainingDto['status'];
      created_at: Date;
      cursor_at: string;
    }>;
    const ids = rows.slice(0, query.limit).map((r) => r.id);
    const sessions = ids.length
      ? ((await this.dataSource.query(
          `SELECT ${SESSION_COLUMNS} FROM training_sessions s WHERE s.training_id = ANY($1::uuid[]) ORDER BY s.starts_at, s.id`,
          [ids],
        )) as SessionRow[])
      : [];
    return toPage(
      rows,
      query.limit,
      (r) => [r.cursor_at, r.id],
      (r) => ({
        id: r.id,
        kind: r.kind,
        organizationId: r.organization_id,
        hostOrganizationId: r.host_organization_id,
        title: r.title,
        description: r.description,
        topic: r.topic,
        valueChains: r.value_chains,
        embeddedOffer: r.embedded_offer,
        waitlistRule: r.waitlist_rule,
        status: r.status,
        createdAt: r.created_at.toISOString(),
        sessions: sessions.filter((s) => s.training_id === r.id).map(toSessionDto),
      }),
    );
  }

  async update(userId: string, id: string, dto: UpdateTrainingDto): Promise<TrainingDto> {
    const training = await this.manageable(userId, id);
    if (dto.valueChains) await this.checkReferences({ valueChains: dto.valueChains, provinceCodes: [] });
    const changes: Partial<Training> = {};
    if (dto.title !== undefined) changes.title = dto.title.trim();
    if (dto.description !== undefined) changes.description = dto.description;
    if (dto.topic !== undefined) changes.topic = dto.topic.trim();
    if (dto.valueChains !== undefined) changes.valueChains = dto.valueChains;
    if (dto.embeddedOffer !== undefined) changes.embeddedOffer = dto.embeddedOffer;
    if (dto.waitlistRule !== undefined) changes.waitlistRule = dto.waitlistRule;
    if (Object.keys(changes).length > 0) await this.dataSource.getRepository(Training).update({ id: training.id }, changes);
    return this.get(id);
  }

  /**
   * Another stop (a date of any kind of event). Two concurrent additions that overlap: the
   * exclusion constraint lets one through, the other gets 409. `alongside` adds what the
   * kind needs (a visit's meeting points) in the same transaction.
   */
  async addSession(
    userId: string,
    trainingId: string,
    dto: CreateSessionDto,
    alongside?: (manager: EntityManager, sessionId: string) => Promise<void>,
  ): Promise<TrainingSessionDto> {
    const training = await this.manageable(userId, trainingId);
    await this.checkReferences({ valueChains: [], provinceCodes: [dto.provinceCode] }, undefined);
    const span = this.parseSession(dto, '');
    try {
      // Two overlapping additions at once can each wait on the other's row in the exclusion
      // constraint: Postgres ends that deadlock by failing one, which run again meets the
      // other's committed session and is refused as an overlap (409), not a 503.
      const id = await retrySerializationFailures(() =>
        this.dataSource.transaction(async (manager) => {
          // FOR SHARE: additions run side by side, but not beside a cancellation of the training.
          const [row] = (await manager.query('SELECT status FROM trainings WHERE id = $1 FOR SHARE', [training.id])) as Array<{ status: string }>;
          if (row?.status !== 'active') {
            throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'training-cancelled', 'This training was cancelled');
          }
          const sessionId = await insertSession(manager, training.id, dto, span);
          await alongside?.(manager, sessionId);
          return sessionId;
        }),
      );
      return await this.getSession(id);
    } catch (error) {
      rethrowAsProblem(error);
    }
  }

  async getSession(id: string): Promise<TrainingSessionDto> {
    const [row] = (await this.dataSource.query(`SELECT ${SESSION_COLUMNS} FROM training_sessions s WHERE s.id = $1`, [id])) as SessionRow[];
    if (!row) throw sessionNotFound();
    return toSessionDto(row);
  }

  /**
   * Moves or resizes a session that has not ended. A new time is checked against the other
   * sessions by the exclusion constraint and resets reminders; more capacity promotes the
   * waitlist, less than the confirmed seats is 409.
   */
  async updateSession(userId: string, sessionId: string, dto: UpdateSessionDto): Promise<TrainingSessionDto> {
    const trainingId = await this.trainingOfSession(sessionId);
    await this.manageable(userId, trainingId);
    if (dto.provinceCode) await this.checkReferences({ valueChains: [], provinceCodes: [dto.provinceCode] });
    try {
      await retrySerializationFailures(() =>
        this.dataSource.transaction(async (manager) => {
          const session = await lockSession(manager, sessionId);
          if (session.status === 'cancelled') {
            throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'session-cancelled', 'This session was cancelled');
          }
          if (session.ended) throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'session-ended', 'This session has ended');
          const moved = dto.startsAt !== undefined || dto.endsAt !== undefined;
          if (moved) {
            const span = this.parseSession(
              {
                startsAt: dto.startsAt ?? session.startsAt.toISOString(),
                endsAt: dto.endsAt ?? session.endsAt.toISOString(),
              },
              '',
            );
            if (session.started) {
              throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'session-started', 'A session that has started cannot be moved');
            }
            await manager.query('UPDATE training_sessions SET starts_at = $2, ends_at = $3 WHERE id = $1', [session.id, span.startsAt, span.endsAt]);
            // The reminder was for the old time: remind again for the new one.
            await manager.query(`UPDATE training_registrations SET reminded_at = NULL WHERE session_id = $1 AND status = 'confirmed'`, [session.id]);
          }
          const sets: string[] = [];
          const params: unknown[] = [session.id];
          const set = (column: string, value: unknown) => {
            params.push(value);
            sets.push(`${column} = $${params.length}`);
          };
          if (dto.provinceCode !== undefined) set('province_code', dto.provinceCode);
          if (dto.venue !== undefined) set('venue', dto.venue.trim());
          if (dto.location !== undefined) {
            set('lat', dto.location?.lat ?? null);
            set('lng', dto.location?.lng ?? null);
          }
          if (dto.capacity !== undefined) {
            if (dto.capacity < session.seatsConfirmed) {
              throw new ProblemException(
                HttpStatus.CONFLICT,
                'capacity-below-confirmed',
                `${session.seatsConfirmed} seats are already confirmed: the capacity cannot go below that`,
              );
            }
            set('capacity', dto.capacity);
            session.capacity = dto.capacity;
          }
          if (sets.length > 0) await manager.query(`UPDATE training_sessions SET ${sets.join(', ')}, updated_at = now() WHERE id = $1`, params);
          await this.registrations.recordSettled(manager, session, await settleWaitlist(manager, session));
        }),
      );
    } catch (error) {
      rethrowAsProblem(error);
    }
    return this.getSession(sessionId);
  }

  /** Cancels a session that has not started; its registrations are cancelled and their people told. */
  async cancelSession(userId: string, sessionId: string): Promise<TrainingSessionDto> {
    const trainingId = await this.trainingOfSession(sessionId);
    await this.manageable(userId, trainingId);
    await retrySerializationFailures(() =>
      this.dataSource.transaction(async (manager) => {
        const session = await lockSession(manager, sessionId);
        if (session.status === 'cancelled') {
          throw new ProblemException(HttpStatus.CONFLICT, 'already-cancelled', 'This session is already cancelled');
        }
        if (session.started) {
          throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'session-started', 'A session that has started cannot be cancelled');
        }
        const userIds = await cancelSessions(manager, [session.id], 'session_cancelled');
        const payload: SessionCancelledPayload = { ...summaryOf(session), userIds };
        await this.outbox.record(manager, TRAINING_EVENTS.sessionCancelled, payload);
      }),
    );
    return this.getSession(sessionId);
  }

  /**
   * Cancels the training and every session of it that has not started (those held already
   * keep their attendance); registered people are told.
   */
  async cancelTraining(userId: string, trainingId: string): Promise<TrainingDto> {
    await this.manageable(userId, trainingId);
    await retrySerializationFailures(() =>
      this.dataSource.transaction(async (manager) => {
        // NO KEY UPDATE, not UPDATE: registrations hold a session lock and then take a key-share
        // lock on the training (their foreign key); UPDATE would deadlock with them.
        const [training] = (await manager.query('SELECT title, kind, organization_id, status FROM trainings WHERE id = $1 FOR NO KEY UPDATE', [
          trainingId,
        ])) as Array<{ title: string; kind: EventKind; organization_id: string; status: string }>;
        if (!training) throw notFound();
        if (training.status === 'cancelled') {
          throw new ProblemException(HttpStatus.CONFLICT, 'already-cancelled', 'This training is already cancelled');
        }
        const sessions = (await manager.query(
          `SELECT id FROM training_sessions WHERE training_id = $1 AND status = 'scheduled' AND starts_at > now() ORDER BY id FOR UPDATE`,
          [trainingId],
        )) as Array<{ id: string }>;
        const sessionIds = sessions.map((s) => s.id);
        const userIds = await cancelSessions(manager, sessionIds, 'training_cancelled');
        await manager.query(`UPDATE trainings SET status = 'cancelled', cancelled_at = now(), updated_at = now() WHERE id = $1`, [trainingId]);
        const payload: TrainingCancelledPayload = {
          trainingId,
          trainingTitle: training.title,
          eventKind: training.kind,
          organizationId: training.organization_id,
          sessionIds,
          userIds,
        };
        await this.outbox.record(manager, TRAINING_EVENTS.trainingCancelled, payload);
      }),
    );
    return this.get(trainingId);
  }

  /** The training, if the user is a manager (or `minRole`) of its supplier: 404 if none, 403 if not theirs to manage. */
  async manageable(
    userId: string,
    trainingId: string,
    minRole: 'member' | 'manager' = 'manager',
  ): Promise<{ id: string; organizationId: string; status: string }> {
    const [row] = (await this.dataSource.query('SELECT id, organization_id, status FROM trainings WHERE id = $1', [trainingId])) as Array<{
      id: string;
      organization_id: string;
      status: string;
    }>;
    if (!row) throw notFound();
    await this.access.assertCanAct(userId, row.organization_id, { minRole, field: 'id' });
    return { id: row.id, organizationId: row.organization_id, status: row.status };
  }

  private async trainingOfSession(sessionId: string): Promise<string> {
    const [row] = (await this.dataSource.query('SELECT training_id FROM training_sessions WHERE id = $1', [sessionId])) as Array<{
      training_id: string;
    }>;
    if (!row) throw sessionNotFound();
    return row.training_id;
  }

  /** Times make sense: end after start, a stop of at most a week, not in the past. */
  parseSession(dto: { startsAt: string; endsAt: string }, prefix: string): ParsedSession {
    const field = (name: string) => (prefix ? `${prefix}.${name}` : name);
    const startsAt = new Date(dto.startsAt);
    const endsAt = new Date(dto.endsAt);
    if (endsAt <= startsAt) throw new ValidationProblem([{ field: field('endsAt'), message: 'endsAt must be after startsAt' }]);
    if (endsAt.getTime() - startsAt.getTime() > MAX_SESSION_HOURS * 3_600_000) {
      throw new ValidationProblem([{ field: field('endsAt'), message: `a session lasts at most ${MAX_SESSION_HOURS / 24} days` }]);
    }
    if (startsAt.getTime() <= Date.now()) {
      throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'session-in-past', `${field('startsAt')} is in the past`, [
        { field: field('startsAt'), message: 'a session must start in the future' },
      ]);
    }
    return { startsAt, endsAt };
  }

  async checkReferences(refs: { valueChains: string[]; provinceCodes: string[] }, sessionsField?: string): Promise<void> {
    const errors: FieldError[] = [];
    if (refs.valueChains.length > 0) {
      const known = new Set((await this.catalog.listValueChains()).map((v) => v.code));
      refs.valueChains.forEach((code, i) => {
        if (!known.has(code)) errors.push({ field: `valueChains[${i}]`, message: `no value chain has the code ${code}` });
      });
    }
    if (refs.provinceCodes.length > 0) {
      const known = new Set((await this.catalog.listProvinces()).map((p) => p.code));
      refs.provinceCodes.forEach((code, i) => {
        const field = sessionsField ? `${sessionsField}[${i}].provinceCode` : 'provinceCode';
        if (!known.has(code)) errors.push({ field, message: `no province has the code ${code}` });
      });
    }
    if (errors.length > 0) throw new ValidationProblem(errors);
  }
}

export async function insertSession(manager: EntityManager, trainingId: string, dto: CreateSessionDto, span: ParsedSession): Promise<string> {
  const [row] = (await manager.query(
    `INSERT INTO training_sessions (training_id, starts_at, ends_at, province_code, venue, lat, lng, capacity)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [trainingId, span.startsAt, span.endsAt, dto.provinceCode, dto.venue.trim(), dto.location?.lat ?? null, dto.location?.lng ?? null, dto.capacity],
  )) as Array<{ id: string }>;
  return row!.id;
}

/**
 * Cancels these (locked) sessions and their live registrations; returns the people whose
 * registrations were cancelled, to notify them.
 */
async function cancelSessions(manager: EntityManager, sessionIds: string[], reason: 'session_cancelled' | 'training_cancelled'): Promise<string[]> {
  if (sessionIds.length === 0) return [];
  const [rows] = (await manager.query(
    `UPDATE training_registrations
     SET status = 'cancelled', cancelled_at = now(), cancel_reason = $2, waitlist_position = NULL
     WHERE session_id = ANY($1::uuid[]) AND status <> 'cancelled'
     RETURNING user_id`,
    [sessionIds, reason],
  )) as [Array<{ user_id: string | null }>, number];
  await manager.query(
    `UPDATE training_sessions SET status = 'cancelled', cancelled_at = now(), seats_confirmed = 0, updated_at = now()
     WHERE id = ANY($1::uuid[])`,
    [sessionIds],
  );
  await manager.query('UPDATE training_meeting_points SET seats_taken = 0 WHERE session_id = ANY($1::uuid[])', [sessionIds]);
  return [...new Set(rows.flatMap((r) => (r.user_id ? [r.user_id] : [])))].sort();
}

import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { OrganizationAccessService, roleAtLeast } from '@psar/identity';
import { FieldError, OutboxService, Page, ProblemException, type Reader, retrySerializationFailures, ValidationProblem, type Currency } from '@psar/platform';
import { PhotosService } from '@psar/media';
import { DataSource, EntityManager } from 'typeorm';
import { rethrowAsProblem } from '../constraint-problems';
import { type EventNotesPayload, TRAINING_EVENTS } from '../training-events';
import type { TrainingDto, TrainingSummaryDto } from '../trainings/dto/training.dto';
import { EVENT_KINDS } from '../trainings/training.entity';
import { firstOverlap } from '../trainings/session-schedule';
import { insertSession, TrainingsService } from '../trainings/trainings.service';
import { lockSession } from '../registrations/session-seats';
import { isPayable, splitCost } from './cost-split';
import type { AgendaItemDto, CreateEventDto, CreateEventSessionDto, CreateMeetingPointDto } from './dto/create-event.dto';
import type {
  EventDto,
  EventNotesDto,
  EventParticipantDto,
  EventSessionDto,
  FindEventsQuery,
  MeetingPointDto,
  OrganizationEventsQuery,
  ParticipantsQuery,
} from './dto/event.dto';

const notFound = () => new ProblemException(HttpStatus.NOT_FOUND, 'not-found', 'No such event');

/**
 * Exposure visits and business forums, built on the trainings' sessions, seats, waitlists
 * and check-ins: an event is a row of `trainings` with its kind, a host, an agenda, meeting
 * points per session and a cost shared with a sponsor.
 */
@Injectable()
export class EventsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: OrganizationAccessService,
    private readonly outbox: OutboxService,
    private readonly trainings: TrainingsService,
    private readonly photos: PhotosService,
  ) {}

  async create(userId: string, dto: CreateEventDto): Promise<EventDto> {
    // Anyone may organize a visit or a forum (an association, a department); a training
    // stays what input suppliers do, as at POST /trainings.
    await this.access.assertCanAct(userId, dto.organizationId, {
      minRole: 'manager',
      capability: dto.kind === 'training' ? 'supply_inputs' : undefined,
    });
    const errors: FieldError[] = [];
    if (dto.hostOrganizationId && !(await this.access.kindsOf([dto.hostOrganizationId])).has(dto.hostOrganizationId)) {
      errors.push({ field: 'hostOrganizationId', message: 'no organization has this id' });
    }
    if (dto.cost && !isPayable(dto.cost.perParticipant)) {
      errors.push({ field: 'cost.perParticipant.amount', message: 'a cost in KHR is whole riel' });
    }
    if (errors.length > 0) throw new ValidationProblem(errors);
    await this.trainings.checkReferences({ valueChains: dto.valueChains, provinceCodes: dto.sessions.map((s) => s.provinceCode) }, 'sessions');
    const spans = dto.sessions.map((s, i) => this.trainings.parseSession(s, `sessions[${i}]`));
    dto.sessions.forEach((session, i) =>
      (session.meetingPoints ?? []).forEach((point, j) => {
        const problem = departureProblem(new Date(point.departsAt), spans[i]!.endsAt);
        if (problem) errors.push({ field: `sessions[${i}].meetingPoints[${j}].departsAt`, message: problem });
      }),
    );
    if (errors.length > 0) throw new ValidationProblem(errors);
    const overlap = firstOverlap(spans);
    if (overlap) {
      const [a, b] = overlap;
      throw new ProblemException(HttpStatus.CONFLICT, 'sessions-overlap', `sessions[${b}] overlaps sessions[${a}]`, [
        { field: `sessions[${b}]`, message: `overlaps sessions[${a}]` },
      ]);
    }
    try {
      const id = await this.dataSource.transaction(async (manager) => {
        const [row] = (await manager.query(
          `INSERT INTO trainings (kind, organization_id, host_organization_id, title, description, topic, value_chains, waitlist_rule,
                                  cost_amount, cost_currency, sponsor_share_percent, created_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
          [
            dto.kind,
            dto.organizationId,
            dto.hostOrganizationId ?? null,
            dto.title.trim(),
            dto.description ?? null,
            (dto.topic ?? dto.title).trim(),
            dto.valueChains,
            dto.waitlistRule ?? 'strict_order',
            dto.cost?.perParticipant.amount ?? null,
            dto.cost?.perParticipant.currency ?? null,
            dto.cost?.sponsorSharePercent ?? null,
            userId,
          ],
        )) as Array<{ id: string }>;
        for (const [i, session] of dto.sessions.entries()) {
          const sessionId = await insertSession(manager, row!.id, session, spans[i]!);
          for (const point of session.meetingPoints ?? []) await insertMeetingPoint(manager, sessionId, point);
        }
        await insertAgenda(manager, row!.id, dto.agenda ?? []);
        return row!.id;
      });
      return await this.get(id);
    } catch (error) {
      rethrowAsProblem(error);
    }
  }

  /**
   * Another date of an event of any kind (as POST /trainings/:id/sessions), with its meeting
   * points for a visit, in one transaction.
   */
  async addSession(userId: string, eventId: string, dto: CreateEventSessionDto): Promise<EventSessionDto> {
    await this.trainings.manageable(userId, eventId);
    const span = this.trainings.parseSession(dto, '');
    const errors: FieldError[] = [];
    (dto.meetingPoints ?? []).forEach((point, j) => {
      const problem = departureProblem(new Date(point.departsAt), span.endsAt);
      if (problem) errors.push({ field: `meetingPoints[${j}].departsAt`, message: problem });
    });
    if (errors.length > 0) throw new ValidationProblem(errors);
    const session = await this.trainings.addSession(userId, eventId, dto, async (manager, sessionId) => {
      for (const point of dto.meetingPoints ?? []) await insertMeetingPoint(manager, sessionId, point);
    });
    return this.sessionOf(eventId, session.id);
  }

  /** A meeting point more on a date not yet started: the transport leaves before the date ends. */
  async addMeetingPoint(userId: string, sessionId: string, dto: CreateMeetingPointDto): Promise<EventSessionDto> {
    const eventId = await this.eventOfSession(sessionId);
    await this.trainings.manageable(userId, eventId);
    try {
      await retrySerializationFailures(() =>
        this.dataSource.transaction(async (manager) => {
          const session = await this.changeableSession(manager, sessionId);
          const problem = departureProblem(new Date(dto.departsAt), session.endsAt);
          if (problem) throw new ValidationProblem([{ field: 'departsAt', message: problem }]);
          await insertMeetingPoint(manager, session.id, dto);
        }),
      );
    } catch (error) {
      rethrowAsProblem(error);
    }
    return this.sessionOf(eventId, sessionId);
  }

  /**
   * Takes a meeting point off a date: refused (409) while a live registration leaves from it;
   * cancelled registrations that named it forget it. The session lock keeps a registration
   * from taking a seat there meanwhile.
   */
  async removeMeetingPoint(userId: string, sessionId: string, meetingPointId: string): Promise<EventSessionDto> {
    const eventId = await this.eventOfSession(sessionId);
    await this.trainings.manageable(userId, eventId);
    await retrySerializationFailures(() =>
      this.dataSource.transaction(async (manager) => {
        const session = await this.changeableSession(manager, sessionId);
        const [point] = (await manager.query('SELECT id FROM training_meeting_points WHERE id = $1 AND session_id = $2', [
          meetingPointId,
          session.id,
        ])) as unknown[];
        if (!point) throw new ProblemException(HttpStatus.NOT_FOUND, 'not-found', 'No such meeting point on this date');
        const [{ live }] = (await manager.query(
          `SELECT count(*)::int AS live FROM training_registrations WHERE meeting_point_id = $1 AND status <> 'cancelled'`,
          [meetingPointId],
        )) as [{ live: number }];
        if (live > 0) {
          throw new ProblemException(
            HttpStatus.CONFLICT,
            'meeting-point-in-use',
            `${live} registration${live === 1 ? '' : 's'} leave from this meeting point: it cannot be removed`,
            [{ field: 'meetingPointId', message: 'registrations use this meeting point' }],
          );
        }
        await manager.query(
          `UPDATE training_registrations SET meeting_point_id = NULL WHERE meeting_point_id = $1 AND status = 'cancelled'`,
          [meetingPointId],
        );
        await manager.query('DELETE FROM training_meeting_points WHERE id = $1', [meetingPointId]);
      }),
    );
    return this.sessionOf(eventId, sessionId);
  }

  /** The agenda, replaced as a whole (a forum's talks in their new order). */
  async replaceAgenda(userId: string, eventId: string, agenda: AgendaItemDto[]): Promise<EventDto> {
    const event = await this.trainings.manageable(userId, eventId);
    if (event.status !== 'active') {
      throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'training-cancelled', 'This event was cancelled');
    }
    try {
      await this.dataSource.transaction(async (manager) => {
        await manager.query('SELECT id FROM trainings WHERE id = $1 FOR NO KEY UPDATE', [event.id]);
        await manager.query('DELETE FROM training_agenda_items WHERE training_id = $1', [event.id]);
        await insertAgenda(manager, event.id, agenda);
      });
    } catch (error) {
      rethrowAsProblem(error);
    }
    return this.get(eventId);
  }

  /** The event's page: sessions with seats and meeting points, the agenda, the cost and its split. */
  async get(id: string): Promise<EventDto> {
    const training = await this.trainings.get(id);
    const [cost] = (await this.dataSource.query('SELECT cost_amount, cost_currency, sponsor_share_percent FROM trainings WHERE id = $1', [id])) as Array<{
      cost_amount: string | null;
      cost_currency: Currency | null;
      sponsor_share_percent: number | null;
    }>;
    const points = (await this.dataSource.query(
      `SELECT p.id, p.session_id, p.name, p.departs_at, p.seats, p.seats_taken
       FROM training_meeting_points p JOIN training_sessions s ON s.id = p.session_id
       WHERE s.training_id = $1 ORDER BY p.departs_at, p.name, p.id`,
      [id],
    )) as Array<{ id: string; session_id: string; name: string; departs_at: Date; seats: number; seats_taken: number }>;
    const agenda = (await this.dataSource.query(
      'SELECT starts_at, title, speaker FROM training_agenda_items WHERE training_id = $1 ORDER BY position',
      [id],
    )) as Array<{ starts_at: Date; title: string; speaker: string }>;
    const pointDto = (p: (typeof points)[number]): MeetingPointDto => ({
      id: p.id,
      name: p.name,
      departsAt: p.departs_at.toISOString(),
      seats: p.seats,
      seatsTaken: p.seats_taken,
      seatsLeft: p.seats - p.seats_taken,
    });
    let costView: EventDto['cost'] = null;
    if (cost?.cost_amount && cost.cost_currency) {
      const perParticipant = { amount: cost.cost_amount, currency: cost.cost_currency };
      const split = splitCost(perParticipant, cost.sponsor_share_percent ?? 0);
      costView = {
        perParticipant,
        sponsorSharePercent: cost.sponsor_share_percent ?? 0,
        sponsorShare: split.sponsored,
        participantShare: split.participant,
      };
    }
    return {
      ...training,
      sessions: training.sessions.map((s) => ({ ...s, meetingPoints: points.filter((p) => p.session_id === s.id).map(pointDto) })),
      agenda: agenda.map((a) => ({ startsAt: a.starts_at.toISOString(), title: a.title, speaker: a.speaker })),
      cost: costView,
      photos: (await this.photos.ofOwners('event', [id])).get(id)?.photos ?? [],
    };
  }

  /** Managers of the organizer add, order and remove an event's photos (403 for others, as for its other changes). */
  async assertCanChangePhotos(userId: string, id: string): Promise<void> {
    await this.trainings.manageable(userId, id);
  }

  /** The same directory as trainings', every kind unless `kind` is given. */
  find(query: FindEventsQuery, reader?: Reader): Promise<Page<TrainingSummaryDto>> {
    return this.trainings.find(query, reader);
  }

  /** The organizer's own events, every kind unless `kind` is given, as its people see them. */
  listOfOrganization(userId: string, query: OrganizationEventsQuery): Promise<Page<TrainingDto>> {
    return this.trainings.listOfOrganization(userId, query, query.kind ? [query.kind] : EVENT_KINDS);
  }

  /**
   * Who I met: the organizations of the event's other participants that allowed it when
   * registering, as their public profiles show them, with the host first. Only for the
   * event's participants and its organizer's people (others 403).
   */
  async participants(userId: string, eventId: string, query: ParticipantsQuery): Promise<Page<EventParticipantDto>> {
    const event = await this.event(eventId);
    if (!(await this.isOrganizerStaff(userId, event.organizationId))) {
      const [mine] = (await this.dataSource.query(
        `SELECT 1 FROM training_registrations WHERE training_id = $1 AND user_id = $2 AND status = 'confirmed' LIMIT 1`,
        [eventId, userId],
      )) as unknown[];
      if (!mine) {
        throw new ProblemException(HttpStatus.FORBIDDEN, 'participants-only', "Only the event's participants and its organizer see who took part");
      }
    }
    const params: unknown[] = [eventId, query.limit + 1];
    let after = '';
    if (query.cursor) {
      const id = Buffer.from(query.cursor, 'base64url').toString();
      if (!/^[0-9a-f-]{36}$/.test(id)) throw new ValidationProblem([{ field: 'cursor', message: 'cursor is not one this list gave' }]);
      params.push(id);
      after = 'AND organization_id > $3::uuid';
    }
    const rows = (await this.dataSource.query(
      `SELECT DISTINCT organization_id FROM training_registrations
       WHERE training_id = $1 AND status = 'confirmed' AND share_profile AND organization_id IS NOT NULL ${after}
       ORDER BY organization_id LIMIT $2`,
      params,
    )) as Array<{ organization_id: string }>;
    const more = rows.length > query.limit;
    const ids = rows.slice(0, query.limit).map((r) => r.organization_id);
    const hostId = event.hostOrganizationId ?? event.organizationId;
    const listed = !query.cursor ? [hostId, ...ids.filter((id) => id !== hostId)] : ids.filter((id) => id !== hostId);
    const [{ organizations: names }, kinds, places] = [
      await this.access.namesOf([], listed),
      await this.access.kindsOf(listed),
      await this.access.placesOf(listed),
    ];
    return {
      items: listed
        .filter((id) => names.has(id))
        .map((id) => ({
          organizationId: id,
          name: names.get(id)!,
          kind: kinds.get(id)!,
          provinceCode: places.get(id)!.provinceCode,
          host: id === hostId,
        })),
      nextCursor: more ? Buffer.from(ids[ids.length - 1]!).toString('base64url') : null,
    };
  }

  /**
   * The organizer posts notes or outcomes to every confirmed participant: recorded with
   * the event in one transaction, delivered by the outbox to the notifications handler,
   * whose (event, user, kind) key makes a second delivery add nothing.
   */
  async postNotes(userId: string, eventId: string, body: string): Promise<EventNotesDto> {
    const event = await this.trainings.manageable(userId, eventId);
    const text = body.trim();
    if (!text) throw new ValidationProblem([{ field: 'body', message: 'body must not be empty' }]);
    try {
      return await retrySerializationFailures(() =>
        this.dataSource.transaction(async (manager) => {
          const [training] = (await manager.query('SELECT title FROM trainings WHERE id = $1', [event.id])) as Array<{ title: string }>;
          const users = (await manager.query(
            `SELECT DISTINCT user_id FROM training_registrations
             WHERE training_id = $1 AND status = 'confirmed' AND user_id IS NOT NULL ORDER BY user_id`,
            [event.id],
          )) as Array<{ user_id: string }>;
          const [note] = (await manager.query(
            'INSERT INTO training_event_notes (training_id, body, posted_by, recipient_count) VALUES ($1, $2, $3, $4) RETURNING id, created_at',
            [event.id, text, userId, users.length],
          )) as Array<{ id: string; created_at: Date }>;
          const payload: EventNotesPayload = {
            eventId: event.id,
            eventTitle: training!.title,
            organizationId: event.organizationId,
            noteId: note!.id,
            body: text,
            userIds: users.map((u) => u.user_id),
          };
          await this.outbox.record(manager, TRAINING_EVENTS.eventNotesPosted, payload);
          return { id: note!.id, eventId: event.id, body: text, recipientCount: users.length, createdAt: note!.created_at.toISOString() };
        }),
      );
    } catch (error) {
      rethrowAsProblem(error);
    }
  }

  private async sessionOf(eventId: string, sessionId: string): Promise<EventSessionDto> {
    return (await this.get(eventId)).sessions.find((s) => s.id === sessionId)!;
  }

  private async eventOfSession(sessionId: string): Promise<string> {
    const [row] = (await this.dataSource.query('SELECT training_id FROM training_sessions WHERE id = $1', [sessionId])) as Array<{
      training_id: string;
    }>;
    if (!row) throw new ProblemException(HttpStatus.NOT_FOUND, 'not-found', 'No such training session');
    return row.training_id;
  }

  /** The session locked, if its meeting points may still change: not cancelled, not started. */
  private async changeableSession(manager: EntityManager, sessionId: string) {
    const session = await lockSession(manager, sessionId);
    if (session.status === 'cancelled') {
      throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'session-cancelled', 'This session was cancelled');
    }
    if (session.started) throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'session-started', 'This session has started');
    return session;
  }

  private async event(id: string): Promise<{ organizationId: string; hostOrganizationId: string | null }> {
    const [row] = (await this.dataSource.query('SELECT organization_id, host_organization_id FROM trainings WHERE id = $1', [id])) as Array<{
      organization_id: string;
      host_organization_id: string | null;
    }>;
    if (!row) throw notFound();
    return { organizationId: row.organization_id, hostOrganizationId: row.host_organization_id };
  }

  private async isOrganizerStaff(userId: string, organizationId: string): Promise<boolean> {
    const role = await this.access.roleOf(userId, organizationId);
    return role !== null && roleAtLeast(role, 'member');
  }
}

/** Why a meeting point's departure does not fit its date, or null. */
function departureProblem(departsAt: Date, sessionEndsAt: Date): string | null {
  if (departsAt >= sessionEndsAt) return 'the transport must leave before the session ends';
  if (departsAt.getTime() <= Date.now()) return 'departsAt is in the past';
  return null;
}

async function insertMeetingPoint(manager: EntityManager, sessionId: string, point: CreateMeetingPointDto): Promise<void> {
  await manager.query('INSERT INTO training_meeting_points (session_id, name, departs_at, seats) VALUES ($1, $2, $3, $4)', [
    sessionId,
    point.name.trim(),
    new Date(point.departsAt),
    point.seats,
  ]);
}

async function insertAgenda(manager: EntityManager, eventId: string, agenda: AgendaItemDto[]): Promise<void> {
  for (const [i, item] of agenda.entries()) {
    await manager.query('INSERT INTO training_agenda_items (training_id, position, starts_at, title, speaker) VALUES ($1, $2, $3, $4, $5)', [
      eventId,
      i + 1,
      new Date(item.startsAt),
      item.title.trim(),
      item.speaker.trim(),
    ]);
  }
}

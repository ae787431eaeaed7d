import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CatalogService } from '@psar/catalog';
import { OrganizationAccessService } from '@psar/identity';
import { decodeCursor, FieldError, isCalendarDate, OutboxService, Page, ProblemException, ReadReplicas, toPage, ValidationProblem, violatedConstraint } from '@psar/platform';
import { DataSource, EntityManager } from 'typeorm';
import { returnedRows } from '../returned-rows';
import { renderFloorPlanSvg, type StallAvailability } from '../stalls/floor-plan-svg';
import type { StallType } from '../stalls/fair-stall.entity';
import { FAIR_CANCELLED, type FairCancelledPayload } from '../trade-fair-events';
import type { CreateTradeFairDto, ListTradeFairsQuery, StallDto, TradeFairDetailDto, TradeFairDto, UpdateTradeFairDto } from './dto/trade-fair.dto';
import { textAndIdCursor } from '../validation';
import { FairAccessService, fairNotFound, type FairHead } from './fair-access.service';
import { allowedFrom, canTransition, type FairTransition } from './fair-status';
import type { FairStatus } from './trade-fair.entity';

const DAY_MS = 86_400_000;
const MAX_FAIR_DAYS = 61;

interface FairRow {
  id: string;
  organizer_id: string;
  organizer_name: string;
  name: string;
  province_code: string;
  venue: string;
  lat: number | null;
  lng: number | null;
  starts_on: string;
  ends_on: string;
  applications_close_at: Date;
  description: string | null;
  plan_width: number;
  plan_height: number;
  booking_hold_hours: number;
  max_stalls_per_exhibitor: number | null;
  status: FairStatus;
  cancellation_reason: string | null;
  created_at: Date;
  accepting: boolean;
  total: number;
  requested: number;
  taken: number;
}

// A stall has at most one live booking, so the join never multiplies stalls.
const FAIR_SELECT = `
  SELECT f.id, f.organizer_id, o.name AS organizer_name, f.name, f.province_code, f.venue, f.lat, f.lng,
         f.starts_on::text AS starts_on, f.ends_on::text AS ends_on, f.applications_close_at, f.description,
         f.plan_width::float8 AS plan_width, f.plan_height::float8 AS plan_height, f.booking_hold_hours,
         f.max_stalls_per_exhibitor, f.status, f.cancellation_reason, f.created_at,
         (f.status = 'open' AND now() < f.applications_close_at) AS accepting,
         c.total, c.requested, c.taken
  FROM trade_fairs f
  JOIN organizations o ON o.id = f.organizer_id
  CROSS JOIN LATERAL (
    SELECT count(*)::int AS total,
           count(*) FILTER (WHERE b.status = 'requested')::int AS requested,
           count(*) FILTER (WHERE b.status = 'approved')::int AS taken
    FROM fair_stalls s LEFT JOIN stall_bookings b ON b.stall_id = s.id AND b.status IN ('requested', 'approved')
    WHERE s.fair_id = f.id AND s.removed_at IS NULL
  ) c`;

function toDto(r: FairRow): TradeFairDto {
  return {
    id: r.id,
    organizer: { id: r.organizer_id, name: r.organizer_name },
    name: r.name,
    provinceCode: r.province_code,
    venue: r.venue,
    location: r.lat === null || r.lng === null ? null : { lat: r.lat, lng: r.lng },
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    applicationsCloseAt: r.applications_close_at.toISOString(),
    acceptingApplications: r.accepting,
    description: r.description,
    floorPlan: { width: r.plan_width, height: r.plan_height },
    bookingHoldHours: r.booking_hold_hours,
    maxStallsPerExhibitor: r.max_stalls_per_exhibitor,
    status: r.status,
    cancellationReason: r.cancellation_reason,
    stallCounts: { total: r.total, free: r.total - r.requested - r.taken, requested: r.requested, taken: r.taken },
    createdAt: r.created_at.toISOString(),
  };
}

/** The cross-field rules of a fair's dates, as 400s naming the field. */
function checkDates(dates: { startsOn: string; endsOn: string; applicationsCloseAt: string | Date }): void {
  const errors: FieldError[] = [];
  const start = Date.parse(`${dates.startsOn}T00:00:00Z`);
  const end = Date.parse(`${dates.endsOn}T00:00:00Z`);
  if (end < start) errors.push({ field: 'endsOn', message: 'endsOn must be on or after startsOn' });
  else if ((end - start) / DAY_MS >= MAX_FAIR_DAYS) errors.push({ field: 'endsOn', message: `a fair lasts at most ${MAX_FAIR_DAYS} days` });
  // The last day ends at midnight in Cambodia (UTC+7, no daylight saving).
  const closes = new Date(dates.applicationsCloseAt).getTime();
  if (closes >= Date.parse(`${dates.endsOn}T00:00:00+07:00`) + DAY_MS) {
    errors.push({ field: 'applicationsCloseAt', message: 'applications must close before the fair ends' });
  }
  if (errors.length > 0) throw new ValidationProblem(errors);
}

@Injectable()
export class FairsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly catalog: CatalogService,
    private readonly access: OrganizationAccessService,
    private readonly fairs: FairAccessService,
    private readonly outbox: OutboxService,
    private readonly replicas: ReadReplicas,
  ) {}

  async create(userId: string, dto: CreateTradeFairDto): Promise<TradeFairDto> {
    checkDates(dto);
    if (!(await this.catalog.isKnownProvince(dto.provinceCode))) {
      throw new ValidationProblem([{ field: 'provinceCode', message: `no province has the code ${dto.provinceCode}` }]);
    }
    await this.access.assertCanAct(userId, dto.organizationId, { minRole: 'manager', capability: 'organize_fairs' });
    const [row] = (await this.dataSource.query(
      `INSERT INTO trade_fairs (organizer_id, name, province_code, venue, lat, lng, starts_on, ends_on, applications_close_at,
                                description, plan_width, plan_height, booking_hold_hours, max_stalls_per_exhibitor, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, coalesce($13, 72), $14, $15) RETURNING id`,
      [
        dto.organizationId,
        dto.name.trim(),
        dto.provinceCode,
        dto.venue.trim(),
        dto.location?.lat ?? null,
        dto.location?.lng ?? null,
        dto.startsOn,
        dto.endsOn,
        dto.applicationsCloseAt,
        dto.description ?? null,
        dto.floorPlan.width,
        dto.floorPlan.height,
        dto.bookingHoldHours ?? null,
        dto.maxStallsPerExhibitor ?? null,
        userId,
      ],
    )) as Array<{ id: string }>;
    return this.load(this.dataSource.manager, row!.id);
  }

  /**
   * The public directory, soonest first, paged by keyset on (starts_on, id)
   * (trade_fairs_starts_id_idx; with ?province= trade_fairs_province_starts_idx).
   * Drafts appear only to members of the organizer named in ?organizationId=.
   */
  async list(userId: string | undefined, query: ListTradeFairsQuery): Promise<Page<TradeFairDto>> {
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    let includeDrafts = false;
    if (query.organizationId) {
      where.push(`f.organizer_id = ${param(query.organizationId)}`);
      includeDrafts = Boolean(userId && (await this.access.roleOf(userId, query.organizationId)));
    }
    if (query.status) where.push(`f.status = ${param(query.status)}`);
    if (!includeDrafts) where.push(`f.status <> 'draft'`);
    if (query.province) where.push(`f.province_code = ${param(query.province)}`);
    if (query.from) where.push(`f.ends_on >= ${param(query.from)}::date`);
    if (query.to) where.push(`f.starts_on <= ${param(query.to)}::date`);
    if (query.cursor) {
      const [startsOn, id] = textAndIdCursor(decodeCursor(query.cursor, 2));
      if (!isCalendarDate(startsOn)) {
        throw new ValidationProblem([{ field: 'cursor', message: 'cursor is not one this API issued' }]);
      }
      where.push(`(f.starts_on, f.id) > (${param(startsOn)}::date, ${param(id)}::uuid)`);
    }
    // The public directory: on a read replica unless the caller wrote lately (ReadReplicas).
    const rows = await this.replicas.query<FairRow>(
      `${FAIR_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY f.starts_on, f.id LIMIT ${param(query.limit + 1)}`,
      params,
      { reader: userId ? { id: userId } : undefined },
    );
    return toPage(rows, query.limit, (r) => [r.starts_on, r.id], toDto);
  }

  async get(userId: string | undefined, id: string): Promise<TradeFairDetailDto> {
    await this.fairs.visibleHead(userId, id);
    const fair = await this.load(this.dataSource.manager, id);
    return { ...fair, stalls: await this.stallsOf(this.dataSource.manager, id) };
  }

  async update(userId: string, id: string, dto: UpdateTradeFairDto): Promise<TradeFairDto> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        const head = await this.fairs.head(id, { manager, lock: 'update' });
        await this.fairs.assertOrganizer(userId, head, manager);
        if (!['draft', 'open', 'closed'].includes(head.status)) {
          throw new ProblemException(HttpStatus.CONFLICT, 'fair-not-editable', `A ${head.status} fair can no longer be changed`);
        }
        checkDates({
          startsOn: dto.startsOn ?? head.startsOn,
          endsOn: dto.endsOn ?? head.endsOn,
          applicationsCloseAt: dto.applicationsCloseAt ?? head.applicationsCloseAt,
        });
        const sets: string[] = [];
        const params: unknown[] = [id];
        const set = (column: string, value: unknown) => {
          params.push(value);
          sets.push(`${column} = $${params.length}`);
        };
        if (dto.name !== undefined) set('name', dto.name.trim());
        if (dto.venue !== undefined) set('venue', dto.venue.trim());
        if (dto.location !== undefined) {
          set('lat', dto.location?.lat ?? null);
          set('lng', dto.location?.lng ?? null);
        }
        if (dto.description !== undefined) set('description', dto.description);
        if (dto.startsOn !== undefined) set('starts_on', dto.startsOn);
        if (dto.endsOn !== undefined) set('ends_on', dto.endsOn);
        if (dto.applicationsCloseAt !== undefined) set('applications_close_at', dto.applicationsCloseAt);
        if (dto.floorPlan !== undefined) {
          set('plan_width', dto.floorPlan.width);
          set('plan_height', dto.floorPlan.height);
        }
        if (dto.bookingHoldHours !== undefined) set('booking_hold_hours', dto.bookingHoldHours);
        if (dto.maxStallsPerExhibitor !== undefined) set('max_stalls_per_exhibitor', dto.maxStallsPerExhibitor);
        // Resizing the plan cascades to every stall's copy of it, where a CHECK keeps each inside.
        if (sets.length > 0) await manager.query(`UPDATE trade_fairs SET ${sets.join(', ')}, updated_at = now() WHERE id = $1`, params);
        return this.load(manager, id);
      });
    } catch (error) {
      if (violatedConstraint(error) === 'fair_stalls_inside_plan') {
        throw new ProblemException(
          HttpStatus.UNPROCESSABLE_ENTITY,
          'stall-outside-plan',
          'The plan cannot shrink: a stall would be left outside it',
          [{ field: 'floorPlan', message: 'some stalls lie outside this size' }],
        );
      }
      throw error;
    }
  }

  /** Publish (open), close applications, reopen, or complete. */
  async transition(userId: string, id: string, to: Exclude<FairTransition, 'cancelled'>): Promise<TradeFairDto> {
    return this.dataSource.transaction(async (manager) => {
      const head = await this.fairs.head(id, { manager, lock: 'update' });
      await this.fairs.assertOrganizer(userId, head, manager);
      this.assertTransition(head, to);
      if (to === 'open') {
        const [{ stalls }] = (await manager.query('SELECT count(*)::int AS stalls FROM fair_stalls WHERE fair_id = $1 AND removed_at IS NULL', [id])) as [{ stalls: number }];
        if (stalls === 0) throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'no-stalls', 'Add stalls to the floor plan before opening the fair');
      }
      if (to === 'completed' && head.today < head.endsOn) {
        throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'fair-not-over', `The fair runs until ${head.endsOn}; complete it on its last day or after`);
      }
      await manager.query('UPDATE trade_fairs SET status = $2, updated_at = now() WHERE id = $1', [id, to]);
      return this.load(manager, id);
    });
  }

  /** Cancels the fair and every live booking with it, telling each exhibitor (one event). */
  async cancel(userId: string, id: string, reason: string | undefined): Promise<TradeFairDto> {
    return this.dataSource.transaction(async (manager) => {
      const head = await this.fairs.head(id, { manager, lock: 'update' });
      await this.fairs.assertOrganizer(userId, head, manager);
      this.assertTransition(head, 'cancelled');
      const why = reason?.trim() || null;
      await manager.query(`UPDATE trade_fairs SET status = 'cancelled', cancellation_reason = $2, updated_at = now() WHERE id = $1`, [id, why]);
      const ended = returnedRows<{ exhibitor_id: string }>(await manager.query(
        `UPDATE stall_bookings SET status = 'cancelled', cancelled_by_side = 'organizer', decision_reason = 'The fair was cancelled', updated_at = now()
         WHERE fair_id = $1 AND status IN ('requested', 'approved') RETURNING exhibitor_id`,
        [id],
      ));
      const exhibitorIds = [...new Set(ended.map((r) => r.exhibitor_id))];
      const payload: FairCancelledPayload = { fairId: id, fairName: head.name, organizerId: head.organizerId, exhibitorIds, reason: why, actorId: userId };
      await this.outbox.record(manager, FAIR_CANCELLED, payload);
      return this.load(manager, id);
    });
  }

  async floorPlanSvg(userId: string | undefined, id: string): Promise<string> {
    const head = await this.fairs.visibleHead(userId, id);
    const stalls = await this.stallsOf(this.dataSource.manager, id);
    return renderFloorPlanSvg({
      title: `${head.name}: floor plan`,
      plan: { width: head.planWidth, height: head.planHeight },
      stalls: stalls.map((s) => ({ ...s, price: `${s.price.amount} ${s.price.currency}` })),
    });
  }

  /** Every stall on the plan (not the removed ones) with its availability, in code order. */
  async stallsOf(manager: EntityManager, fairId: string): Promise<StallDto[]> {
    const rows = (await manager.query(
      `SELECT s.id, s.code, s.zone, s.x::float8 AS x, s.y::float8 AS y, s.width::float8 AS width, s.height::float8 AS height, s.type,
              s.price_amount::text AS price_amount, s.price_currency, b.status AS booking_status
       FROM fair_stalls s LEFT JOIN stall_bookings b ON b.stall_id = s.id AND b.status IN ('requested', 'approved')
       WHERE s.fair_id = $1 AND s.removed_at IS NULL ORDER BY s.code`,
      [fairId],
    )) as Array<{
      id: string;
      code: string;
      zone: string | null;
      x: number;
      y: number;
      width: number;
      height: number;
      type: StallType;
      price_amount: string;
      price_currency: 'KHR' | 'USD';
      booking_status: 'requested' | 'approved' | null;
    }>;
    return rows.map((r) => ({
      id: r.id,
      code: r.code,
      zone: r.zone,
      x: r.x,
      y: r.y,
      width: r.width,
      height: r.height,
      type: r.type,
      price: { amount: r.price_amount, currency: r.price_currency },
      availability: (r.booking_status === 'approved' ? 'taken' : r.booking_status === 'requested' ? 'requested' : 'free') as StallAvailability,
    }));
  }

  private assertTransition(head: FairHead, to: FairTransition): void {
    if (canTransition(head.status, to)) return;
    throw new ProblemException(
      HttpStatus.CONFLICT,
      'invalid-transition',
      `A ${head.status} fair cannot become ${to} (only from ${allowedFrom(to).join(' or ')})`,
    );
  }

  private async load(manager: EntityManager, id: string): Promise<TradeFairDto> {
    const [row] = (await manager.query(`${FAIR_SELECT} WHERE f.id = $1`, [id])) as FairRow[];
    if (!row) throw fairNotFound();
    return toDto(row);
  }
}

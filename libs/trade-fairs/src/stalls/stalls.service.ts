import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { FieldError, pgErrorOf, ProblemException, retrySerializationFailures, ValidationProblem, violatedConstraint } from '@psar/platform';
import { DataSource } from 'typeorm';
import type { StallDto } from '../fairs/dto/trade-fair.dto';
import { FairAccessService } from '../fairs/fair-access.service';
import { FairsService } from '../fairs/fairs.service';
import type { CreateStallDto } from './dto/create-stall.dto';
import type { MoveStallDto } from './dto/move-stall.dto';
import { findOverlaps, outsidePlan, type Rect } from './floor-plan';

@Injectable()
export class StallsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly fairs: FairAccessService,
    private readonly fairsService: FairsService,
  ) {}

  /**
   * Adds the stalls all together or not at all. The checks here only give precise
   * answers; the constraints decide: codes unique per fair, each stall inside the plan
   * (CHECK against the plan size the stall row carries), no overlap (exclusion
   * constraint), so two organizers adding overlapping stalls at once cannot both win.
   */
  async add(userId: string, fairId: string, stalls: CreateStallDto[]): Promise<StallDto[]> {
    const codes = new Set(stalls.map((s) => s.code));
    try {
      // Two overlapping additions at once can each wait on the other's rows in the exclusion
      // constraint; Postgres fails one as a deadlock, which run again meets the other's
      // committed stalls and is answered 409, not 503.
      await retrySerializationFailures(() => this.dataSource.transaction(async (manager) => {
        // FOR SHARE: the plan size and status cannot change under us.
        const fair = await this.fairs.head(fairId, { manager, lock: 'share' });
        await this.fairs.assertOrganizer(userId, fair, manager);
        if (fair.status !== 'draft' && fair.status !== 'open') {
          throw new ProblemException(HttpStatus.CONFLICT, 'fair-not-editable', `Stalls can be added to a draft or open fair, not a ${fair.status} one`);
        }
        const outside: FieldError[] = [];
        stalls.forEach((s, i) => {
          const side = outsidePlan(s, { width: fair.planWidth, height: fair.planHeight });
          if (side) {
            outside.push({ field: `[${i}].${side}`, message: `the stall leaves the ${fair.planWidth} × ${fair.planHeight} m floor plan` });
          }
        });
        if (outside.length > 0) throw new ValidationProblem(outside);
        const conflicts: FieldError[] = [];
        const firstIndex = new Map<string, number>();
        stalls.forEach((s, i) => {
          const first = firstIndex.get(s.code);
          if (first === undefined) firstIndex.set(s.code, i);
          else conflicts.push({ field: `[${i}].code`, message: `the code ${s.code} is already used by [${first}]` });
        });
        for (const [i, j] of findOverlaps(stalls)) conflicts.push({ field: `[${j}]`, message: `stall ${stalls[j]!.code} overlaps stall ${stalls[i]!.code} ([${i}])` });
        if (conflicts.length > 0) {
          throw new ProblemException(HttpStatus.CONFLICT, 'stall-conflict', 'Stalls in the request overlap or share a code; none were added', conflicts.slice(0, 100));
        }
        const columns = 11;
        const values = stalls.map((_, i) => `(${Array.from({ length: columns }, (_x, k) => `$${i * columns + k + 1}`).join(', ')})`);
        await manager.query(
          `INSERT INTO fair_stalls (fair_id, plan_width, plan_height, code, zone, x, y, width, height, type, price_amount, price_currency)
           SELECT v.fair_id::uuid, f.plan_width, f.plan_height, v.code, v.zone, v.x::numeric, v.y::numeric, v.width::numeric, v.height::numeric,
                  v.type, v.price_amount::numeric, v.price_currency
           FROM (VALUES ${values.join(', ')}) AS v (fair_id, code, zone, x, y, width, height, type, price_amount, price_currency, ord)
           JOIN trade_fairs f ON f.id = v.fair_id::uuid
           ORDER BY v.ord::int`,
          stalls.flatMap((s, i) => [fairId, s.code, s.zone?.trim() || null, s.x, s.y, s.width, s.height, s.type ?? 'standard', s.price.amount, s.price.currency, i]),
        );
      }));
    } catch (error) {
      const pg = pgErrorOf(error);
      if (pg?.constraint === 'fair_stalls_code_key') {
        const code = /\(fair_id, code\)=\([^,]+, (.+)\) already exists/.exec(pg.detail ?? '')?.[1];
        const index = stalls.findIndex((s) => s.code === code);
        throw new ProblemException(
          HttpStatus.CONFLICT,
          'duplicate-stall-code',
          code ? `The fair already has a stall ${code}; none were added` : 'A stall code is already used in this fair; none were added',
          index >= 0 ? [{ field: `[${index}].code`, message: `the fair already has a stall ${code}` }] : undefined,
        );
      }
      if (pg?.constraint === 'fair_stalls_no_overlap') {
        throw new ProblemException(HttpStatus.CONFLICT, 'stall-overlap', 'A stall overlaps one already on the plan; none were added', await this.overlapsWithPlan(fairId, stalls, codes));
      }
      throw error;
    }
    const all = await this.fairsService.stallsOf(this.dataSource.manager, fairId);
    return all.filter((s) => codes.has(s.code));
  }

  /**
   * Takes a stall off the plan while nobody holds it. The fair row is locked FOR UPDATE,
   * which waits for every booking request of the fair in flight (they hold it FOR SHARE)
   * and makes later ones wait for us: a request either commits first and we answer 409, or
   * reads the stall after us and finds it removed. The stall row is kept (removed_at) for the
   * rejected, cancelled and expired bookings that point at it.
   */
  async remove(userId: string, fairId: string, stallId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const fair = await this.fairs.head(fairId, { manager, lock: 'update' });
      await this.fairs.assertOrganizer(userId, fair, manager);
      // A completed or cancelled fair keeps its plan as it was held.
      if (fair.status !== 'draft' && fair.status !== 'open' && fair.status !== 'closed') {
        throw new ProblemException(HttpStatus.CONFLICT, 'fair-not-editable', `Stalls can be removed from a draft, open or closed fair, not a ${fair.status} one`);
      }
      const [stall] = (await manager.query('SELECT code FROM fair_stalls WHERE id = $1 AND fair_id = $2 AND removed_at IS NULL', [stallId, fairId])) as Array<{
        code: string;
      }>;
      if (!stall) throw new ProblemException(HttpStatus.NOT_FOUND, 'not-found', 'This fair has no stall with this id');
      const [holder] = (await manager.query(
        `SELECT status FROM stall_bookings WHERE stall_id = $1 AND status IN ('requested', 'approved') LIMIT 1`,
        [stallId],
      )) as Array<{ status: 'requested' | 'approved' }>;
      if (holder) {
        throw new ProblemException(
          HttpStatus.CONFLICT,
          'stall-held',
          `Stall ${stall.code} has ${holder.status === 'approved' ? 'an approved' : 'a requested'} booking; reject or cancel it before removing the stall`,
          [{ field: 'stallId', message: `a ${holder.status} booking holds stall ${stall.code}` }],
        );
      }
      await manager.query('UPDATE fair_stalls SET removed_at = now(), removed_by = $2 WHERE id = $1', [stallId, userId]);
    });
  }

  /**
   * Moves or resizes a stall on the plan. Same rules as taking it off the plan (draft, open or
   * closed fair; no requested or approved booking holds it: an exhibitor chose it where it
   * is), under the same FOR UPDATE lock of the fair row, and the same plan rules as adding
   * it: the CHECK keeps it inside the plan, the exclusion constraint keeps it from
   * overlapping; the checks here only name the field and the stall in the way.
   */
  async move(userId: string, fairId: string, stallId: string, dto: MoveStallDto): Promise<StallDto> {
    if (dto.x === undefined && dto.y === undefined && dto.width === undefined && dto.height === undefined) {
      throw new ValidationProblem([{ field: 'body', message: 'give at least one of x, y, width, height' }]);
    }
    let moved: Rect & { code: string } = { code: '', x: 0, y: 0, width: 0, height: 0 };
    try {
      await this.dataSource.transaction(async (manager) => {
        const fair = await this.fairs.head(fairId, { manager, lock: 'update' });
        await this.fairs.assertOrganizer(userId, fair, manager);
        if (fair.status !== 'draft' && fair.status !== 'open' && fair.status !== 'closed') {
          throw new ProblemException(HttpStatus.CONFLICT, 'fair-not-editable', `Stalls can be moved on a draft, open or closed fair, not a ${fair.status} one`);
        }
        const [stall] = (await manager.query(
          'SELECT code, x::float8 AS x, y::float8 AS y, width::float8 AS width, height::float8 AS height FROM fair_stalls WHERE id = $1 AND fair_id = $2 AND removed_at IS NULL',
          [stallId, fairId],
        )) as Array<Rect & { code: string }>;
        if (!stall) throw new ProblemException(HttpStatus.NOT_FOUND, 'not-found', 'This fair has no stall with this id');
        const [holder] = (await manager.query(
          `SELECT status FROM stall_bookings WHERE stall_id = $1 AND status IN ('requested', 'approved') LIMIT 1`,
          [stallId],
        )) as Array<{ status: 'requested' | 'approved' }>;
        if (holder) {
          throw new ProblemException(
            HttpStatus.CONFLICT,
            'stall-held',
            `Stall ${stall.code} has ${holder.status === 'approved' ? 'an approved' : 'a requested'} booking; it stays where the exhibitor chose it`,
            [{ field: 'stallId', message: `a ${holder.status} booking holds stall ${stall.code}` }],
          );
        }
        moved = { code: stall.code, x: dto.x ?? stall.x, y: dto.y ?? stall.y, width: dto.width ?? stall.width, height: dto.height ?? stall.height };
        const side = outsidePlan(moved, { width: fair.planWidth, height: fair.planHeight });
        if (side) {
          throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'stall-outside-plan', `Stall ${stall.code} would leave the ${fair.planWidth} × ${fair.planHeight} m floor plan`, [
            { field: side, message: `the stall leaves the ${fair.planWidth} × ${fair.planHeight} m floor plan` },
          ]);
        }
        await manager.query('UPDATE fair_stalls SET x = $2, y = $3, width = $4, height = $5 WHERE id = $1', [stallId, moved.x, moved.y, moved.width, moved.height]);
      });
    } catch (error) {
      const constraint = violatedConstraint(error);
      if (constraint === 'fair_stalls_no_overlap') {
        const others = (await this.fairsService.stallsOf(this.dataSource.manager, fairId)).filter((s) => s.id !== stallId);
        const hit = others.find((s) => findOverlaps([moved, s]).length > 0);
        const message = hit ? `stall ${moved.code} would overlap stall ${hit.code}` : `stall ${moved.code} would overlap another stall`;
        throw new ProblemException(HttpStatus.CONFLICT, 'stall-overlap', `${message}; it was not moved`, [
          { field: 'x', message },
          { field: 'y', message },
        ]);
      }
      if (constraint === 'fair_stalls_inside_plan') {
        throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'stall-outside-plan', `Stall ${moved.code} would leave the floor plan`, [
          { field: 'x', message: 'the stall leaves the floor plan' },
        ]);
      }
      throw error;
    }
    const stall = (await this.fairsService.stallsOf(this.dataSource.manager, fairId)).find((s) => s.id === stallId);
    if (!stall) throw new ProblemException(HttpStatus.NOT_FOUND, 'not-found', 'This fair has no stall with this id');
    return stall;
  }

  /** After a refused insert: which requested stalls overlap which stalls on the plan (for the answer only). */
  private async overlapsWithPlan(fairId: string, stalls: CreateStallDto[], codes: Set<string>): Promise<FieldError[]> {
    const existing = (await this.fairsService.stallsOf(this.dataSource.manager, fairId)).filter((s) => !codes.has(s.code));
    const errors: FieldError[] = [];
    stalls.forEach((s, i) => {
      const hit = existing.find((e) => findOverlaps([s, e]).length > 0);
      if (hit) errors.push({ field: `[${i}]`, message: `stall ${s.code} overlaps stall ${hit.code}` });
    });
    return errors.slice(0, 100);
  }
}

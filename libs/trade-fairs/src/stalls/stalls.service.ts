import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { FieldError, pgErrorOf, ProblemException, ValidationProblem } from '@psar/platform';
import { DataSource } from 'typeorm';
import type { StallDto } from '../fairs/dto/trade-fair.dto';
import { FairAccessService } from '../fairs/fair-access.service';
import { FairsService } from '../fairs/fairs.service';
import type { CreateStallDto } from './dto/create-stall.dto';
import { findOverlaps, outsidePlan } from './floor-plan';

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
      await this.dataSource.transaction(async (manager) => {
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
      });
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

import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { OrganizationAccessService } from '@psar/identity';
import { PhotosService } from '@psar/media';
import { decodeCursor, isCalendarDate, Page, ProblemException, toPage, type Money, ValidationProblem } from '@psar/platform';
import { DataSource } from 'typeorm';
import { FairAccessService } from '../fairs/fair-access.service';
import { returnedRows } from '../returned-rows';
import type { StallType } from '../stalls/fair-stall.entity';
import { textAndIdCursor } from '../validation';
import type { ExhibitorDto, FairStatsDto, ListExhibitorsQuery, SalesReportDto, VisitorCountDto } from './dto/attendance.dto';

@Injectable()
export class AttendanceService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: OrganizationAccessService,
    private readonly fairs: FairAccessService,
    private readonly photos: PhotosService,
  ) {}

  /** The organizer records one day's visitors; a repeat replaces the count (idempotent). */
  async putVisitorCount(userId: string, fairId: string, date: string, count: number): Promise<VisitorCountDto> {
    if (!isCalendarDate(date)) throw new ValidationProblem([{ field: 'date', message: 'date must be a date like 2025-03-14' }]);
    return this.dataSource.transaction(async (manager) => {
      const fair = await this.fairs.head(fairId, { manager, lock: 'share' });
      await this.fairs.assertOrganizer(userId, fair, manager);
      if (fair.status === 'draft' || fair.status === 'cancelled') {
        throw new ProblemException(HttpStatus.CONFLICT, 'fair-not-running', `A ${fair.status} fair has no visitors to count`);
      }
      if (date < fair.startsOn || date > fair.endsOn) {
        throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'date-outside-fair', `The fair runs from ${fair.startsOn} to ${fair.endsOn}`, [
          { field: 'date', message: `date must be between ${fair.startsOn} and ${fair.endsOn}` },
        ]);
      }
      if (date > fair.today) {
        throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'date-in-future', `Visitors of ${date} can be counted on that day or later`, [
          { field: 'date', message: 'date is still to come' },
        ]);
      }
      await manager.query(
        `INSERT INTO fair_visitor_counts (fair_id, day, count, recorded_by) VALUES ($1, $2, $3, $4)
         ON CONFLICT (fair_id, day) DO UPDATE SET count = excluded.count, recorded_by = excluded.recorded_by, updated_at = now()`,
        [fairId, date, count, userId],
      );
      return { date, count };
    });
  }

  /** An exhibitor with an approved stall reports what it sold at the fair; a repeat replaces it. */
  async putSalesReport(userId: string, fairId: string, organizationId: string, total: Money): Promise<SalesReportDto> {
    return this.dataSource.transaction(async (manager) => {
      const fair = await this.fairs.head(fairId, { manager, lock: 'share' });
      await this.fairs.assertVisible(userId, fair, manager);
      await this.access.assertCanAct(userId, organizationId, { minRole: 'manager', manager });
      const [approved] = (await manager.query(`SELECT 1 FROM stall_bookings WHERE fair_id = $1 AND exhibitor_id = $2 AND status = 'approved' LIMIT 1`, [
        fairId,
        organizationId,
      ])) as unknown[];
      if (!approved) {
        throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'not-an-exhibitor', 'Only an exhibitor with an approved stall reports sales at this fair');
      }
      if (fair.today < fair.startsOn) {
        throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'fair-not-started', `Sales can be reported from the first day of the fair (${fair.startsOn})`);
      }
      const [row] = returnedRows<{ amount: string; reported_sales_at: Date }>(await manager.query(
        `UPDATE fair_exhibitors SET reported_sales_amount = $3, reported_sales_currency = $4, reported_sales_at = now(), reported_by = $5
         WHERE fair_id = $1 AND exhibitor_id = $2 RETURNING reported_sales_amount::text AS amount, reported_sales_at`,
        [fairId, organizationId, total.amount, total.currency, userId],
      ));
      return { fairId, organizationId, total: { amount: row!.amount, currency: total.currency }, reportedAt: row!.reported_sales_at.toISOString() };
    });
  }

  /** Public figures: visitors per day, exhibitors, stalls taken, reported sales per currency. */
  async stats(userId: string | undefined, fairId: string): Promise<FairStatsDto> {
    await this.fairs.visibleHead(userId, fairId);
    const days = (await this.dataSource.query('SELECT day::text AS date, count FROM fair_visitor_counts WHERE fair_id = $1 ORDER BY day', [
      fairId,
    ])) as VisitorCountDto[];
    const [stalls] = (await this.dataSource.query(
      `SELECT count(*)::int AS total,
              count(*) FILTER (WHERE b.status = 'approved')::int AS taken,
              count(*) FILTER (WHERE b.status = 'requested')::int AS requested,
              count(DISTINCT b.exhibitor_id) FILTER (WHERE b.status = 'approved')::int AS exhibitors
       FROM fair_stalls s LEFT JOIN stall_bookings b ON b.stall_id = s.id AND b.status IN ('requested', 'approved')
       WHERE s.fair_id = $1 AND s.removed_at IS NULL`,
      [fairId],
    )) as Array<{ total: number; taken: number; requested: number; exhibitors: number }>;
    const sales = (await this.dataSource.query(
      `SELECT reported_sales_currency AS currency, sum(reported_sales_amount)::text AS amount, count(*)::int AS reporters
       FROM fair_exhibitors WHERE fair_id = $1 AND reported_sales_amount IS NOT NULL
       GROUP BY reported_sales_currency ORDER BY reported_sales_currency`,
      [fairId],
    )) as Array<{ currency: 'KHR' | 'USD'; amount: string; reporters: number }>;
    const s = stalls!;
    return {
      fairId,
      visitorsPerDay: days,
      totalVisitors: days.reduce((sum, d) => sum + d.count, 0),
      exhibitors: s.exhibitors,
      stalls: { total: s.total, taken: s.taken, requested: s.requested, free: s.total - s.taken - s.requested },
      reportedSales: sales.map((r) => ({ amount: normalize(r.amount), currency: r.currency })),
      exhibitorsReportingSales: sales.reduce((sum, r) => sum + r.reporters, 0),
    };
  }

  /** Approved exhibitors with their stalls and showcased listings, by name (public). */
  async exhibitors(userId: string | undefined, fairId: string, query: ListExhibitorsQuery): Promise<Page<ExhibitorDto>> {
    await this.fairs.visibleHead(userId, fairId);
    const params: unknown[] = [fairId];
    let after = '';
    if (query.cursor) {
      const [name, id] = textAndIdCursor(decodeCursor(query.cursor, 2));
      params.push(name, id);
      after = 'AND (o.name, o.id) > ($2::text, $3::uuid)';
    }
    params.push(query.limit + 1);
    const rows = (await this.dataSource.query(
      `SELECT o.id, o.name, o.province_code, o.value_chains,
              json_agg(json_build_object('id', s.id, 'code', s.code, 'zone', s.zone, 'type', s.type) ORDER BY s.code) AS stalls,
              (SELECT coalesce(array_agg(DISTINCT l.listing_id), '{}')
               FROM stall_bookings sb CROSS JOIN LATERAL unnest(sb.showcase_listing_ids) AS l (listing_id)
               WHERE sb.fair_id = $1 AND sb.exhibitor_id = o.id AND sb.status = 'approved') AS showcase
       FROM stall_bookings b
       JOIN organizations o ON o.id = b.exhibitor_id
       JOIN fair_stalls s ON s.id = b.stall_id
       WHERE b.fair_id = $1 AND b.status = 'approved' ${after}
       GROUP BY o.id
       ORDER BY o.name, o.id
       LIMIT $${params.length}`,
      params,
    )) as Array<{
      id: string;
      name: string;
      province_code: string;
      value_chains: string[];
      stalls: Array<{ id: string; code: string; zone: string | null; type: StallType }>;
      showcase: string[];
    }>;
    const shown = rows.slice(0, query.limit);
    const profiles = await this.photos.ofOwners('organization', shown.map((r) => r.id));
    const listings = await this.photos.ofOwners('listing', shown.flatMap((r) => r.showcase));
    return toPage(
      rows,
      query.limit,
      (r) => [r.name, r.id],
      (r) => ({
        organization: {
          id: r.id,
          name: r.name,
          provinceCode: r.province_code,
          valueChains: r.value_chains,
          logo: profiles.get(r.id)?.logo ?? null,
          photos: profiles.get(r.id)?.photos ?? [],
        },
        stalls: r.stalls,
        showcase: r.showcase,
        showcaseCovers: r.showcase.flatMap((listingId) => {
          const cover = listings.get(listingId)?.photos[0];
          return cover ? [{ listingId, photo: cover }] : [];
        }),
      }),
    );
  }
}

/** numeric sums come back with as many decimals as they like; Money has two. */
function normalize(amount: string): string {
  const [whole, fraction = ''] = amount.split('.');
  return `${whole}.${fraction.padEnd(2, '0').slice(0, 2)}`;
}

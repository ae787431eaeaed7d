import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { OutboxService, ScheduledJobsService } from '@psar/platform';
import { DataSource, EntityManager } from 'typeorm';
import { MatchReputation, type Reputation } from '@psar/listings';
import { reviewVisibleSql } from './blind-reviews';
import { type ReputationFigures, REPUTATION_UPDATED, type ReputationUpdatedPayload } from '../trade-events';

interface FiguresRow {
  organization_id: string;
  completed_deals: number;
  rated_deals: number;
  average_rating: string | null;
  on_time_share: string | null;
  disputes_lost: number;
}

/**
 * An organization's trade record, from trade's own tables: completed deals (either side),
 * reviews received, the share of the deals it sold delivered by the agreed date (a deal the
 * timer cancelled for want of delivery counts as late), and the disputes settled against it.
 */
// Named when trade was part of listings; pg-boss keeps the schedule by this name.
export const REPUTATION_REFRESH_JOB = 'listings.publish-reputation';
const REFRESH_BATCH = 100;

@Injectable()
export class ReputationService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly jobs: ScheduledJobsService,
    private readonly matchReputation: MatchReputation,
  ) {}

  onModuleInit(): void {
    this.matchReputation.use((ids) => this.forMatching(ids));
    this.jobs.register(REPUTATION_REFRESH_JOB, '* * * * *', async () => {
      await this.publishRequested();
    });
  }

  /** Publishes the figures of organizations queued in reputation_refreshes (e.g. by the demo seeder). */
  async publishRequested(): Promise<number> {
    let total = 0;
    for (;;) {
      const published = await this.dataSource.transaction(async (manager) => {
        const rows = (await manager.query(
          `DELETE FROM reputation_refreshes WHERE organization_id IN (
             SELECT organization_id FROM reputation_refreshes ORDER BY organization_id LIMIT ${REFRESH_BATCH} FOR UPDATE SKIP LOCKED)
           RETURNING organization_id`,
        )) as [Array<{ organization_id: string }>, number];
        await this.recordUpdated(manager, rows[0].map((r) => r.organization_id));
        return rows[0].length;
      });
      total += published;
      if (published < REFRESH_BATCH) return total;
    }
  }

  /** deals_buyer_idx, deals_seller_idx, deal_reviews_reviewee_idx. Ratings count visible reviews only (blind-reviews.ts). */
  async figures(organizationIds: string[], manager?: EntityManager): Promise<Map<string, ReputationFigures>> {
    const ids = [...new Set(organizationIds)];
    if (ids.length === 0) return new Map();
    const rows = (await (manager ?? this.dataSource.manager).query(
      `SELECT o.id AS organization_id,
         (SELECT count(*)::int FROM deals d WHERE d.status = 'completed' AND (d.buyer_organization_id = o.id OR d.seller_organization_id = o.id)) AS completed_deals,
         r.rated_deals, r.average_rating, t.on_time_share, x.disputes_lost
       FROM unnest($1::uuid[]) AS o(id)
       CROSS JOIN LATERAL (SELECT count(*)::int AS rated_deals, round(avg(rv.rating), 2)::text AS average_rating
                           FROM deal_reviews rv JOIN deals rd ON rd.id = rv.deal_id
                           WHERE rv.reviewee_organization_id = o.id AND ${reviewVisibleSql('rv', 'rd')}) r
       CROSS JOIN LATERAL (SELECT round(avg((d.status = 'completed' AND d.delivered_at <= d.deliver_by)::int), 3)::text AS on_time_share
                           FROM deals d WHERE d.seller_organization_id = o.id AND d.deliver_by IS NOT NULL
                             AND (d.status = 'completed' OR (d.status = 'cancelled' AND d.cancel_reason = 'not_delivered'))) t
       CROSS JOIN LATERAL (SELECT count(*)::int AS disputes_lost FROM deal_disputes WHERE lost_by_organization_id = o.id) x`,
      [ids],
    )) as FiguresRow[];
    return new Map(
      rows.map((r) => [
        r.organization_id,
        {
          organizationId: r.organization_id,
          completedDeals: r.completed_deals,
          ratedDeals: r.rated_deals,
          averageRating: r.average_rating === null ? null : Number(r.average_rating),
          onTimeShare: r.on_time_share === null ? null : Number(r.on_time_share),
          disputesLost: r.disputes_lost,
        },
      ]),
    );
  }

  /** For the matching score: rated deals and average rating, of visible reviews; absent until rated. */
  async forMatching(organizationIds: string[]): Promise<Map<string, Reputation>> {
    const ids = [...new Set(organizationIds)];
    if (ids.length === 0) return new Map();
    const rows = (await this.dataSource.query(
      `SELECT r.reviewee_organization_id AS id, count(*)::int AS n, avg(r.rating)::float8 AS avg
       FROM deal_reviews r JOIN deals d ON d.id = r.deal_id
       WHERE r.reviewee_organization_id = ANY($1::uuid[]) AND ${reviewVisibleSql()} GROUP BY r.reviewee_organization_id`,
      [ids],
    )) as Array<{ id: string; n: number; avg: number }>;
    return new Map(rows.map((r) => [r.id, { ratedDeals: r.n, averageRating: r.avg }]));
  }

  /**
   * Records reputation.updated for these organizations in the transaction that changed
   * their record. A per-organization advisory lock orders concurrent changes, so the later
   * event carries figures that include the earlier change and the later computedAt.
   */
  async recordUpdated(manager: EntityManager, organizationIds: string[]): Promise<void> {
    const ids = [...new Set(organizationIds)].sort();
    for (const id of ids) await manager.query(`SELECT pg_advisory_xact_lock(hashtext('reputation:' || $1))`, [id]);
    const figures = await this.figures(ids, manager);
    const [{ now }] = (await manager.query('SELECT clock_timestamp() AS now')) as Array<{ now: Date }>;
    for (const id of ids) {
      const f = figures.get(id)!;
      const payload: ReputationUpdatedPayload = { ...f, computedAt: now.toISOString() };
      await this.outbox.record(manager, REPUTATION_UPDATED, payload);
    }
  }
}

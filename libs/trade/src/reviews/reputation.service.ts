import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { MessageResponsiveness } from '@psar/messaging';
import { OutboxService, ScheduledJobsService } from '@psar/platform';
import { DataSource, EntityManager } from 'typeorm';
import { MatchReputation, type Reputation } from '@psar/listings';
import { reviewVisibleSql } from './blind-reviews';
import { OFFER_ACCEPTED, OFFER_COUNTERED, OFFER_REJECTED, type OfferEventPayload, type ReputationFigures, REPUTATION_UPDATED, type ReputationUpdatedPayload } from '../trade-events';

interface FiguresRow {
  organization_id: string;
  completed_deals: number;
  rated_deals: number;
  average_rating: string | null;
  on_time_share: string | null;
  disputes_lost: number;
}

/** Responsiveness counts the requests of the last RESPONSE_DAYS days, and says nothing with fewer than MIN_REQUESTS. */
export const RESPONSE_DAYS = 90;
export const MIN_REQUESTS = 3;
const MESSAGE_WINDOW_SECONDS = 150;

export interface Responsiveness {
  responseRate: number | null;
  medianResponseMinutes: number | null;
}

/**
 * What matching scores each candidate seller by, in one round trip (a page of matches waits
 * for it): responsiveness as last published (recordUpdated), not computed here, since that
 * reads 90 days of every candidate's offers and messages; and the count and average of its
 * visible reviews (deal_reviews_reviewee_idx).
 */
export const MATCHING_REPUTATION_SQL = `SELECT o.id, s.organization_id IS NOT NULL AS stored, s.response_rate::float8 AS rate,
         s.median_response_minutes AS minutes, v.rated, v.average
  FROM unnest($1::uuid[]) AS o(id)
  LEFT JOIN organization_responsiveness s ON s.organization_id = o.id
  CROSS JOIN LATERAL (
    SELECT count(*)::int AS rated, avg(r.rating)::float8 AS average
    FROM deal_reviews r JOIN deals d ON d.id = r.deal_id
    WHERE r.reviewee_organization_id = o.id AND ${reviewVisibleSql()}
  ) v`;

interface MatchingReputationRow {
  id: string;
  stored: boolean;
  rate: number | null;
  minutes: number | null;
  rated: number;
  average: number | null;
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
    private readonly messages: MessageResponsiveness,
  ) {}

  onModuleInit(): void {
    this.matchReputation.use((ids) => this.forMatching(ids));
    this.jobs.register(REPUTATION_REFRESH_JOB, '* * * * *', async () => {
      // Messages have no event of their own: each minute, the organizations a recent message
      // may have moved (the window overlaps the schedule, so a late run misses none).
      await this.requestRefresh(await this.messages.touchedSince(MESSAGE_WINDOW_SECONDS));
      await this.publishRequested();
    });
    // An offer answered changes the answering side's responsiveness (and, for a counter, the
    // other side now has one to answer): both are queued, the job above publishes them.
    for (const event of [OFFER_ACCEPTED, OFFER_REJECTED, OFFER_COUNTERED]) {
      this.outbox.subscribe<OfferEventPayload>(event, `trade.responsiveness.${event}`, async ({ payload }) => {
        await this.requestRefresh([payload.fromOrganizationId, payload.toOrganizationId]);
      });
    }
  }

  /** Queues organizations whose figures changed outside a transaction that publishes them. */
  async requestRefresh(organizationIds: string[], manager?: EntityManager): Promise<void> {
    await (manager ?? this.dataSource.manager).query(
      'INSERT INTO reputation_refreshes (organization_id) SELECT DISTINCT unnest($1::uuid[]) ON CONFLICT DO NOTHING',
      [organizationIds],
    );
  }

  /**
   * Response rate and median minutes to a first answer, over the last RESPONSE_DAYS days: offers
   * it was the side to answer (orders on its listings, quotes on its demands, counter-offers to
   * it), answered when accepted, rejected or countered, unanswered when left to expire (a
   * withdrawn or still pending one says nothing); and the conversations messaging counts
   * (MessageResponsiveness). Offers to it as seller, then as buyer: offers_seller_idx and
   * offers_buyer_idx, by (side, created_at).
   */
  async responsiveness(organizationIds: string[], manager?: EntityManager): Promise<Map<string, Responsiveness>> {
    const ids = [...new Set(organizationIds)];
    if (ids.length === 0) return new Map();
    const db = manager ?? this.dataSource.manager;
    const messages = await this.messages.samples(ids, RESPONSE_DAYS, manager);
    const rows = (await db.query(
      `SELECT o.id AS organization_id, s.asked, s.answered, s.median
       FROM unnest($1::uuid[]) AS o(id)
       CROSS JOIN LATERAL (
         SELECT count(*)::int AS asked, count(x.minutes)::int AS answered, percentile_cont(0.5) WITHIN GROUP (ORDER BY x.minutes) AS median
         FROM (SELECT CASE WHEN f.status IN ('accepted', 'rejected', 'countered') THEN extract(epoch FROM f.decided_at - f.created_at) / 60 END AS minutes
               FROM offers f
               WHERE f.seller_organization_id = o.id AND f.organization_id = f.buyer_organization_id
                 AND f.status IN ('accepted', 'rejected', 'countered', 'expired') AND f.created_at > now() - make_interval(days => $4)
               UNION ALL
               SELECT CASE WHEN f.status IN ('accepted', 'rejected', 'countered') THEN extract(epoch FROM f.decided_at - f.created_at) / 60 END
               FROM offers f
               WHERE f.buyer_organization_id = o.id AND f.organization_id = f.seller_organization_id
                 AND f.status IN ('accepted', 'rejected', 'countered', 'expired') AND f.created_at > now() - make_interval(days => $4)
               UNION ALL
               SELECT m.minutes FROM unnest($2::uuid[], $3::float8[]) AS m(organization_id, minutes) WHERE m.organization_id = o.id) x) s`,
      [ids, messages.map((m) => m.organizationId), messages.map((m) => m.minutes), RESPONSE_DAYS],
    )) as Array<{ organization_id: string; asked: number; answered: number; median: number | null }>;
    return new Map(
      rows.map((r) => [
        r.organization_id,
        r.asked < MIN_REQUESTS
          ? { responseRate: null, medianResponseMinutes: null }
          : {
              responseRate: Math.round((r.answered / r.asked) * 100) / 100,
              medianResponseMinutes: r.median === null ? null : Math.round(Number(r.median)),
            },
      ]),
    );
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
    const responsiveness = await this.responsiveness(ids, manager);
    return new Map(
      rows.map((r) => [
        r.organization_id,
        {
          ...responsiveness.get(r.organization_id)!,
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

  /** For the matching score: rated deals and average rating, of visible reviews, and responsiveness; absent when neither is known. */
  async forMatching(organizationIds: string[]): Promise<Map<string, Reputation>> {
    const ids = [...new Set(organizationIds)];
    if (ids.length === 0) return new Map();
    const rows = (await this.dataSource.query(MATCHING_REPUTATION_SQL, [ids])) as MatchingReputationRow[];
    const result = new Map<string, Reputation>();
    for (const row of rows) {
      const r = row.stored ? { responseRate: row.rate, medianResponseMinutes: row.minutes } : undefined;
      if (row.rated > 0) result.set(row.id, { ratedDeals: row.rated, averageRating: row.average!, ...r });
      else if (r && r.responseRate !== null) result.set(row.id, { ratedDeals: 0, averageRating: 3, ...r });
    }
    return result;
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
      await manager.query(
        `INSERT INTO organization_responsiveness (organization_id, response_rate, median_response_minutes, computed_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (organization_id) DO UPDATE SET response_rate = EXCLUDED.response_rate, median_response_minutes = EXCLUDED.median_response_minutes,
           computed_at = EXCLUDED.computed_at`,
        [id, f.responseRate, f.medianResponseMinutes, now],
      );
    }
  }
}

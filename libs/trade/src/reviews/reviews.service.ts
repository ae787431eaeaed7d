import { HttpStatus, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { OrganizationAccessService } from '@psar/identity';
import { decodeTimeKeyset, isUuid, OutboxService, Page, PageQuery, ProblemException, ScheduledJobsService, toPage } from '@psar/platform';
import { DataSource } from 'typeorm';
import type { DealRow } from '../deals/deals.service';
import { REVIEW_RECEIVED, type ReviewEventPayload } from '../trade-events';
import { TradeParties } from '../trade-parties.service';
import { reviewVisibleSql, BLIND_REVIEW_DAYS } from './blind-reviews';
import type { CreateReviewDto, ReviewDto } from './dto/review.dto';
import { ReputationService } from './reputation.service';

interface ReviewRow {
  id: string;
  deal_id: string;
  side: 'buyer' | 'seller';
  reviewer_organization_id: string;
  reviewee_organization_id: string;
  rating: number;
  comment: string | null;
  product_code: string;
  created_at: Date;
  /** Still blind: when it shows even if the other side never reviews. */
  hidden_until: Date | null;
  sort_key: string;
}

const REVIEW_COLUMNS = `r.id, r.deal_id, r.side, r.reviewer_organization_id, r.reviewee_organization_id, r.rating, r.comment, d.product_code, r.created_at,
  CASE WHEN NOT ${reviewVisibleSql()} THEN d.completed_at + make_interval(days => ${BLIND_REVIEW_DAYS}) END AS hidden_until,
  to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS sort_key`;

export const REVIEW_REVEAL_JOB = 'trade.reveal-reviews';
const REVEAL_BATCH = 500;

@Injectable()
export class ReviewsService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: OrganizationAccessService,
    private readonly parties: TradeParties,
    private readonly outbox: OutboxService,
    private readonly reputation: ReputationService,
    private readonly jobs: ScheduledJobsService,
  ) {}

  onModuleInit(): void {
    this.jobs.register(REVIEW_REVEAL_JOB, '7 * * * *', async () => {
      await this.revealDue();
    });
  }

  /**
   * Reviews whose blind period ended (BLIND_REVIEW_DAYS after completion) without the other
   * side's review: they already show (the date is in the read predicate); this marks them
   * revealed, tells the reviewees their rating and publishes their reputation, which counts visible reviews only. Safe
   * twice at once: each run skips the rows the other holds (deal_reviews_blind_idx).
   */
  async revealDue(): Promise<number> {
    let total = 0;
    for (;;) {
      const revealed = await this.dataSource.transaction(async (manager) => {
        const rows = (await manager.query(
          `UPDATE deal_reviews r SET revealed_at = now()
           WHERE r.id IN (SELECT b.id FROM deal_reviews b JOIN deals d ON d.id = b.deal_id
                          WHERE b.revealed_at IS NULL AND d.completed_at <= now() - make_interval(days => ${BLIND_REVIEW_DAYS})
                          LIMIT ${REVEAL_BATCH} FOR UPDATE OF b SKIP LOCKED)
           RETURNING r.id, r.deal_id, r.reviewer_organization_id, r.reviewee_organization_id, r.rating`,
        )) as [Array<{ id: string; deal_id: string; reviewer_organization_id: string; reviewee_organization_id: string; rating: number }>, number];
        const names = await this.parties.names(rows[0].map((r) => r.reviewer_organization_id), manager);
        // The reviewee learns the rating now that it shows.
        for (const r of rows[0]) {
          const payload: ReviewEventPayload = {
            reviewId: r.id,
            dealId: r.deal_id,
            reviewerOrganizationId: r.reviewer_organization_id,
            reviewerName: names.get(r.reviewer_organization_id) ?? '',
            revieweeOrganizationId: r.reviewee_organization_id,
            rating: r.rating,
            visible: true,
            revealed: true,
          };
          await this.outbox.record(manager, REVIEW_RECEIVED, payload);
        }
        await this.reputation.recordUpdated(manager, rows[0].map((r) => r.reviewee_organization_id));
        return rows[1];
      });
      total += revealed;
      if (revealed < REVEAL_BATCH) return total;
    }
  }

  /** Once per side of a completed deal (deal_reviews_once_idx makes the second 409, even at once). */
  async create(userId: string, dealId: string, dto: CreateReviewDto): Promise<ReviewDto> {
    const id = await this.dataSource.transaction(async (manager) => {
      const [deal] = (await manager.query('SELECT * FROM deals WHERE id = $1', [dealId])) as DealRow[];
      const sides: Array<{ side: 'buyer' | 'seller'; org: string }> = [];
      if (deal) {
        if (await this.access.roleOf(userId, deal.buyer_organization_id, manager)) sides.push({ side: 'buyer', org: deal.buyer_organization_id });
        if (await this.access.roleOf(userId, deal.seller_organization_id, manager)) sides.push({ side: 'seller', org: deal.seller_organization_id });
      }
      if (!deal || sides.length === 0) throw new ProblemException(HttpStatus.NOT_FOUND, 'not-found', 'No such deal');
      const chosen = dto.organizationId ? sides.find((s) => s.org === dto.organizationId) : sides.length === 1 ? sides[0] : undefined;
      if (!chosen) {
        throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'which-side', 'Name the reviewing side with organizationId (buyer or seller of the deal)');
      }
      await this.access.assertCanAct(userId, chosen.org, { minRole: 'manager', manager });
      // The two sides' reviews of one deal queue here, so the second always sees the first (and reveals both).
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('deal-reviews:' || $1))`, [dealId]);
      if (deal.status !== 'completed') {
        throw new ProblemException(HttpStatus.CONFLICT, 'deal-not-completed', `This deal is ${deal.status}; reviews come after the buyer confirms delivery`);
      }
      const reviewee = chosen.side === 'buyer' ? deal.seller_organization_id : deal.buyer_organization_id;
      const inserted = (await manager.query(
        `INSERT INTO deal_reviews (deal_id, side, reviewer_organization_id, reviewee_organization_id, created_by, rating, comment)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (deal_id, side) DO NOTHING RETURNING id`,
        [dealId, chosen.side, chosen.org, reviewee, userId, dto.rating, dto.comment || null],
      )) as Array<{ id: string }>;
      if (inserted.length === 0) throw new ProblemException(HttpStatus.CONFLICT, 'already-reviewed', `The ${chosen.side} has already reviewed this deal`);
      // Both sides have reviewed: both reviews show now (and count in both reputations).
      const revealed = (await manager.query(
        `UPDATE deal_reviews SET revealed_at = now()
         WHERE deal_id = $1 AND revealed_at IS NULL AND (SELECT count(*) FROM deal_reviews WHERE deal_id = $1) = 2
         RETURNING reviewee_organization_id`,
        [dealId],
      )) as [Array<{ reviewee_organization_id: string }>, number];
      const [{ visible }] = (await manager.query(
        `SELECT ${reviewVisibleSql()} AS visible FROM deal_reviews r JOIN deals d ON d.id = r.deal_id WHERE r.id = $1`,
        [inserted[0]!.id],
      )) as Array<{ visible: boolean }>;
      const names = await this.parties.names([chosen.org], manager);
      const payload: ReviewEventPayload = {
        reviewId: inserted[0]!.id,
        dealId,
        reviewerOrganizationId: chosen.org,
        reviewerName: names.get(chosen.org) ?? '',
        revieweeOrganizationId: reviewee,
        rating: dto.rating,
        visible,
      };
      await this.outbox.record(manager, REVIEW_RECEIVED, payload);
      await this.reputation.recordUpdated(manager, [reviewee, ...revealed[0].map((r) => r.reviewee_organization_id)]);
      return inserted[0]!.id;
    });
    const [row] = (await this.dataSource.query(`SELECT ${REVIEW_COLUMNS} FROM deal_reviews r JOIN deals d ON d.id = r.deal_id WHERE r.id = $1`, [id])) as ReviewRow[];
    return (await this.toDtos([row!]))[0]!;
  }

  /**
   * Public: reviews an organization received, newest first (deal_reviews_reviewee_idx), once
   * visible (blind-reviews.ts). A reviewer's own organizations also see their still blind ones,
   * with hiddenUntil.
   */
  async ofOrganization(userId: string | undefined, organizationId: string, query: PageQuery): Promise<Page<ReviewDto>> {
    if (!isUuid(organizationId)) return { items: [], nextCursor: null };
    const mine = userId ? await this.parties.organizationIdsOf(userId) : [];
    const params: unknown[] = [organizationId, query.limit + 1, mine];
    let keyset = '';
    if (query.cursor) {
      const [createdAt, id] = decodeTimeKeyset(query.cursor);
      params.push(createdAt, id);
      keyset = 'AND (r.created_at, r.id) < ($4::timestamptz, $5::uuid)';
    }
    const rows = (await this.dataSource.query(
      `SELECT ${REVIEW_COLUMNS} FROM deal_reviews r JOIN deals d ON d.id = r.deal_id
       WHERE r.reviewee_organization_id = $1 AND (${reviewVisibleSql()} OR r.reviewer_organization_id = ANY($3::uuid[])) ${keyset}
       ORDER BY r.created_at DESC, r.id DESC LIMIT $2`,
      params,
    )) as ReviewRow[];
    const page = toPage(rows, query.limit, (r) => [r.sort_key, r.id], (r) => r);
    return { items: await this.toDtos(page.items), nextCursor: page.nextCursor };
  }

  private async toDtos(rows: ReviewRow[]): Promise<ReviewDto[]> {
    const names = await this.parties.names(rows.map((r) => r.reviewer_organization_id));
    return rows.map((r) => ({
      id: r.id,
      dealId: r.deal_id,
      side: r.side,
      reviewerOrganizationId: r.reviewer_organization_id,
      reviewerName: names.get(r.reviewer_organization_id) ?? '',
      revieweeOrganizationId: r.reviewee_organization_id,
      rating: r.rating,
      comment: r.comment,
      productCode: r.product_code,
      hiddenUntil: r.hidden_until?.toISOString() ?? null,
      createdAt: r.created_at.toISOString(),
    }));
  }
}

import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { OrganizationAccessService } from '@psar/identity';
import { type Currency, decodeTimeKeyset, OutboxService, Page, ProblemException, toPage } from '@psar/platform';
import { DataSource, EntityManager } from 'typeorm';
import { actingAgent, MarketCatalog, normalizeQuantity } from '@psar/listings';
import { MarketPricesService } from '../market-prices/market-prices.service';
import { ReputationService } from '../reviews/reputation.service';
import { DEAL_CANCELLED, DEAL_COMPLETED, DEAL_DELIVERED, type DealEventPayload } from '../trade-events';
import { TradeParties } from '../trade-parties.service';
import type { DealDto, DealStatus, ListDealsQuery } from './dto/deal.dto';

export interface DealRow {
  id: string;
  offer_id: string;
  kind: 'quote' | 'order';
  demand_id: string | null;
  buyer_organization_id: string;
  seller_organization_id: string;
  product_code: string;
  unit: string;
  province_code: string;
  quantity: string;
  deliver_by: Date | null;
  status: DealStatus;
  agreed_at: Date;
  delivered_at: Date | null;
  completed_at: Date | null;
  cancelled_at: Date | null;
  /** The agent credited with the deal (who quoted or posted the listing for the seller). */
  agent_organization_id: string | null;
  acted_by_user_id: string | null;
}

const notFound = () => new ProblemException(HttpStatus.NOT_FOUND, 'not-found', 'No such deal');

/** Deals: agreed → delivered (seller) → completed (buyer), or cancelled by either side before delivery. */
@Injectable()
export class DealsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: OrganizationAccessService,
    private readonly parties: TradeParties,
    private readonly outbox: OutboxService,
    private readonly catalog: MarketCatalog,
    private readonly reputation: ReputationService,
    private readonly prices: MarketPricesService,
  ) {}

  async get(userId: string, id: string): Promise<DealDto> {
    const [row] = (await this.dataSource.query('SELECT * FROM deals WHERE id = $1', [id])) as DealRow[];
    if (!row || !(await this.parties.mayRead(userId, [row.buyer_organization_id, row.seller_organization_id]))) throw notFound();
    return (await this.toDtos([row]))[0]!;
  }

  /** The deals of the user's organizations and of the producers they act for as agent, newest first: deals_buyer_idx and deals_seller_idx. */
  async list(userId: string, query: ListDealsQuery): Promise<Page<DealDto>> {
    const orgs = await this.parties.organizationIdsOf(userId);
    if (orgs.length === 0) return { items: [], nextCursor: null };
    const params: unknown[] = [orgs, query.limit + 1];
    let where = '(buyer_organization_id = ANY($1::uuid[]) OR seller_organization_id = ANY($1::uuid[]))';
    if (query.status) {
      params.push(query.status);
      where += ` AND status = $${params.length}`;
    }
    if (query.cursor) {
      const [agreedAt, id] = decodeTimeKeyset(query.cursor);
      params.push(agreedAt, id);
      where += ` AND (agreed_at, id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`;
    }
    const rows = (await this.dataSource.query(`SELECT *, to_char(agreed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS sort_key FROM deals WHERE ${where} ORDER BY agreed_at DESC, id DESC LIMIT $2`, params)) as DealRow[];
    const page = toPage(rows, query.limit, (r) => [(r as DealRow & { sort_key: string }).sort_key, r.id], (r) => r);
    return { items: await this.toDtos(page.items), nextCursor: page.nextCursor };
  }

  async deliver(userId: string, id: string): Promise<DealDto> {
    await this.dataSource.transaction(async (manager) => {
      const deal = await this.lockForStep(manager, userId, id, 'seller', 'mark it delivered');
      if (deal.status !== 'agreed') throw this.wrongState(deal, 'delivered');
      await manager.query(`UPDATE deals SET status = 'delivered', delivered_at = now() WHERE id = $1`, [id]);
      await this.outbox.record(manager, DEAL_DELIVERED, await this.eventPayload(manager, deal));
    });
    return this.get(userId, id);
  }

  /** The buyer confirms receipt: the deal counts for reputation and market prices from here. */
  async confirm(userId: string, id: string): Promise<DealDto> {
    await this.dataSource.transaction(async (manager) => {
      const deal = await this.lockForStep(manager, userId, id, 'buyer', 'confirm delivery');
      if (deal.status !== 'delivered') throw this.wrongState(deal, 'completed');
      await manager.query(`UPDATE deals SET status = 'completed', completed_at = now() WHERE id = $1`, [id]);
      await this.outbox.record(manager, DEAL_COMPLETED, await this.eventPayload(manager, deal));
      await this.reputation.recordUpdated(manager, [deal.buyer_organization_id, deal.seller_organization_id]);
    });
    this.prices.invalidate();
    return this.get(userId, id);
  }

  /**
   * Either side, before delivery. The conditional UPDATE claims the transition, so of two
   * cancels at once one releases the quantities and the other changes nothing (409).
   */
  async cancel(userId: string, id: string): Promise<DealDto> {
    await this.dataSource.transaction(async (manager) => {
      const deal = await this.lockForStep(manager, userId, id, 'either', 'cancel it');
      const by = (await this.access.roleOf(userId, deal.seller_organization_id, manager)) ? deal.seller_organization_id : deal.buyer_organization_id;
      const claimed = (await manager.query(
        `UPDATE deals SET status = 'cancelled', cancelled_at = now(), cancelled_by_organization_id = $2 WHERE id = $1 AND status = 'agreed' RETURNING id`,
        [id, by],
      )) as [unknown[], number];
      if (claimed[0].length === 0) throw this.wrongState(deal, 'cancelled');
      // Give each listing its quantity back; a sold-out one still within its dates is active again.
      await manager.query(
        `UPDATE listings l SET quantity_remaining = l.quantity_remaining + r.quantity,
           status = CASE WHEN l.status = 'sold_out' AND (l.available_until IS NULL OR l.available_until > now()) THEN 'active' ELSE l.status END,
           updated_at = now()
         FROM (SELECT listing_id, sum(quantity) AS quantity FROM deal_lines WHERE deal_id = $1 AND listing_id IS NOT NULL GROUP BY listing_id ORDER BY listing_id) r
         WHERE l.id = r.listing_id`,
        [id],
      );
      if (deal.demand_id) {
        await manager.query(
          `UPDATE demands d SET status = 'open', updated_at = now()
           WHERE d.id = $1 AND d.status = 'fulfilled' AND d.needed_by > now()
             AND (SELECT coalesce(sum(quantity), 0) FROM deals WHERE demand_id = $1 AND status <> 'cancelled') < d.quantity`,
          [deal.demand_id],
        );
      }
      await this.outbox.record(manager, DEAL_CANCELLED, { ...(await this.eventPayload(manager, deal)), byOrganizationId: by });
    });
    return this.get(userId, id);
  }

  private wrongState(deal: DealRow, target: string): ProblemException {
    return new ProblemException(HttpStatus.CONFLICT, 'deal-state', `This deal is ${deal.status}; it cannot become ${target}`);
  }

  /** The deal, locked: 404 for a third organization, 403 for the wrong side or a plain member. */
  async lockForStep(manager: EntityManager, userId: string, id: string, side: 'buyer' | 'seller' | 'either', action: string): Promise<DealRow> {
    const [deal] = (await manager.query('SELECT * FROM deals WHERE id = $1 FOR UPDATE', [id])) as DealRow[];
    if (!deal || !(await this.parties.isMemberOfAny(userId, [deal.buyer_organization_id, deal.seller_organization_id], manager))) throw notFound();
    const sides = side === 'either' ? [deal.seller_organization_id, deal.buyer_organization_id] : [side === 'buyer' ? deal.buyer_organization_id : deal.seller_organization_id];
    for (const org of sides) {
      if (await this.access.roleOf(userId, org, manager)) {
        await this.access.assertCanAct(userId, org, { minRole: 'manager', manager });
        return deal;
      }
    }
    throw new ProblemException(HttpStatus.FORBIDDEN, 'wrong-side', `Only the ${side} can ${action}`);
  }

  private async eventPayload(manager: EntityManager, deal: DealRow): Promise<DealEventPayload> {
    const names = await this.parties.names([deal.buyer_organization_id, deal.seller_organization_id], manager);
    return {
      dealId: deal.id,
      buyerOrganizationId: deal.buyer_organization_id,
      buyerName: names.get(deal.buyer_organization_id) ?? '',
      sellerOrganizationId: deal.seller_organization_id,
      sellerName: names.get(deal.seller_organization_id) ?? '',
      productName: (await this.catalog.product(deal.product_code))?.nameEn ?? deal.product_code,
      quantity: normalizeQuantity(deal.quantity),
      unit: deal.unit,
    };
  }

  private async toDtos(rows: DealRow[]): Promise<DealDto[]> {
    if (rows.length === 0) return [];
    const lines = (await this.dataSource.query('SELECT * FROM deal_lines WHERE deal_id = ANY($1::uuid[]) ORDER BY deal_id, line_no', [
      rows.map((r) => r.id),
    ])) as Array<{ deal_id: string; listing_id: string | null; organization_id: string; quantity: string; unit_price_amount: string; unit_price_currency: Currency }>;
    const agents = await this.parties.names(rows.flatMap((r) => (r.agent_organization_id ? [r.agent_organization_id] : [])));
    return rows.map((r) => ({
      id: r.id,
      offerId: r.offer_id,
      kind: r.kind,
      status: r.status,
      demandId: r.demand_id,
      buyerOrganizationId: r.buyer_organization_id,
      sellerOrganizationId: r.seller_organization_id,
      productCode: r.product_code,
      unit: r.unit,
      provinceCode: r.province_code,
      quantity: normalizeQuantity(r.quantity),
      lines: lines
        .filter((l) => l.deal_id === r.id)
        .map((l) => ({
          listingId: l.listing_id,
          organizationId: l.organization_id,
          quantity: normalizeQuantity(l.quantity),
          unitPrice: { amount: l.unit_price_amount, currency: l.unit_price_currency },
        })),
      deliverBy: r.deliver_by?.toISOString() ?? null,
      agreedAt: r.agreed_at.toISOString(),
      deliveredAt: r.delivered_at?.toISOString() ?? null,
      completedAt: r.completed_at?.toISOString() ?? null,
      cancelledAt: r.cancelled_at?.toISOString() ?? null,
      agent: actingAgent(r.agent_organization_id, agents),
    }));
  }
}

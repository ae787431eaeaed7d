import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { OrganizationAccessService } from '@psar/identity';
import { Clock, type Currency, decodeTimeKeyset, Environment, OutboxService, Page, ProblemException, toPage, ValidationProblem } from '@psar/platform';
import { type OwnerPhotos, type PhotoDto, PhotosService } from '@psar/media';
import { DataSource, EntityManager } from 'typeorm';
import { actingAgent, COUNTED_UNITS, fromThousandths, MarketCatalog, normalizeQuantity, toThousandths } from '@psar/listings';
import { MarketPricesService } from '../market-prices/market-prices.service';
import { ReputationService } from '../reviews/reputation.service';
import {
  DEAL_CANCELLED,
  DEAL_COMPLETED,
  DEAL_DELIVERED,
  DEAL_DISPUTED,
  DEAL_LINE_MARKED,
  DEAL_SETTLED,
  DEAL_SETTLEMENT_PROPOSED,
  type DealEventPayload,
} from '../trade-events';
import { TradeParties } from '../trade-parties.service';
import { actionsFor, type DealAction, type DealActor, step } from './deal-states';
import { type DeliveredLine, deliveredLines, type DeliveredLineInput, disputeLoser } from './delivered-quantities';
import type { DealDisputeDto, DealDto, DealStatus, ListDealsQuery } from './dto/deal.dto';
import type { DeliverDealDto } from './dto/deliver-deal.dto';
import type { DealDisputeReason, DisputeDealDto, ResolveDealDto } from './dto/dispute-deal.dto';

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
  completed_by: 'buyer' | 'system' | 'settlement' | null;
  cancelled_at: Date | null;
  cancel_reason: 'side' | 'not_delivered' | 'settlement' | null;
  reminded_at: Date | null;
  /** The agent credited with the deal (who quoted or posted the listing for the seller). */
  agent_organization_id: string | null;
  acted_by_user_id: string | null;
}

export interface DealLineRow {
  deal_id: string;
  line_no: number;
  listing_id: string | null;
  organization_id: string;
  quantity: string;
  delivered_quantity: string | null;
  marked_quantity: string | null;
  marked_at: Date | null;
  unit_price_amount: string;
  unit_price_currency: Currency;
}

interface DisputeRow {
  deal_id: string;
  opened_by_user_id: string | null;
  reason: DealDisputeReason;
  message: string;
  opened_at: Date;
  proposed_outcome: 'completed' | 'cancelled' | null;
  proposed_lines: Array<{ lineNo: number; deliveredQuantity: string }> | null;
  proposed_by_organization_id: string | null;
  proposed_at: Date | null;
  escalated_at: Date | null;
  outcome: 'completed' | 'cancelled' | null;
  settled_by: 'agreement' | 'admin' | null;
  settled_at: Date | null;
  note: string | null;
  lost_by_organization_id: string | null;
}

/** Who takes a step: a side (its organization) or a platform admin who is neither side. */
interface Acting {
  actor: DealActor;
  organizationId: string | null;
}

const notFound = () => new ProblemException(HttpStatus.NOT_FOUND, 'not-found', 'No such deal');

/**
 * Deals through the state machine of ./deal-states: every step locks the deal, asks `step()`
 * whether this actor may take it from this state, and writes with a conditional UPDATE on
 * the state it started from. Quantities reserved but not delivered go back to the listings in
 * the transaction of the step that frees them, so exactly once.
 */
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
    private readonly env: Environment,
    private readonly clock: Clock,
    private readonly photos: PhotosService,
  ) {}

  async get(userId: string, id: string): Promise<DealDto> {
    const [row] = (await this.dataSource.query('SELECT * FROM deals WHERE id = $1', [id])) as DealRow[];
    if (!row) throw notFound();
    if (!(await this.parties.mayRead(userId, [row.buyer_organization_id, row.seller_organization_id])) && !(await this.isAdmin(userId)) && !(await this.suppliesLine(userId, id))) throw notFound();
    return (await this.toDtos(userId, [row]))[0]!;
  }

  /** The deals of the user's organizations and of the producers they act for as agent, newest first: deals_buyer_idx and deals_seller_idx. */
  async list(userId: string, query: ListDealsQuery): Promise<Page<DealDto>> {
    const orgs = await this.parties.organizationIdsOf(userId);
    // A platform admin asking for disputed deals sees all of them: they are the ones to settle.
    const allDisputed = query.status === 'disputed' && (await this.isAdmin(userId));
    if (orgs.length === 0 && !allDisputed) return { items: [], nextCursor: null };
    const params: unknown[] = [orgs, query.limit + 1];
    let where = allDisputed ? '($1::uuid[] IS NOT NULL)' : '(buyer_organization_id = ANY($1::uuid[]) OR seller_organization_id = ANY($1::uuid[]) OR id IN (SELECT deal_id FROM deal_lines WHERE organization_id = ANY($1::uuid[])))';
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
    return { items: await this.toDtos(userId, page.items), nextCursor: page.nextCursor };
  }

  /**
   * The seller marks the deal delivered, with the quantity per line (omitted: as agreed). What
   * was reserved and not delivered goes back to its listing here; of two calls at once the
   * second waits on the deal's row lock, finds it delivered and changes nothing (409).
   */
  async deliver(userId: string, id: string, dto: DeliverDealDto = {}): Promise<DealDto> {
    await this.dataSource.transaction(async (manager) => {
      const deal = await this.lockDeal(manager, userId, id);
      const acting = await this.actingOn(manager, userId, deal, 'deliver');
      this.assertStep(deal, 'deliver', acting);
      const lines = await this.linesOf(manager, id);
      // A line its member firm already marked delivered counts at what it marked, unless given here.
      const given = new Set((dto.lines ?? []).map((l) => l.lineNo));
      const marked = lines.filter((l) => l.marked_quantity !== null && !given.has(l.line_no)).map((l) => ({ lineNo: l.line_no, deliveredQuantity: normalizeQuantity(l.marked_quantity!) }));
      const delivered = this.checkLines(deal, lines.map((l) => ({ lineNo: l.line_no, quantity: l.quantity })), [...(dto.lines ?? []), ...marked]);
      await this.markDealDelivered(manager, deal, lines, delivered);
    });
    return this.get(userId, id);
  }

  /**
   * A cooperative's member firm (a manager of the firm supplying the line) marks its own line
   * delivered while the deal is agreed. Another firm's line is 404 to it, a side that does not
   * supply the line 403. The deal's row lock makes two marks at once act once (the second: 409).
   * When every line is marked, the deal becomes delivered with the marked quantities, as if the
   * cooperative delivered it.
   */
  async markLine(userId: string, id: string, lineNo: number, deliveredQuantity: string | undefined): Promise<DealDto> {
    await this.dataSource.transaction(async (manager) => {
      const [deal] = (await manager.query('SELECT * FROM deals WHERE id = $1 FOR UPDATE', [id])) as DealRow[];
      if (!deal) throw notFound();
      const lines = await this.linesOf(manager, id);
      const line = lines.find((l) => l.line_no === lineNo);
      if (!line || !(await this.access.roleOf(userId, line.organization_id, manager))) {
        if (await this.parties.isMemberOfAny(userId, [deal.buyer_organization_id, deal.seller_organization_id], manager)) {
          if (!line) throw new ProblemException(HttpStatus.NOT_FOUND, 'not-found', `This deal has no line ${lineNo}`);
          throw new ProblemException(HttpStatus.FORBIDDEN, 'wrong-side', 'Only the firm supplying this line marks it delivered');
        }
        throw notFound();
      }
      await this.access.assertCanAct(userId, line.organization_id, { minRole: 'manager', manager });
      const result = step(deal.status, 'deliver', 'seller');
      if (!result.ok) throw new ProblemException(HttpStatus.CONFLICT, 'deal-state', `This deal is ${deal.status}; its lines can no longer be marked delivered`);
      if (line.marked_at) throw new ProblemException(HttpStatus.CONFLICT, 'line-marked', `Line ${lineNo} is already marked delivered`);
      const checked = deliveredLines([{ lineNo: 1, quantity: line.quantity }], deliveredQuantity === undefined ? [] : [{ lineNo: 1, deliveredQuantity }], {
        tolerancePercent: this.env.DEAL_DELIVERY_TOLERANCE_PERCENT,
        counted: COUNTED_UNITS.includes(deal.unit),
      });
      if (!checked.ok) throw new ValidationProblem(checked.errors.map((e) => ({ field: 'deliveredQuantity', message: e.message.replace(/lines\[0\]\.deliveredQuantity/g, 'deliveredQuantity') })));
      const quantity = checked.lines[0]!.delivered;
      const now = this.clock.now();
      await manager.query('UPDATE deal_lines SET marked_quantity = $3, marked_at = $4, marked_by_user_id = $5 WHERE deal_id = $1 AND line_no = $2 AND marked_at IS NULL', [
        id,
        lineNo,
        quantity,
        now,
        userId,
      ]);
      const names = await this.parties.names([line.organization_id], manager);
      await this.outbox.record(manager, DEAL_LINE_MARKED, {
        ...(await this.eventPayload(manager, deal, { quantity })),
        lineNo,
        supplierOrganizationId: line.organization_id,
        supplierName: names.get(line.organization_id) ?? '',
      });
      const after = lines.map((l) => (l.line_no === lineNo ? { ...l, marked_quantity: quantity, marked_at: now } : l));
      if (after.every((l) => l.marked_at !== null)) {
        const delivered = this.checkLines(
          deal,
          after.map((l) => ({ lineNo: l.line_no, quantity: l.quantity })),
          after.map((l) => ({ lineNo: l.line_no, deliveredQuantity: normalizeQuantity(l.marked_quantity!) })),
        );
        await this.markDealDelivered(manager, deal, lines, delivered);
      }
    });
    return this.get(userId, id);
  }

  /** agreed → delivered with these quantities: what was reserved and not delivered goes back to its listing here. */
  private async markDealDelivered(manager: EntityManager, deal: DealRow, lines: DealLineRow[], delivered: DeliveredLine[]): Promise<void> {
    const now = this.clock.now();
    await this.claim(manager, deal, 'deliver', `status = 'delivered', delivered_at = $3`, [now]);
    await this.setDelivered(manager, deal.id, delivered);
    await this.giveBack(
      manager,
      lines.map((l) => ({ listingId: l.listing_id, back: toThousandths(l.quantity) - toThousandths(delivered.find((d) => d.lineNo === l.line_no)!.delivered) })),
      now,
    );
    await this.outbox.record(manager, DEAL_DELIVERED, await this.eventPayload(manager, deal, { quantity: this.sum(delivered.map((d) => d.delivered)) }));
  }

  /** A member (or agent) of a firm that supplies a line of the deal: a cooperative's member firm. */
  private async suppliesLine(userId: string, dealId: string): Promise<boolean> {
    const orgs = await this.parties.organizationIdsOf(userId);
    if (orgs.length === 0) return false;
    const rows = (await this.dataSource.query('SELECT 1 FROM deal_lines WHERE deal_id = $1 AND organization_id = ANY($2::uuid[]) LIMIT 1', [dealId, orgs])) as unknown[];
    return rows.length > 0;
  }

  /** The buyer confirms the delivered quantities: the deal counts for reputation and market prices from here. */
  async confirm(userId: string, id: string): Promise<DealDto> {
    await this.dataSource.transaction(async (manager) => {
      const deal = await this.lockDeal(manager, userId, id);
      const acting = await this.actingOn(manager, userId, deal, 'confirm');
      this.assertStep(deal, 'confirm', acting);
      await this.claim(manager, deal, 'confirm', `status = 'completed', completed_at = $3, completed_by = 'buyer'`, [this.clock.now()]);
      await this.completed(manager, deal, {});
    });
    this.prices.invalidate();
    return this.get(userId, id);
  }

  /** Either side, before delivery: the reserved quantities go back to the listings. */
  async cancel(userId: string, id: string): Promise<DealDto> {
    await this.dataSource.transaction(async (manager) => {
      const deal = await this.lockDeal(manager, userId, id);
      const acting = await this.actingOn(manager, userId, deal, 'cancel');
      this.assertStep(deal, 'cancel', acting);
      const now = this.clock.now();
      await this.claim(manager, deal, 'cancel', `status = 'cancelled', cancelled_at = $3, cancelled_by_organization_id = $4, cancel_reason = 'side'`, [now, acting.organizationId]);
      await this.cancelled(manager, deal, now, { byOrganizationId: acting.organizationId! });
    });
    return this.get(userId, id);
  }

  /** The buyer disputes a delivery: the deal waits for the sides or an admin, and no timer confirms it. */
  async dispute(userId: string, id: string, dto: DisputeDealDto): Promise<DealDto> {
    const message = dto.message.trim();
    if (message.length === 0) throw new ValidationProblem([{ field: 'message', message: 'message must not be empty' }]);
    await this.dataSource.transaction(async (manager) => {
      const deal = await this.lockDeal(manager, userId, id);
      const acting = await this.actingOn(manager, userId, deal, 'dispute');
      this.assertStep(deal, 'dispute', acting);
      const now = this.clock.now();
      await this.claim(manager, deal, 'dispute', `status = 'disputed'`, []);
      await manager.query(`INSERT INTO deal_disputes (deal_id, opened_by_user_id, reason, message, opened_at) VALUES ($1, $2, $3, $4, $5)`, [
        id,
        userId,
        dto.reason,
        message,
        now,
      ]);
      await this.outbox.record(manager, DEAL_DISPUTED, { ...(await this.eventPayload(manager, deal)), byUserId: userId, reason: dto.reason, message });
    });
    return this.get(userId, id);
  }

  /**
   * Settles a dispute. A platform admin (neither side) decides at once. A side proposes terms;
   * when the other side resolves with the same terms, the dispute is settled by agreement;
   * different terms replace the proposal (a counter).
   */
  async resolve(userId: string, id: string, dto: ResolveDealDto): Promise<DealDto> {
    if (dto.outcome === 'cancelled' && dto.lines?.length) throw new ValidationProblem([{ field: 'lines', message: 'lines go with outcome completed only' }]);
    const admin = await this.isAdmin(userId);
    let settledNow = false;
    await this.dataSource.transaction(async (manager) => {
      const deal = await this.lockDeal(manager, userId, id, admin);
      const action: DealAction = dto.outcome === 'completed' ? 'resolve_completed' : 'resolve_cancelled';
      const acting = await this.actingOn(manager, userId, deal, action, admin);
      this.assertStep(deal, action, acting);
      const lines = await this.linesOf(manager, id);
      const asDelivered: DeliveredLine[] = lines.map((l) => ({ lineNo: l.line_no, agreed: normalizeQuantity(l.quantity), delivered: normalizeQuantity(l.delivered_quantity ?? l.quantity) }));
      // Settled quantities are checked against what was delivered, with the delivery's tolerance.
      const settled = dto.outcome === 'completed' ? this.checkLines(deal, lines.map((l) => ({ lineNo: l.line_no, quantity: asDelivered.find((d) => d.lineNo === l.line_no)!.delivered })), dto.lines ?? []) : [];
      const terms = settled.map((l) => ({ lineNo: l.lineNo, deliveredQuantity: l.delivered }));
      const [dispute] = (await manager.query('SELECT * FROM deal_disputes WHERE deal_id = $1 FOR UPDATE', [id])) as DisputeRow[];
      const now = this.clock.now();
      const agreed =
        acting.actor !== 'admin' &&
        dispute!.proposed_by_organization_id !== null &&
        dispute!.proposed_by_organization_id !== acting.organizationId &&
        dispute!.proposed_outcome === dto.outcome &&
        sameTerms(dispute!.proposed_lines ?? [], terms);
      if (acting.actor !== 'admin' && !agreed) {
        this.assertStep(deal, 'propose_resolution', acting);
        await manager.query(
          `UPDATE deal_disputes SET proposed_outcome = $2, proposed_lines = $3::jsonb, proposed_by_organization_id = $4, proposed_at = $5, note = coalesce($6, note) WHERE deal_id = $1`,
          [id, dto.outcome, JSON.stringify(terms), acting.organizationId, now, dto.note?.trim() || null],
        );
        await this.outbox.record(manager, DEAL_SETTLEMENT_PROPOSED, { ...(await this.eventPayload(manager, deal)), byOrganizationId: acting.organizationId!, outcome: dto.outcome });
        return;
      }
      const loser = disputeLoser(asDelivered, dto.outcome === 'cancelled' ? { kind: 'cancelled' } : { kind: 'completed', lines: settled });
      const lostBy = loser === 'seller' ? deal.seller_organization_id : deal.buyer_organization_id;
      await manager.query(
        `UPDATE deal_disputes SET outcome = $2, settled_by = $3, settled_by_user_id = $4, settled_at = $5, note = coalesce($6, note), lost_by_organization_id = $7,
           proposed_outcome = NULL, proposed_lines = NULL, proposed_by_organization_id = NULL, proposed_at = NULL
         WHERE deal_id = $1 AND outcome IS NULL`,
        [id, dto.outcome, admin && acting.actor === 'admin' ? 'admin' : 'agreement', userId, now, dto.note?.trim() || null, lostBy],
      );
      if (dto.outcome === 'completed') {
        await this.claim(manager, deal, action, `status = 'completed', completed_at = $3, completed_by = 'settlement'`, [now]);
        await this.setDelivered(manager, id, settled);
        await this.giveBack(
          manager,
          lines.map((l) => ({
            listingId: l.listing_id,
            back: toThousandths(asDelivered.find((d) => d.lineNo === l.line_no)!.delivered) - toThousandths(settled.find((s) => s.lineNo === l.line_no)!.delivered),
          })),
          now,
        );
        await this.completed(manager, deal, { settled: true });
      } else {
        await this.claim(manager, deal, action, `status = 'cancelled', cancelled_at = $3, cancel_reason = 'settlement'`, [now]);
        await this.cancelled(manager, deal, now, { settled: true });
        await this.reputation.recordUpdated(manager, [deal.buyer_organization_id, deal.seller_organization_id]);
      }
      await this.outbox.record(manager, DEAL_SETTLED, { ...(await this.eventPayload(manager, deal)), outcome: dto.outcome, settledBy: acting.actor === 'admin' ? 'admin' : 'agreement', lostByOrganizationId: lostBy });
      settledNow = true;
    });
    if (settledNow) this.prices.invalidate();
    return this.get(userId, id);
  }

  // ---- shared by the timers (deal-timers.service.ts) ----

  /** After a claim to completed: the event, and reputation for both sides. */
  async completed(manager: EntityManager, deal: DealRow, extra: Record<string, unknown>): Promise<void> {
    const lines = await this.linesOf(manager, deal.id);
    const quantity = this.sum(lines.map((l) => l.delivered_quantity ?? l.quantity));
    await this.outbox.record(manager, DEAL_COMPLETED, { ...(await this.eventPayload(manager, deal, { quantity })), ...extra });
    await this.reputation.recordUpdated(manager, [deal.buyer_organization_id, deal.seller_organization_id]);
  }

  /**
   * After a claim to cancelled: what the deal still holds goes back to the listings (all of it
   * before delivery, what was delivered after a dispute), the demand may open again, the event.
   */
  async cancelled(manager: EntityManager, deal: DealRow, now: Date, extra: Partial<DealEventPayload>): Promise<void> {
    const lines = await this.linesOf(manager, deal.id);
    await this.giveBack(
      manager,
      lines.map((l) => ({ listingId: l.listing_id, back: toThousandths(l.delivered_quantity ?? l.quantity) })),
      now,
    );
    if (deal.demand_id) {
      await manager.query(
        `UPDATE demands d SET status = 'open', updated_at = now()
         WHERE d.id = $1 AND d.status = 'fulfilled' AND d.needed_by > $2
           AND (SELECT coalesce(sum(quantity), 0) FROM deals WHERE demand_id = $1 AND status <> 'cancelled') < d.quantity`,
        [deal.demand_id, now],
      );
    }
    await this.outbox.record(manager, DEAL_CANCELLED, { ...(await this.eventPayload(manager, deal)), ...extra });
  }

  async eventPayload(manager: EntityManager, deal: DealRow, override: Partial<DealEventPayload> = {}): Promise<DealEventPayload> {
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
      ...override,
    };
  }

  // ---- steps ----

  private async lockDeal(manager: EntityManager, userId: string, id: string, admin = false): Promise<DealRow> {
    const [deal] = (await manager.query('SELECT * FROM deals WHERE id = $1 FOR UPDATE', [id])) as DealRow[];
    // 404 for a third organization (an admin sees deals only to settle disputes).
    if (!deal || (!admin && !(await this.parties.isMemberOfAny(userId, [deal.buyer_organization_id, deal.seller_organization_id], manager)))) throw notFound();
    return deal;
  }

  /**
   * The caller's part in this step: the side the state machine allows it for (a manager of
   * that organization), else a platform admin who is neither side. 403 for the wrong side.
   */
  private async actingOn(manager: EntityManager, userId: string, deal: DealRow, action: DealAction, admin = false): Promise<Acting> {
    const sides: Array<{ actor: 'seller' | 'buyer'; org: string }> = [
      { actor: 'seller', org: deal.seller_organization_id },
      { actor: 'buyer', org: deal.buyer_organization_id },
    ];
    const mine = [];
    for (const s of sides) if (await this.access.roleOf(userId, s.org, manager)) mine.push(s);
    const outcome = (s: { actor: DealActor }) => {
      const r = step(deal.status, action, s.actor);
      return r.ok ? 'ok' : r.reason;
    };
    const allowed = mine.find((s) => outcome(s) === 'ok') ?? mine.find((s) => outcome(s) === 'wrong-state');
    if (allowed) {
      await this.access.assertCanAct(userId, allowed.org, { minRole: 'manager', manager });
      return { actor: allowed.actor, organizationId: allowed.org };
    }
    if (admin) return { actor: 'admin', organizationId: null };
    if (mine.length === 0) throw notFound();
    return { actor: mine[0]!.actor, organizationId: mine[0]!.org };
  }

  private assertStep(deal: DealRow, action: DealAction, acting: Acting): void {
    const result = step(deal.status, action, acting.actor);
    if (result.ok) return;
    if (result.reason === 'wrong-state') {
      throw new ProblemException(HttpStatus.CONFLICT, 'deal-state', `This deal is ${deal.status}; ${action.replace(/_/g, ' ')} is not possible now`);
    }
    throw new ProblemException(HttpStatus.FORBIDDEN, 'wrong-side', `The ${acting.actor} cannot ${action.replace(/_/g, ' ')} this deal`);
  }

  /** The conditional UPDATE that makes a step happen once: `$1` the deal, `$2` the states it may start from. */
  private async claim(manager: EntityManager, deal: DealRow, action: DealAction, set: string, params: unknown[]): Promise<void> {
    const from = [deal.status];
    const rows = (await manager.query(`UPDATE deals SET ${set} WHERE id = $1 AND status = ANY($2::text[]) RETURNING id`, [deal.id, from, ...params])) as [unknown[], number];
    if (rows[0].length === 0) throw new ProblemException(HttpStatus.CONFLICT, 'deal-state', `This deal is no longer ${deal.status}; ${action} did not happen`);
  }

  private checkLines(deal: DealRow, against: Array<{ lineNo: number; quantity: string }>, input: DeliveredLineInput[]): DeliveredLine[] {
    const result = deliveredLines(against, input, { tolerancePercent: this.env.DEAL_DELIVERY_TOLERANCE_PERCENT, counted: COUNTED_UNITS.includes(deal.unit) });
    if (!result.ok) throw new ValidationProblem(result.errors);
    return result.lines;
  }

  private async setDelivered(manager: EntityManager, dealId: string, lines: DeliveredLine[]): Promise<void> {
    await manager.query(
      `UPDATE deal_lines dl SET delivered_quantity = x.delivered FROM unnest($2::int[], $3::numeric[]) AS x (line_no, delivered)
       WHERE dl.deal_id = $1 AND dl.line_no = x.line_no`,
      [dealId, lines.map((l) => l.lineNo), lines.map((l) => l.delivered)],
    );
  }

  /**
   * Gives listings back what a deal no longer holds (negative: a line delivered above what was
   * agreed takes the excess from the listing, as far as it has it). A listing sold out and
   * still within its dates is active again; one emptied is sold out.
   */
  private async giveBack(manager: EntityManager, changes: Array<{ listingId: string | null; back: bigint }>, now: Date): Promise<void> {
    const moved = changes.filter((c): c is { listingId: string; back: bigint } => c.listingId !== null && c.back !== 0n);
    if (moved.length === 0) return;
    await manager.query(
      `UPDATE listings l SET quantity_remaining = least(l.quantity, greatest(0, l.quantity_remaining + r.back)),
         status = CASE WHEN l.status = 'sold_out' AND l.quantity_remaining + r.back > 0 AND (l.available_until IS NULL OR l.available_until > $3) THEN 'active'
                       WHEN l.status = 'active' AND l.quantity_remaining + r.back <= 0 THEN 'sold_out'
                       ELSE l.status END,
         updated_at = now()
       FROM (SELECT listing_id, sum(back) AS back FROM unnest($1::uuid[], $2::numeric[]) AS x (listing_id, back) GROUP BY listing_id ORDER BY listing_id) r
       WHERE l.id = r.listing_id`,
      [moved.map((m) => m.listingId), moved.map((m) => fromThousandths(m.back)), now],
    );
  }

  private async linesOf(manager: EntityManager, dealId: string): Promise<DealLineRow[]> {
    return (await manager.query('SELECT * FROM deal_lines WHERE deal_id = $1 ORDER BY line_no', [dealId])) as DealLineRow[];
  }

  private sum(quantities: string[]): string {
    return fromThousandths(quantities.reduce((s, q) => s + toThousandths(normalizeQuantity(q)), 0n));
  }

  private async isAdmin(userId: string): Promise<boolean> {
    try {
      await this.access.assertAdmin(userId);
      return true;
    } catch {
      return false;
    }
  }

  private async toDtos(userId: string, rows: DealRow[]): Promise<DealDto[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const lines = (await this.dataSource.query('SELECT * FROM deal_lines WHERE deal_id = ANY($1::uuid[]) ORDER BY deal_id, line_no', [ids])) as DealLineRow[];
    // Totals in SQL, numeric throughout: exact to the cent, never a float.
    const totals = (await this.dataSource.query(
      `SELECT deal_id, unit_price_currency AS currency,
              round(sum(quantity * unit_price_amount), 2)::text AS agreed,
              round(sum(coalesce(delivered_quantity, quantity) * unit_price_amount), 2)::text AS owed
       FROM deal_lines WHERE deal_id = ANY($1::uuid[]) GROUP BY deal_id, unit_price_currency ORDER BY deal_id, unit_price_currency`,
      [ids],
    )) as Array<{ deal_id: string; currency: Currency; agreed: string; owed: string }>;
    const disputes = (await this.dataSource.query('SELECT * FROM deal_disputes WHERE deal_id = ANY($1::uuid[])', [ids])) as DisputeRow[];
    const disputePhotos = disputes.length ? await this.photos.ofOwners('dispute', disputes.map((d) => d.deal_id)) : new Map<string, OwnerPhotos>();
    const agents = await this.parties.names(rows.flatMap((r) => (r.agent_organization_id ? [r.agent_organization_id] : [])));
    const mine = new Set(await this.access.organizationIdsOf(userId));
    const visible = new Set(await this.parties.organizationIdsOf(userId));
    const admin = rows.some((r) => r.status === 'disputed') && (await this.isAdmin(userId));
    const roleIn = (r: DealRow): DealDto['role'] =>
      visible.has(r.buyer_organization_id) ? 'buyer' : visible.has(r.seller_organization_id) ? 'seller' : lines.some((l) => l.deal_id === r.id && visible.has(l.organization_id)) ? 'supplier' : 'admin';
    // A supplier (a cooperative's member firm) sees its own lines only, and the totals of those.
    const supplied = rows.filter((r) => roleIn(r) === 'supplier').map((r) => r.id);
    const suppliedTotals =
      supplied.length === 0
        ? []
        : ((await this.dataSource.query(
            `SELECT deal_id, unit_price_currency AS currency,
                    round(sum(quantity * unit_price_amount), 2)::text AS agreed,
                    round(sum(coalesce(delivered_quantity, quantity) * unit_price_amount), 2)::text AS owed
             FROM deal_lines WHERE deal_id = ANY($1::uuid[]) AND organization_id = ANY($2::uuid[]) GROUP BY deal_id, unit_price_currency ORDER BY deal_id, unit_price_currency`,
            [supplied, [...visible]],
          )) as Array<{ deal_id: string; currency: Currency; agreed: string; owed: string }>);
    return rows.map((r) => {
      const role = roleIn(r);
      const own = lines.filter((l) => l.deal_id === r.id && (role !== 'supplier' || visible.has(l.organization_id)));
      const dealTotals = (role === 'supplier' ? suppliedTotals : totals).filter((t) => t.deal_id === r.id);
      const markableLines =
        r.status === 'agreed' ? own.filter((l) => l.marked_at === null && mine.has(l.organization_id) && (role === 'supplier' || l.organization_id !== r.seller_organization_id)).map((l) => l.line_no) : [];
      const delivered = own.some((l) => l.delivered_quantity !== null);
      const actions = new Set<DealAction>();
      if (mine.has(r.seller_organization_id)) actionsFor(r.status, 'seller').forEach((a) => actions.add(a));
      if (mine.has(r.buyer_organization_id)) actionsFor(r.status, 'buyer').forEach((a) => actions.add(a));
      if (admin && !mine.has(r.seller_organization_id) && !mine.has(r.buyer_organization_id)) actionsFor(r.status, 'admin').forEach((a) => actions.add(a));
      const d = disputes.find((x) => x.deal_id === r.id);
      return {
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
        quantity: role === 'supplier' ? this.sum(own.map((l) => l.quantity)) : normalizeQuantity(r.quantity),
        deliveredQuantity: delivered ? this.sum(own.map((l) => l.delivered_quantity ?? l.quantity)) : null,
        lines: own.map((l) => ({
          lineNo: l.line_no,
          listingId: l.listing_id,
          organizationId: l.organization_id,
          quantity: normalizeQuantity(l.quantity),
          deliveredQuantity: l.delivered_quantity === null ? null : normalizeQuantity(l.delivered_quantity),
          markedQuantity: l.marked_quantity === null ? null : normalizeQuantity(l.marked_quantity),
          markedAt: l.marked_at?.toISOString() ?? null,
          unitPrice: { amount: l.unit_price_amount, currency: l.unit_price_currency },
        })),
        agreedTotals: dealTotals.map((t) => ({ amount: t.agreed, currency: t.currency })),
        totals: dealTotals.map((t) => ({ amount: t.owed, currency: t.currency })),
        deliverBy: r.deliver_by?.toISOString() ?? null,
        agreedAt: r.agreed_at.toISOString(),
        deliveredAt: r.delivered_at?.toISOString() ?? null,
        completedAt: r.completed_at?.toISOString() ?? null,
        completedBy: r.status === 'completed' ? (r.completed_by ?? 'buyer') : null,
        cancelledAt: r.cancelled_at?.toISOString() ?? null,
        cancelReason: r.status === 'cancelled' ? (r.cancel_reason ?? 'side') : null,
        dispute: d ? disputeDto(d, disputePhotos.get(r.id)?.photos ?? []) : null,
        actions: [...actions],
        role,
        markableLines,
        agent: actingAgent(r.agent_organization_id, agents),
      };
    });
  }
}

/** The same settled quantities, line by line (jsonb keeps its own key order, so compared as text per line). */
function sameTerms(a: Array<{ lineNo: number; deliveredQuantity: string }>, b: Array<{ lineNo: number; deliveredQuantity: string }>): boolean {
  const key = (lines: typeof a) => lines.map((l) => `${l.lineNo}:${l.deliveredQuantity}`).sort().join(',');
  return key(a) === key(b);
}

function disputeDto(d: DisputeRow, photos: PhotoDto[]): DealDisputeDto {
  return {
    reason: d.reason,
    message: d.message,
    openedAt: d.opened_at.toISOString(),
    photos,
    escalatedAt: d.escalated_at?.toISOString() ?? null,
    proposal:
      d.proposed_outcome && d.proposed_by_organization_id && d.proposed_at
        ? { outcome: d.proposed_outcome, lines: d.proposed_lines ?? [], proposedByOrganizationId: d.proposed_by_organization_id, proposedAt: d.proposed_at.toISOString() }
        : null,
    outcome: d.outcome,
    settledBy: d.settled_by,
    settledAt: d.settled_at?.toISOString() ?? null,
    note: d.note,
    lostByOrganizationId: d.lost_by_organization_id,
  };
}

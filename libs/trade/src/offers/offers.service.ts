import { HttpStatus, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { GROUP_KINDS, OrganizationAccessService } from '@psar/identity';
import {
  type Currency,
  decodeTimeKeyset,
  Environment,
  FieldError,
  OutboxService,
  Page,
  PageQuery,
  ProblemException,
  ScheduledJobsService,
  toPage,
  ValidationProblem,
} from '@psar/platform';
import { DataSource, EntityManager } from 'typeorm';
import { actingAgent, checkFuture, checkPositiveAmount, checkWholeQuantities, fromThousandths, MarketCatalog, normalizeQuantity, toThousandths } from '@psar/listings';
import { OFFER_ACCEPTED, OFFER_COUNTERED, OFFER_RECEIVED, OFFER_REJECTED, type OfferEventPayload } from '../trade-events';
import { QuoteRequestsService, type QuoteLimitsRow } from '../quote-requests/quote-requests.service';
import { TradeParties } from '../trade-parties.service';
import type { CounterOfferDto } from './dto/counter-offer.dto';
import type { CreateOfferDto } from './dto/create-offer.dto';
import type { OfferDto, OfferStatus, OfferThreadEntryDto } from './dto/offer.dto';

// Named when trade was part of listings; pg-boss keeps the schedule by this name.
export const OFFER_EXPIRY_JOB = 'listings.expire-offers';
const OFFER_EXPIRY_CRON = '*/5 * * * *';

interface OfferRow {
  id: string;
  kind: 'quote' | 'order';
  demand_id: string | null;
  listing_id: string | null;
  organization_id: string;
  buyer_organization_id: string;
  seller_organization_id: string;
  product_code: string;
  unit: string;
  province_code: string;
  deliver_by: Date | null;
  note: string | null;
  status: OfferStatus;
  expires_at: Date;
  created_at: Date;
  deal_id: string | null;
  agent_organization_id: string | null;
  acted_by_user_id: string | null;
  previous_offer_id: string | null;
  thread_id: string | null;
  countered_by_offer_id: string | null;
  group_id: string | null;
  group_line_no: number | null;
  sort_key: string;
}

interface LineRow {
  offer_id: string;
  line_no: number;
  listing_id: string | null;
  organization_id: string;
  quantity: string;
  unit_price_amount: string;
  unit_price_currency: Currency;
}

const OFFER_COLUMNS = `o.id, o.kind, o.demand_id, o.listing_id, o.organization_id, o.buyer_organization_id, o.seller_organization_id,
  o.product_code, o.unit, o.province_code, o.deliver_by, o.note, o.status, o.expires_at, o.created_at, o.agent_organization_id, o.acted_by_user_id,
  o.previous_offer_id, o.thread_id, o.group_id, o.group_line_no, (SELECT c.id FROM offers c WHERE c.previous_offer_id = o.id) AS countered_by_offer_id,
  (SELECT d.id FROM deals d WHERE d.offer_id = o.id) AS deal_id, to_char(o.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS sort_key`;

const notFound = () => new ProblemException(HttpStatus.NOT_FOUND, 'not-found', 'No such offer');

@Injectable()
export class OffersService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly env: Environment,
    private readonly access: OrganizationAccessService,
    private readonly catalog: MarketCatalog,
    private readonly outbox: OutboxService,
    private readonly jobs: ScheduledJobsService,
    private readonly parties: TradeParties,
    private readonly quoteRequests: QuoteRequestsService,
  ) {}

  onModuleInit(): void {
    this.jobs.register(OFFER_EXPIRY_JOB, OFFER_EXPIRY_CRON, async () => {
      await this.expireDue();
    });
  }

  async create(userId: string, dto: CreateOfferDto): Promise<OfferDto> {
    return dto.kind === 'quote' ? this.createQuote(userId, dto) : this.createOrder(userId, dto);
  }

  /** A seller (or a cooperative for its member firms, or an agent for a consenting producer) quotes on an open demand. */
  private async createQuote(userId: string, dto: CreateOfferDto): Promise<OfferDto> {
    const acting = await this.access.assertCanAct(userId, dto.organizationId, { minRole: 'manager', capability: 'sell', agentMay: true });
    const lines = dto.lines!;
    const id = await this.dataSource.transaction(async (manager) => {
      // An agent's right, again under the mandate's share lock to the commit (a withdrawal waits, then refuses the next).
      const agent = acting.agent
        ? (await this.access.assertCanAct(userId, dto.organizationId, { minRole: 'manager', capability: 'sell', agentMay: true, manager })).agent
        : undefined;
      // Locked so the demand cannot close or be fulfilled between the checks and the insert, and
      // so quotes on one demand queue to be counted against quotesWanted (no more than wanted, even at once).
      const [demand] = (await manager.query(
        `SELECT id, organization_id, product_code, unit, delivery_province_code, status, quotes_wanted, quotes_until, quotes_received, quotes_closed_at
         FROM demands WHERE id = $1 FOR NO KEY UPDATE`,
        [dto.demandId],
      )) as Array<QuoteLimitsRow & { unit: string; delivery_province_code: string; status: string }>;
      if (!demand || demand.status !== 'open') {
        if (!demand) throw new ProblemException(HttpStatus.NOT_FOUND, 'not-found', 'No such demand');
        throw new ProblemException(HttpStatus.CONFLICT, 'demand-not-open', `This demand is ${demand.status}; it takes no quotes`);
      }
      this.quoteRequests.assertTakesQuotes(demand);
      if (demand.organization_id === dto.organizationId) {
        throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'own-demand', 'An organization cannot quote on its own demand');
      }
      const errors: FieldError[] = [];
      const product = (await this.catalog.product(demand.product_code))!;
      checkFuture('deliverBy', new Date(dto.deliverBy!), errors);
      // A cooperative or working group quotes for its approved member firms; a firm only for itself.
      const members = (GROUP_KINDS as readonly string[]).includes(acting.kind)
        ? new Set(await this.access.memberOrganizationIdsOf(dto.organizationId, manager))
        : new Set<string>();
      const listingIds = lines.map((l) => l.listingId).filter((x): x is string => !!x);
      const listings = new Map(
        (
          (await manager.query('SELECT id, organization_id, product_code, status FROM listings WHERE id = ANY($1::uuid[])', [listingIds])) as Array<{
            id: string;
            organization_id: string;
            product_code: string;
            status: string;
          }>
        ).map((l) => [l.id, l]),
      );
      lines.forEach((line, i) => {
        const field = `lines[${i}]`;
        if (line.organizationId !== dto.organizationId && !members.has(line.organizationId)) {
          errors.push({
            field: `${field}.organizationId`,
            message: members.size || (GROUP_KINDS as readonly string[]).includes(acting.kind)
              ? 'the firm is not an approved member of the quoting cooperative'
              : 'a firm quotes only its own supply; a cooperative may quote for its approved member firms',
          });
        }
        if (line.listingId) {
          const listing = listings.get(line.listingId);
          if (!listing) errors.push({ field: `${field}.listingId`, message: 'no such listing' });
          else if (listing.organization_id !== line.organizationId) errors.push({ field: `${field}.listingId`, message: "the listing is not the line's firm's" });
          else if (listing.product_code !== demand.product_code) errors.push({ field: `${field}.listingId`, message: 'the listing is of another product' });
          else if (listing.status !== 'active') errors.push({ field: `${field}.listingId`, message: `the listing is ${listing.status}` });
        }
        checkPositiveAmount(`${field}.unitPrice.amount`, line.unitPrice.amount, errors);
        checkWholeQuantities(product, { [`${field}.quantity`]: line.quantity }, errors);
      });
      if (errors.length) throw new ValidationProblem(errors);

      const offerId = await this.insertOffer(manager, userId, {
        kind: 'quote',
        demandId: demand.id,
        listingId: null,
        organizationId: dto.organizationId,
        buyer: demand.organization_id,
        seller: dto.organizationId,
        productCode: demand.product_code,
        unit: demand.unit,
        provinceCode: demand.delivery_province_code,
        deliverBy: new Date(dto.deliverBy!),
        note: dto.note?.trim() || null,
        lines: lines.map((l) => ({ listingId: l.listingId ?? null, organizationId: l.organizationId, quantity: l.quantity, unitPrice: l.unitPrice })),
        agent: agent ? { organizationId: agent.organizationId, userId } : null,
      });
      await this.quoteRequests.recordQuote(manager, demand.id);
      return offerId;
    });
    return this.getVisible(userId, id);
  }

  /** A buyer orders from an active listing, at its price unless another is proposed. */
  private async createOrder(userId: string, dto: CreateOfferDto): Promise<OfferDto> {
    await this.access.assertCanAct(userId, dto.organizationId, { minRole: 'manager', capability: 'buy' });
    const id = await this.dataSource.transaction(async (manager) => {
      const [listing] = (await manager.query(
        `SELECT id, organization_id, product_code, unit, province_code, status, quantity_remaining, min_order_quantity, price_amount, price_currency
         FROM listings WHERE id = $1`,
        [dto.listingId],
      )) as Array<{
        id: string;
        organization_id: string;
        product_code: string;
        unit: string;
        province_code: string;
        status: string;
        quantity_remaining: string;
        min_order_quantity: string | null;
        price_amount: string;
        price_currency: Currency;
      }>;
      if (!listing || !['active', 'sold_out'].includes(listing.status)) throw new ProblemException(HttpStatus.NOT_FOUND, 'not-found', 'No such listing');
      if (listing.status !== 'active') throw new ProblemException(HttpStatus.CONFLICT, 'sold-out', 'This listing is sold out');
      if (listing.organization_id === dto.organizationId) {
        throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'own-listing', 'An organization cannot order from its own listing');
      }
      const errors: FieldError[] = [];
      const product = (await this.catalog.product(listing.product_code))!;
      const quantity = toThousandths(dto.quantity!);
      if (listing.min_order_quantity && quantity < toThousandths(listing.min_order_quantity)) {
        errors.push({ field: 'quantity', message: `the listing's minimum order is ${normalizeQuantity(listing.min_order_quantity)} ${listing.unit}` });
      }
      if (dto.deliverBy) checkFuture('deliverBy', new Date(dto.deliverBy), errors);
      checkPositiveAmount('unitPrice.amount', dto.unitPrice?.amount, errors);
      checkWholeQuantities(product, { quantity: dto.quantity }, errors);
      if (errors.length) throw new ValidationProblem(errors);
      if (quantity > toThousandths(listing.quantity_remaining)) {
        throw new ProblemException(
          HttpStatus.CONFLICT,
          'insufficient-quantity',
          `Only ${normalizeQuantity(listing.quantity_remaining)} ${listing.unit} remain on this listing`,
        );
      }
      return this.insertOffer(manager, userId, {
        kind: 'order',
        demandId: null,
        listingId: listing.id,
        organizationId: dto.organizationId,
        buyer: dto.organizationId,
        seller: listing.organization_id,
        productCode: listing.product_code,
        unit: listing.unit,
        provinceCode: listing.province_code,
        deliverBy: dto.deliverBy ? new Date(dto.deliverBy) : null,
        note: dto.note?.trim() || null,
        lines: [
          {
            listingId: listing.id,
            organizationId: listing.organization_id,
            quantity: dto.quantity!,
            unitPrice: dto.unitPrice ?? { amount: listing.price_amount, currency: listing.price_currency },
          },
        ],
        agent: null,
      });
    });
    return this.getVisible(userId, id);
  }

  /** Writes an offer and its lines and tells the receiving side (in the caller's transaction); offer groups write their orders through it. */
  async insertOffer(
    manager: EntityManager,
    userId: string,
    o: {
      kind: 'quote' | 'order';
      demandId: string | null;
      listingId: string | null;
      organizationId: string;
      buyer: string;
      seller: string;
      productCode: string;
      unit: string;
      provinceCode: string;
      deliverBy: Date | null;
      note: string | null;
      lines: Array<{ listingId: string | null; organizationId: string; quantity: string; unitPrice: { amount: string; currency: Currency } }>;
      /** The agent acting for the offering side, if one is. */
      agent: { organizationId: string; userId: string } | null;
      /** A counter-offer: the offer it answers and its thread's first offer. */
      counters?: { previousOfferId: string; threadId: string };
      /** The pooled order (offer group) this offer is one producer's part of. */
      group?: { id: string; lineNo: number } | null;
    },
  ): Promise<string> {
    const [row] = (await manager.query(
      `INSERT INTO offers (kind, demand_id, listing_id, organization_id, buyer_organization_id, seller_organization_id, created_by,
         product_code, unit, province_code, deliver_by, note, expires_at, agent_organization_id, acted_by_user_id, previous_offer_id, thread_id, group_id, group_line_no)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, now() + make_interval(hours => $13), $14, $15, $16, $17, $18, $19)
       RETURNING id`,
      [
        o.kind, o.demandId, o.listingId, o.organizationId, o.buyer, o.seller, userId, o.productCode, o.unit, o.provinceCode, o.deliverBy, o.note,
        this.env.OFFER_TTL_HOURS, o.agent?.organizationId ?? null, o.agent?.userId ?? null, o.counters?.previousOfferId ?? null, o.counters?.threadId ?? null,
        o.group?.id ?? null, o.group?.lineNo ?? null,
      ],
    )) as Array<{ id: string }>;
    const id = row!.id;
    await manager.query(
      `INSERT INTO offer_lines (offer_id, line_no, listing_id, organization_id, quantity, unit_price_amount, unit_price_currency)
       SELECT $1, n, l, org, q, a, c FROM unnest($2::uuid[], $3::uuid[], $4::numeric[], $5::numeric[], $6::text[]) WITH ORDINALITY AS x(l, org, q, a, c, n)`,
      [
        id,
        o.lines.map((l) => l.listingId),
        o.lines.map((l) => l.organizationId),
        o.lines.map((l) => l.quantity),
        o.lines.map((l) => l.unitPrice.amount),
        o.lines.map((l) => l.unitPrice.currency),
      ],
    );
    const total = o.lines.reduce((sum, l) => sum + toThousandths(l.quantity), 0n);
    const to = o.organizationId === o.buyer ? o.seller : o.buyer;
    const payload = await this.eventPayload(manager, id, o.kind, o.organizationId, to, o.productCode, fromThousandths(total), o.unit);
    if (o.counters) await this.outbox.record(manager, OFFER_COUNTERED, { ...payload, previousOfferId: o.counters.previousOfferId });
    else await this.outbox.record(manager, OFFER_RECEIVED, payload);
    return id;
  }

  private async eventPayload(
    manager: EntityManager,
    offerId: string,
    kind: 'quote' | 'order',
    from: string,
    to: string,
    productCode: string,
    quantity: string,
    unit: string,
  ): Promise<OfferEventPayload> {
    const names = await this.parties.names([from, to], manager);
    const product = await this.catalog.product(productCode);
    const [sides] = (await manager.query('SELECT buyer_organization_id, seller_organization_id FROM offers WHERE id = $1', [offerId])) as Array<{
      buyer_organization_id: string;
      seller_organization_id: string;
    }>;
    return {
      offerId,
      kind,
      buyerOrganizationId: sides!.buyer_organization_id,
      sellerOrganizationId: sides!.seller_organization_id,
      fromOrganizationId: from,
      fromOrganizationName: names.get(from) ?? '',
      toOrganizationId: to,
      toOrganizationName: names.get(to) ?? '',
      productName: product?.nameEn ?? productCode,
      quantity,
      unit,
    };
  }

  /** Both sides' members (and an agent acting for one) see an offer and its negotiation thread; anyone else gets 404. */
  async getVisible(userId: string, id: string): Promise<OfferDto> {
    const [row] = (await this.dataSource.query(`SELECT ${OFFER_COLUMNS} FROM offers o WHERE o.id = $1`, [id])) as OfferRow[];
    if (!row) throw notFound();
    // A cooperative's member firm supplying a line of its quote sees the offer cut to its own lines.
    let supplierOf: Set<string> | undefined;
    if (!(await this.parties.mayRead(userId, [row.buyer_organization_id, row.seller_organization_id]))) {
      const orgs = await this.parties.organizationIdsOf(userId);
      const supplies = (await this.dataSource.query('SELECT 1 FROM offer_lines WHERE offer_id = $1 AND organization_id = ANY($2::uuid[]) LIMIT 1', [id, orgs])) as unknown[];
      if (supplies.length === 0) throw notFound();
      supplierOf = new Set(orgs);
    }
    const dto = (await this.toDtos([row], this.dataSource, supplierOf))[0]!;
    // Every offer of a thread has the same two sides, so whoever sees one sees all (offers_thread_idx).
    const root = row.thread_id ?? row.id;
    const thread = (await this.dataSource.query(
      `SELECT ${OFFER_COLUMNS} FROM offers o WHERE o.id = $1 OR o.thread_id = $1 ORDER BY o.created_at, o.id`,
      [root],
    )) as OfferRow[];
    dto.thread = (await this.toDtos(thread, this.dataSource, supplierOf)).map(
      (o): OfferThreadEntryDto => ({
        id: o.id,
        organizationId: o.organizationId,
        status: o.status,
        quantity: o.quantity,
        lines: o.lines,
        deliverBy: o.deliverBy,
        note: o.note,
        createdAt: o.createdAt,
      }),
    );
    return dto;
  }

  /**
   * The receiving side answers a pending offer with other terms instead of accepting or
   * rejecting it. Under the offer's row lock (lockForDecision) the offer becomes `countered`
   * and the counter-offer is written, made by the receiving side, which the other side may
   * accept, reject or counter in turn. A counter and an accept (or two counters) racing on one
   * offer queue on that lock: the second finds it no longer pending (409). Nothing is reserved
   * until an offer of the thread is accepted.
   */
  async counter(userId: string, id: string, dto: CounterOfferDto): Promise<OfferDto> {
    const counterId = await this.dataSource.transaction(async (manager) => {
      const offer = await this.lockForDecision(manager, userId, id, 'receiver');
      if (offer.expires_at <= new Date()) {
        throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'offer-expired', `This offer expired at ${offer.expires_at.toISOString()}`);
      }
      const lines = (await manager.query('SELECT * FROM offer_lines WHERE offer_id = $1 ORDER BY line_no', [id])) as LineRow[];
      const errors: FieldError[] = [];
      const product = (await this.catalog.product(offer.product_code))!;
      if ((dto.quantity !== undefined || dto.unitPrice !== undefined) && lines.length > 1) {
        errors.push({
          field: dto.quantity !== undefined ? 'quantity' : 'unitPrice',
          message: `this offer has ${lines.length} lines; counter each in lines[] with its lineNo`,
        });
      }
      if (dto.quantity === undefined && dto.unitPrice === undefined && !dto.lines?.length && dto.deliverBy === undefined) {
        errors.push({ field: 'quantity', message: 'a counter-offer proposes another quantity, unitPrice, deliverBy or lines' });
      }
      const changes = new Map<number, { quantity?: string; unitPrice?: { amount: string; currency: Currency } }>();
      dto.lines?.forEach((l, i) => {
        if (l.lineNo > lines.length) errors.push({ field: `lines[${i}].lineNo`, message: `this offer has ${lines.length} line${lines.length === 1 ? '' : 's'}` });
        else if (changes.has(l.lineNo)) errors.push({ field: `lines[${i}].lineNo`, message: `line ${l.lineNo} is countered twice` });
        else changes.set(l.lineNo, { quantity: l.quantity, unitPrice: l.unitPrice });
        checkPositiveAmount(`lines[${i}].unitPrice.amount`, l.unitPrice?.amount, errors);
        if (l.quantity !== undefined) checkWholeQuantities(product, { [`lines[${i}].quantity`]: l.quantity }, errors);
      });
      if (lines.length === 1 && (dto.quantity !== undefined || dto.unitPrice !== undefined)) changes.set(1, { quantity: dto.quantity, unitPrice: dto.unitPrice });
      checkPositiveAmount('unitPrice.amount', dto.unitPrice?.amount, errors);
      if (dto.quantity !== undefined) checkWholeQuantities(product, { quantity: dto.quantity }, errors);
      if (dto.deliverBy !== undefined) checkFuture('deliverBy', new Date(dto.deliverBy), errors);
      // A buyer's counter on an order keeps to the listing's minimum order, as the order itself had to.
      if (offer.kind === 'order' && offer.listing_id && this.receiverOf(offer) === offer.buyer_organization_id) {
        const [listing] = (await manager.query('SELECT min_order_quantity, unit FROM listings WHERE id = $1', [offer.listing_id])) as Array<{
          min_order_quantity: string | null;
          unit: string;
        }>;
        const quantity = changes.get(1)?.quantity;
        if (listing?.min_order_quantity && quantity !== undefined && toThousandths(quantity) < toThousandths(listing.min_order_quantity)) {
          errors.push({
            field: dto.lines?.length ? 'lines[0].quantity' : 'quantity',
            message: `the listing's minimum order is ${normalizeQuantity(listing.min_order_quantity)} ${listing.unit}`,
          });
        }
      }
      if (errors.length) throw new ValidationProblem(errors);

      const countered = (await manager.query(
        `UPDATE offers SET status = 'countered', decided_at = now(), decided_by = $2, updated_at = now() WHERE id = $1 AND status = 'pending' RETURNING id`,
        [id, userId],
      )) as [unknown[], number];
      if (countered[1] !== 1) throw new ProblemException(HttpStatus.CONFLICT, 'offer-not-pending', 'This offer is no longer pending');
      const by = this.receiverOf(offer);
      return this.insertOffer(manager, userId, {
        kind: offer.kind,
        demandId: offer.demand_id,
        listingId: offer.listing_id,
        organizationId: by,
        buyer: offer.buyer_organization_id,
        seller: offer.seller_organization_id,
        productCode: offer.product_code,
        unit: offer.unit,
        provinceCode: offer.province_code,
        deliverBy: dto.deliverBy !== undefined ? new Date(dto.deliverBy) : offer.deliver_by,
        note: dto.note !== undefined ? dto.note.trim() || null : offer.note,
        lines: lines.map((l) => {
          const change = changes.get(l.line_no);
          return {
            listingId: l.listing_id,
            organizationId: l.organization_id,
            quantity: change?.quantity ?? l.quantity,
            unitPrice: change?.unitPrice ?? { amount: l.unit_price_amount, currency: l.unit_price_currency },
          };
        }),
        agent: null,
        counters: { previousOfferId: offer.id, threadId: offer.thread_id ?? offer.id },
        group: offer.group_id ? { id: offer.group_id, lineNo: offer.group_line_no! } : null,
      });
    });
    return this.getVisible(userId, counterId);
  }

  /**
   * Offers made or received by the user's organizations and by the producers they act for as
   * agent, newest first: offers_buyer_idx and offers_seller_idx.
   */
  async list(userId: string, query: PageQuery & { status?: OfferStatus }): Promise<Page<OfferDto>> {
    const orgs = await this.parties.organizationIdsOf(userId);
    if (orgs.length === 0) return { items: [], nextCursor: null };
    const params: unknown[] = [orgs, query.limit + 1];
    // And the cooperatives' quotes the user's firms supply a line of (offer_lines_organization_idx), cut to those lines.
    let where = '(o.buyer_organization_id = ANY($1::uuid[]) OR o.seller_organization_id = ANY($1::uuid[]) OR o.id IN (SELECT offer_id FROM offer_lines WHERE organization_id = ANY($1::uuid[])))';
    if (query.status) {
      params.push(query.status);
      where += ` AND o.status = $${params.length}`;
    }
    if (query.cursor) {
      const [createdAt, id] = decodeTimeKeyset(query.cursor);
      params.push(createdAt, id);
      where += ` AND (o.created_at, o.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`;
    }
    const rows = (await this.dataSource.query(
      `SELECT ${OFFER_COLUMNS} FROM offers o WHERE ${where} ORDER BY o.created_at DESC, o.id DESC LIMIT $2`,
      params,
    )) as OfferRow[];
    const page = toPage(rows, query.limit, (r) => [r.sort_key, r.id], (r) => r);
    return { items: await this.toDtos(page.items, this.dataSource, new Set(orgs)), nextCursor: page.nextCursor };
  }

  /**
   * The receiving side accepts: the buyer a quote, the seller an order. In one transaction the
   * offer is claimed, each line's quantity is taken from its listing (the CHECK on
   * quantity_remaining and the row lock of the UPDATE refuse an oversell), the deal is written
   * and a demand fully covered becomes fulfilled. Any failure rolls all of it back.
   */
  async accept(userId: string, id: string): Promise<{ offer: OfferDto; dealId: string }> {
    const dealId = await this.dataSource.transaction(async (manager) => {
      const offer = await this.lockForDecision(manager, userId, id, 'receiver');
      // Accepts on one demand queue here, so each counts the coverage the previous ones committed.
      if (offer.demand_id) await manager.query('SELECT id FROM demands WHERE id = $1 FOR UPDATE', [offer.demand_id]);
      if (offer.expires_at <= new Date()) {
        throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'offer-expired', `This offer expired at ${offer.expires_at.toISOString()}`);
      }
      const lines = (await manager.query('SELECT * FROM offer_lines WHERE offer_id = $1 ORDER BY line_no', [id])) as LineRow[];
      // In listing id order, so two accepts that share listings lock them in the same order (no deadlock).
      const byListing = new Map<string, bigint>();
      for (const l of lines) if (l.listing_id) byListing.set(l.listing_id, (byListing.get(l.listing_id) ?? 0n) + toThousandths(l.quantity));
      for (const listingId of [...byListing.keys()].sort()) {
        const quantity = fromThousandths(byListing.get(listingId)!);
        const reserved = (await manager.query(
          `UPDATE listings SET quantity_remaining = quantity_remaining - $2::numeric,
             status = CASE WHEN quantity_remaining - $2::numeric = 0 THEN 'sold_out' ELSE status END, updated_at = now()
           WHERE id = $1 AND status = 'active' AND quantity_remaining >= $2::numeric
           RETURNING id`,
          [listingId, quantity],
        )) as [unknown[], number];
        if (reserved[0].length === 0) {
          const [listing] = (await manager.query('SELECT quantity_remaining, unit, status FROM listings WHERE id = $1', [listingId])) as Array<{
            quantity_remaining: string;
            unit: string;
            status: string;
          }>;
          throw new ProblemException(
            HttpStatus.CONFLICT,
            'insufficient-quantity',
            listing?.status === 'active'
              ? `Listing ${listingId} has only ${normalizeQuantity(listing.quantity_remaining)} ${listing.unit} left, not ${quantity}`
              : `Listing ${listingId} is ${listing?.status ?? 'gone'}; it cannot supply this offer`,
          );
        }
      }
      const total = fromThousandths(lines.reduce((sum, l) => sum + toThousandths(l.quantity), 0n));
      const agent = await this.dealAgent(manager, offer);
      const [deal] = (await manager.query(
        `INSERT INTO deals (offer_id, kind, demand_id, buyer_organization_id, seller_organization_id, product_code, unit, province_code, quantity, deliver_by,
           agent_organization_id, acted_by_user_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
        [
          id, offer.kind, offer.demand_id, offer.buyer_organization_id, offer.seller_organization_id, offer.product_code, offer.unit, offer.province_code, total,
          offer.deliver_by, agent?.agent_organization_id ?? null, agent?.acted_by_user_id ?? null,
        ],
      )) as Array<{ id: string }>;
      await manager.query(
        `INSERT INTO deal_lines (deal_id, line_no, listing_id, organization_id, quantity, unit_price_amount, unit_price_currency)
         SELECT $1, line_no, listing_id, organization_id, quantity, unit_price_amount, unit_price_currency FROM offer_lines WHERE offer_id = $2`,
        [deal!.id, id],
      );
      await manager.query(`UPDATE offers SET status = 'accepted', decided_at = now(), decided_by = $2, updated_at = now() WHERE id = $1`, [id, userId]);
      if (offer.demand_id) {
        await manager.query(
          `UPDATE demands d SET status = 'fulfilled', updated_at = now()
           WHERE d.id = $1 AND d.status IN ('open', 'paused')
             AND (SELECT coalesce(sum(quantity), 0) FROM deals WHERE demand_id = $1 AND status <> 'cancelled') >= d.quantity`,
          [offer.demand_id],
        );
      }
      const payload = await this.eventPayload(manager, id, offer.kind, offer.organization_id, this.receiverOf(offer), offer.product_code, total, offer.unit);
      // A cooperative's member firms are told of their own lines (what, how much, by when, where), nothing of the others'.
      const supplierLines = (await manager.query(
        `SELECT line_no AS "lineNo", organization_id AS "organizationId", quantity::text AS quantity FROM deal_lines WHERE deal_id = $1 AND organization_id <> $2 ORDER BY line_no`,
        [deal!.id, offer.seller_organization_id],
      )) as Array<{ lineNo: number; organizationId: string; quantity: string }>;
      await this.outbox.record(manager, OFFER_ACCEPTED, {
        ...payload,
        dealId: deal!.id,
        deliverBy: offer.deliver_by ? new Date(offer.deliver_by).toISOString() : null,
        provinceCode: offer.province_code,
        supplierLines: supplierLines.map((l) => ({ ...l, quantity: normalizeQuantity(l.quantity) })),
      });
      return deal!.id;
    });
    return { offer: await this.getVisible(userId, id), dealId };
  }

  /**
   * The agent a deal is credited to: the one who quoted, else the one who posted the
   * listing ordered from (the first such line), so an agent's page counts the deals it brought.
   */
  private async dealAgent(manager: EntityManager, offer: OfferRow): Promise<{ agent_organization_id: string; acted_by_user_id: string | null } | null> {
    if (offer.agent_organization_id) return { agent_organization_id: offer.agent_organization_id, acted_by_user_id: offer.acted_by_user_id };
    const [fromListing] = (await manager.query(
      `SELECT l.agent_organization_id, l.acted_by_user_id FROM offer_lines ol JOIN listings l ON l.id = ol.listing_id
       WHERE ol.offer_id = $1 AND l.agent_organization_id IS NOT NULL ORDER BY ol.line_no LIMIT 1`,
      [offer.id],
    )) as Array<{ agent_organization_id: string; acted_by_user_id: string | null }>;
    return fromListing ?? null;
  }

  async reject(userId: string, id: string): Promise<OfferDto> {
    await this.dataSource.transaction(async (manager) => {
      const offer = await this.lockForDecision(manager, userId, id, 'receiver');
      await manager.query(`UPDATE offers SET status = 'rejected', decided_at = now(), decided_by = $2, updated_at = now() WHERE id = $1`, [id, userId]);
      const total = (await manager.query('SELECT sum(quantity)::text AS q FROM offer_lines WHERE offer_id = $1', [id]))[0].q as string;
      const payload = await this.eventPayload(manager, id, offer.kind, offer.organization_id, this.receiverOf(offer), offer.product_code, normalizeQuantity(total), offer.unit);
      await this.outbox.record(manager, OFFER_REJECTED, payload);
    });
    return this.getVisible(userId, id);
  }

  async withdraw(userId: string, id: string): Promise<OfferDto> {
    await this.dataSource.transaction(async (manager) => {
      await this.lockForDecision(manager, userId, id, 'offerer');
      await manager.query(`UPDATE offers SET status = 'withdrawn', decided_at = now(), decided_by = $2, updated_at = now() WHERE id = $1`, [id, userId]);
    });
    return this.getVisible(userId, id);
  }

  /** The side that may accept, counter or reject: the other side than the one that made it (a counter turns the sides round). */
  private receiverOf(offer: OfferRow): string {
    return offer.organization_id === offer.buyer_organization_id ? offer.seller_organization_id : offer.buyer_organization_id;
  }

  /**
   * The pending offer, locked, if the user may decide it as `side`: 404 for a third
   * organization, 403 for the other side, 409 once decided.
   */
  private async lockForDecision(manager: EntityManager, userId: string, id: string, side: 'receiver' | 'offerer'): Promise<OfferRow> {
    const [offer] = (await manager.query(`SELECT ${OFFER_COLUMNS} FROM offers o WHERE o.id = $1 FOR UPDATE`, [id])) as OfferRow[];
    if (!offer || !(await this.parties.mayRead(userId, [offer.buyer_organization_id, offer.seller_organization_id], manager))) throw notFound();
    const deciding = side === 'receiver' ? this.receiverOf(offer) : offer.organization_id;
    const role = await this.access.roleOf(userId, deciding, manager);
    // An agent may withdraw a quote it made for a producer; accepting or declining is the producer's own (by SMS).
    if (!role && side === 'offerer' && (await this.access.actsFor(userId, [deciding], manager))) {
      await this.access.assertCanAct(userId, deciding, { minRole: 'manager', agentMay: true, manager });
      if (offer.status !== 'pending') throw new ProblemException(HttpStatus.CONFLICT, 'offer-not-pending', `This offer is already ${offer.status}`);
      return offer;
    }
    if (!role && (await this.access.actsFor(userId, [deciding], manager))) {
      throw new ProblemException(HttpStatus.FORBIDDEN, 'producer-decides', 'The producer accepts or declines offers themselves (by SMS); an agent cannot');
    }
    if (!role) {
      throw new ProblemException(
        HttpStatus.FORBIDDEN,
        'wrong-side',
        side === 'receiver'
          ? `Only the ${deciding === offer.buyer_organization_id ? 'buyer' : 'seller'} can accept, counter or reject this ${offer.previous_offer_id ? 'counter-offer' : offer.kind}`
          : `Only the organization that made this ${offer.previous_offer_id ? 'counter-offer' : offer.kind} can withdraw it`,
      );
    }
    await this.access.assertCanAct(userId, deciding, { minRole: 'manager', manager });
    if (offer.status === 'countered') {
      throw new ProblemException(
        HttpStatus.CONFLICT,
        'offer-not-pending',
        `This offer was countered by offer ${offer.countered_by_offer_id}; only the latest offer of a negotiation can be accepted`,
      );
    }
    if (offer.status !== 'pending') throw new ProblemException(HttpStatus.CONFLICT, 'offer-not-pending', `This offer is already ${offer.status}`);
    return offer;
  }

  /** The current offers of a pooled order (the latest of each negotiation thread), in line order (offers_group_idx). */
  async currentOffersOfGroup(groupId: string, manager: EntityManager | DataSource = this.dataSource): Promise<OfferDto[]> {
    const rows = (await manager.query(
      `SELECT ${OFFER_COLUMNS} FROM offers o
       WHERE o.group_id = $1 AND NOT EXISTS (SELECT 1 FROM offers c WHERE c.previous_offer_id = o.id)
       ORDER BY o.group_line_no`,
      [groupId],
    )) as OfferRow[];
    return this.toDtos(rows, manager);
  }

  /**
   * Pending offers past expires_at become expired (offers_expiry_idx); safe to run twice at once.
   * The side that let one expire has its responsiveness republished (reputation_refreshes).
   */
  async expireDue(): Promise<number> {
    const [{ n }] = (await this.dataSource.query(
      `WITH expired AS (
         UPDATE offers SET status = 'expired', updated_at = now()
         WHERE id IN (SELECT id FROM offers WHERE status = 'pending' AND expires_at <= now() LIMIT 5000 FOR UPDATE SKIP LOCKED)
         RETURNING CASE WHEN organization_id = buyer_organization_id THEN seller_organization_id ELSE buyer_organization_id END AS receiver
       ), queued AS (
         INSERT INTO reputation_refreshes (organization_id) SELECT DISTINCT receiver FROM expired ON CONFLICT DO NOTHING
       )
       SELECT count(*)::int AS n FROM expired`,
    )) as Array<{ n: number }>;
    return n;
  }

  /** viewer: the caller's organizations; on an offer where none of them is a side, only their own lines show (a cooperative's member firm). */
  private async toDtos(rows: OfferRow[], db: EntityManager | DataSource = this.dataSource, viewer?: Set<string>): Promise<OfferDto[]> {
    if (rows.length === 0) return [];
    const lines = (await db.query('SELECT * FROM offer_lines WHERE offer_id = ANY($1::uuid[]) ORDER BY offer_id, line_no', [
      rows.map((r) => r.id),
    ])) as LineRow[];
    const agents = await this.parties.names(rows.flatMap((r) => (r.agent_organization_id ? [r.agent_organization_id] : [])));
    return rows.map((r) => {
      const ownLinesOnly = viewer !== undefined && !viewer.has(r.buyer_organization_id) && !viewer.has(r.seller_organization_id);
      const mine = lines.filter((l) => l.offer_id === r.id && (!ownLinesOnly || viewer.has(l.organization_id)));
      return {
        id: r.id,
        kind: r.kind,
        status: r.status === 'pending' && r.expires_at <= new Date() ? 'expired' : r.status,
        organizationId: r.organization_id,
        buyerOrganizationId: r.buyer_organization_id,
        sellerOrganizationId: r.seller_organization_id,
        demandId: r.demand_id,
        listingId: r.listing_id,
        productCode: r.product_code,
        unit: r.unit,
        quantity: fromThousandths(mine.reduce((sum, l) => sum + toThousandths(l.quantity), 0n)),
        lines: mine.map((l) => ({
          listingId: l.listing_id,
          organizationId: l.organization_id,
          quantity: normalizeQuantity(l.quantity),
          unitPrice: { amount: l.unit_price_amount, currency: l.unit_price_currency },
        })),
        deliverBy: r.deliver_by?.toISOString() ?? null,
        note: r.note,
        expiresAt: r.expires_at.toISOString(),
        dealId: r.deal_id,
        agent: actingAgent(r.agent_organization_id, agents),
        previousOfferId: r.previous_offer_id,
        counteredByOfferId: r.countered_by_offer_id,
        groupId: r.group_id,
        groupLineNo: r.group_line_no,
        ownLinesOnly,
        createdAt: r.created_at.toISOString(),
      };
    });
  }
}

import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { OrganizationAccessService } from '@psar/identity';
import { checkFuture, checkPositiveAmount, checkWholeQuantities, fromThousandths, MarketCatalog, normalizeQuantity, toThousandths } from '@psar/listings';
import { type Currency, FieldError, ProblemException, ValidationProblem } from '@psar/platform';
import { DataSource, EntityManager } from 'typeorm';
import { OffersService } from '../offers/offers.service';
import type { AddOfferGroupLineDto, CreateOfferGroupDto, OfferGroupLineInputDto } from './dto/create-offer-group.dto';
import type { OfferGroupDto } from './dto/offer-group.dto';
import { groupProgress } from './group-progress';

interface GroupRow {
  id: string;
  buyer_organization_id: string;
  demand_id: string | null;
  product_code: string;
  unit: string;
  quantity_asked: string;
  created_at: Date;
  cancelled_at: Date | null;
  demand_quantity: string | null;
}

interface ListingRow {
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
}

const GROUP_COLUMNS = `g.id, g.buyer_organization_id, g.demand_id, g.product_code, g.unit, g.quantity_asked, g.created_at, g.cancelled_at,
  (SELECT d.quantity FROM demands d WHERE d.id = g.demand_id) AS demand_quantity`;

const notFound = () => new ProblemException(HttpStatus.NOT_FOUND, 'not-found', 'No such offer group');

/**
 * Pooled orders: a buyer orders a pooled match in one step, one order offer per producer.
 * Each producer sees and answers only its own offer (OffersService, as any order); accepting
 * reserves from that producer's listing as any accept does. The group is the buyer's view.
 */
@Injectable()
export class OfferGroupsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: OrganizationAccessService,
    private readonly catalog: MarketCatalog,
    private readonly offers: OffersService,
  ) {}

  /** The group and its offers in one transaction: any bad line and nothing is written. */
  async create(userId: string, dto: CreateOfferGroupDto): Promise<OfferGroupDto> {
    await this.access.assertCanAct(userId, dto.organizationId, { minRole: 'manager', capability: 'buy' });
    const id = await this.dataSource.transaction(async (manager) => {
      const errors: FieldError[] = [];
      let demand: { id: string; organization_id: string; product_code: string; status: string; needed_by: Date } | undefined;
      if (dto.demandId) {
        [demand] = (await manager.query('SELECT id, organization_id, product_code, status, needed_by FROM demands WHERE id = $1', [dto.demandId])) as Array<
          NonNullable<typeof demand>
        >;
        if (!demand) errors.push({ field: 'demandId', message: 'no such demand' });
        else if (demand.organization_id !== dto.organizationId) errors.push({ field: 'demandId', message: "the demand is not the ordering organization's" });
        else if (demand.status !== 'open') throw new ProblemException(HttpStatus.CONFLICT, 'demand-not-open', `This demand is ${demand.status}`);
      }
      if (dto.deliverBy) checkFuture('deliverBy', new Date(dto.deliverBy), errors);
      const listings = await this.checkLines(manager, dto.organizationId, demand?.product_code ?? null, dto.lines, new Set(), (i, f) => `lines[${i}].${f}`, errors);
      if (errors.length) throw new ValidationProblem(errors);

      const first = listings.get(dto.lines[0]!.listingId)!;
      const asked = fromThousandths(dto.lines.reduce((sum, l) => sum + toThousandths(l.quantity), 0n));
      const [group] = (await manager.query(
        `INSERT INTO offer_groups (buyer_organization_id, demand_id, product_code, unit, quantity_asked, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [dto.organizationId, demand?.id ?? null, first.product_code, first.unit, asked, userId],
      )) as Array<{ id: string }>;
      const neededBy = demand && demand.needed_by > new Date() ? demand.needed_by : null;
      const deliverBy = dto.deliverBy ? new Date(dto.deliverBy) : neededBy;
      for (const [i, line] of dto.lines.entries()) {
        await this.insertLine(manager, userId, { id: group!.id, lineNo: i + 1 }, dto.organizationId, demand?.id ?? null, listings.get(line.listingId)!, line, deliverBy, dto.note?.trim() || null);
      }
      return group!.id;
    });
    return this.get(userId, id);
  }

  /** The buyer's members only; anyone else, the producers included, gets 404. */
  async get(userId: string, id: string): Promise<OfferGroupDto> {
    const group = await this.readable(this.dataSource, userId, id, false);
    return this.toDto(group, this.dataSource);
  }

  /**
   * Adds a line (one more order) to an open group: when a producer declined, the buyer takes
   * the next-best listing of the match. Under the group's row lock, so two additions of one
   * listing cannot both land, and a cancel and an addition queue.
   */
  async addLine(userId: string, id: string, dto: AddOfferGroupLineDto): Promise<OfferGroupDto> {
    await this.dataSource.transaction(async (manager) => {
      const group = await this.readable(manager, userId, id, true);
      await this.access.assertCanAct(userId, group.buyer_organization_id, { minRole: 'manager', capability: 'buy', manager });
      if (group.cancelled_at) throw new ProblemException(HttpStatus.CONFLICT, 'offer-group-cancelled', 'This pooled order was cancelled; it takes no more lines');
      // Orders past their time become expired first, so their listing may be ordered again (offers_group_listing_once_idx).
      await manager.query(`UPDATE offers SET status = 'expired', updated_at = now() WHERE group_id = $1 AND status = 'pending' AND expires_at <= now()`, [id]);
      const current = await this.offers.currentOffersOfGroup(id, manager);
      const taken = new Set(current.filter((o) => o.status === 'pending' || o.status === 'accepted').map((o) => o.listingId!));
      const errors: FieldError[] = [];
      const listings = await this.checkLines(manager, group.buyer_organization_id, group.product_code, [dto], taken, (_i, f) => f, errors);
      if (errors.length) throw new ValidationProblem(errors);
      const original = current[0];
      await this.insertLine(
        manager,
        userId,
        { id, lineNo: Math.max(0, ...current.map((o) => o.groupLineNo ?? 0)) + 1 },
        group.buyer_organization_id,
        group.demand_id,
        listings.get(dto.listingId)!,
        dto,
        original?.deliverBy ? new Date(original.deliverBy) : null,
        original?.note ?? null,
      );
    });
    return this.get(userId, id);
  }

  /**
   * Cancels the rest: every still-pending offer of the group is withdrawn; accepted ones are
   * deals and stay. An accept racing with this waits on the offer's row lock: whichever commits
   * first wins, the other finds the offer no longer pending. Cancelling twice changes nothing.
   */
  async cancel(userId: string, id: string): Promise<OfferGroupDto> {
    await this.dataSource.transaction(async (manager) => {
      const group = await this.readable(manager, userId, id, true);
      await this.access.assertCanAct(userId, group.buyer_organization_id, { minRole: 'manager', capability: 'buy', manager });
      if (group.cancelled_at) return;
      await manager.query(
        `UPDATE offers SET status = 'withdrawn', decided_at = now(), decided_by = $2, updated_at = now() WHERE group_id = $1 AND status = 'pending'`,
        [id, userId],
      );
      await manager.query('UPDATE offer_groups SET cancelled_at = now(), cancelled_by = $2 WHERE id = $1', [id, userId]);
    });
    return this.get(userId, id);
  }

  private async readable(db: EntityManager | DataSource, userId: string, id: string, lock: boolean): Promise<GroupRow> {
    const [group] = (await db.query(`SELECT ${GROUP_COLUMNS} FROM offer_groups g WHERE g.id = $1${lock ? ' FOR UPDATE' : ''}`, [id])) as GroupRow[];
    const manager = db instanceof DataSource ? undefined : db;
    if (!group || !(await this.access.roleOf(userId, group.buyer_organization_id, manager))) throw notFound();
    return group;
  }

  /**
   * Each line: an active listing of another organization than the buyer, of the group's product
   * (the demand's, else the first line's), not twice, within the listing's minimum order and
   * what remains. Field errors collected; a listing short of quantity is 409 as for one order.
   */
  private async checkLines(
    manager: EntityManager,
    buyerId: string,
    productCode: string | null,
    lines: OfferGroupLineInputDto[],
    taken: Set<string>,
    field: (i: number, name: string) => string,
    errors: FieldError[],
  ): Promise<Map<string, ListingRow>> {
    const listings = new Map(
      (
        (await manager.query(
          `SELECT id, organization_id, product_code, unit, province_code, status, quantity_remaining, min_order_quantity, price_amount, price_currency
           FROM listings WHERE id = ANY($1::uuid[])`,
          [lines.map((l) => l.listingId)],
        )) as ListingRow[]
      ).map((l) => [l.id, l]),
    );
    const seen = new Set<string>();
    let product = productCode;
    const short: string[] = [];
    for (const [i, line] of lines.entries()) {
      const listing = listings.get(line.listingId);
      checkPositiveAmount(field(i, 'unitPrice.amount'), line.unitPrice?.amount, errors);
      if (seen.has(line.listingId)) {
        errors.push({ field: field(i, 'listingId'), message: 'the listing is in two lines; order each listing once' });
        continue;
      }
      seen.add(line.listingId);
      if (taken.has(line.listingId)) errors.push({ field: field(i, 'listingId'), message: 'the listing is already ordered in this group' });
      else if (!listing || !['active', 'sold_out', 'paused'].includes(listing.status)) errors.push({ field: field(i, 'listingId'), message: 'no such listing' });
      else if (listing.status !== 'active') errors.push({ field: field(i, 'listingId'), message: `the listing is ${listing.status}` });
      else if (listing.organization_id === buyerId) errors.push({ field: field(i, 'listingId'), message: "the listing is the buying organization's own" });
      else if (product && listing.product_code !== product) {
        errors.push({ field: field(i, 'listingId'), message: `the listing is of another product than ${productCode ? "the demand's" : 'the first line'} (${product})` });
      } else {
        product ??= listing.product_code;
        const catalogProduct = (await this.catalog.product(listing.product_code))!;
        const before = errors.length;
        checkWholeQuantities(catalogProduct, { [field(i, 'quantity')]: line.quantity }, errors);
        if (errors.length === before && listing.min_order_quantity && toThousandths(line.quantity) < toThousandths(listing.min_order_quantity)) {
          errors.push({ field: field(i, 'quantity'), message: `the listing's minimum order is ${normalizeQuantity(listing.min_order_quantity)} ${listing.unit}` });
        } else if (errors.length === before && toThousandths(line.quantity) > toThousandths(listing.quantity_remaining)) {
          short.push(`${field(i, 'quantity')}: only ${normalizeQuantity(listing.quantity_remaining)} ${listing.unit} remain on listing ${listing.id}`);
        }
      }
    }
    if (!errors.length && short.length) throw new ProblemException(HttpStatus.CONFLICT, 'insufficient-quantity', short.join('; '));
    return listings;
  }

  private insertLine(
    manager: EntityManager,
    userId: string,
    group: { id: string; lineNo: number },
    buyerId: string,
    demandId: string | null,
    listing: ListingRow,
    line: OfferGroupLineInputDto,
    deliverBy: Date | null,
    note: string | null,
  ): Promise<string> {
    return this.offers.insertOffer(manager, userId, {
      kind: 'order',
      demandId,
      listingId: listing.id,
      organizationId: buyerId,
      buyer: buyerId,
      seller: listing.organization_id,
      productCode: listing.product_code,
      unit: listing.unit,
      provinceCode: listing.province_code,
      deliverBy,
      note,
      lines: [
        {
          listingId: listing.id,
          organizationId: listing.organization_id,
          quantity: line.quantity,
          unitPrice: line.unitPrice ?? { amount: listing.price_amount, currency: listing.price_currency },
        },
      ],
      agent: null,
      group,
    });
  }

  private async toDto(group: GroupRow, db: EntityManager | DataSource): Promise<OfferGroupDto> {
    const offers = await this.offers.currentOffersOfGroup(group.id, db);
    const target = toThousandths(group.demand_quantity ?? group.quantity_asked);
    const p = groupProgress(target, offers.map((o) => ({ status: o.status, quantity: toThousandths(o.quantity) })));
    return {
      id: group.id,
      organizationId: group.buyer_organization_id,
      demandId: group.demand_id,
      productCode: group.product_code,
      unit: group.unit,
      status: group.cancelled_at ? 'cancelled' : 'open',
      offers,
      progress: {
        quantityTarget: fromThousandths(target),
        quantityAccepted: fromThousandths(p.accepted),
        quantityPending: fromThousandths(p.pending),
        quantityDeclined: fromThousandths(p.declined),
        quantityUncovered: fromThousandths(p.uncovered),
      },
      createdAt: group.created_at.toISOString(),
      cancelledAt: group.cancelled_at?.toISOString() ?? null,
    };
  }
}

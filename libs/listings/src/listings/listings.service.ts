import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AuthenticatedUser } from '@psar/identity';
import { cardsById, type OrganizationCard, organizationCardSql, OrganizationAccessService, OrganizationDirectory } from '@psar/identity';
import { ownerPhotosSql, PhotosService, type PhotoDto } from '@psar/media';
import { type Currency, FieldError, OutboxService, Page, ProblemException, ReadReplicas, searchableTextOrNull, ValidationProblem } from '@psar/platform';
import { DataSource, EntityManager } from 'typeorm';
import { actingAgent } from '../agents/dto/acting-agent.dto';
import { LISTING_PUBLISHED, LISTING_UPDATED, type ListingEventPayload } from '../market-events';
import { isTooFarAhead } from '../market/market-fields';
import { MarketCatalog } from '../market/market-catalog.service';
import { checkFuture, checkNotAbove, checkPositiveAmount, checkWholeQuantities } from '../market/market-rules';
import { fromThousandths, normalizeQuantity, toThousandths } from '../quantity/quantity';
import { MarketSearch } from '../search/market-search.service';
import type { PriceBound, SearchRowKeys, SearchTable } from '../search/search-sql';
import type { CreateListingDto } from './dto/create-listing.dto';
import type { ListingDto } from './dto/listing.dto';
import type { SearchListingsQuery } from './dto/search-listings.query';
import type { UpdateListingDto } from './dto/update-listing.dto';
import { VISIBLE_LISTING_STATUSES, type ListingStatus } from './listing.entity';

export const LISTING_COLUMNS = `t.id, t.organization_id, t.product_code, t.value_chain_code, t.title, t.description, t.quantity,
  t.quantity_remaining, t.min_order_quantity, t.unit, t.price_amount, t.price_currency, t.quality_grade, t.grade_rank,
  t.province_code, t.lat, t.lng, t.location_precise, t.available_from, t.available_until, t.status, t.created_at, t.updated_at,
  t.agent_organization_id, t.acted_by_user_id`;

export interface ListingRow {
  id: string;
  organization_id: string;
  product_code: string;
  value_chain_code: string;
  title: string;
  description: string | null;
  quantity: string;
  quantity_remaining: string;
  min_order_quantity: string | null;
  unit: string;
  price_amount: string;
  price_currency: Currency;
  quality_grade: string | null;
  grade_rank: number | null;
  province_code: string;
  lat: number;
  lng: number;
  location_precise: boolean;
  available_from: Date;
  available_until: Date | null;
  status: ListingStatus;
  created_at: Date;
  updated_at: Date;
  /** Set when an agent posted it for the seller. */
  agent_organization_id: string | null;
  acted_by_user_id: string | null;
  distance_km?: number | null;
}

export const LISTINGS_TABLE: SearchTable = {
  name: 'listings',
  // Must read exactly as the partial indexes' predicate (migration).
  visible: `status = 'active'`,
  provinceColumn: 'province_code',
  quantityColumn: 'quantity_remaining',
  priceAmountColumn: 'price_amount',
  priceCurrencyColumn: 'price_currency',
  priceOrder: 'asc',
  columns: LISTING_COLUMNS,
  // The page's photos and organizations in the search statement itself: no look-ups per page.
  pageColumns: (alias) =>
    `${ownerPhotosSql('listing', `${alias}.id`)} AS photos, ${organizationCardSql(`${alias}.organization_id`)} AS seller, ` +
    `${organizationCardSql(`${alias}.agent_organization_id`)} AS agent`,
};

const notFound = () => new ProblemException(HttpStatus.NOT_FOUND, 'not-found', 'No such listing');

@Injectable()
export class ListingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly catalog: MarketCatalog,
    private readonly access: OrganizationAccessService,
    private readonly directory: OrganizationDirectory,
    private readonly outbox: OutboxService,
    private readonly market: MarketSearch,
    private readonly photos: PhotosService,
    private readonly replicas: ReadReplicas,
  ) {}

  async create(userId: string, dto: CreateListingDto): Promise<ListingDto> {
    // An agent with the producer's consent may post for them (checked again, locked, in the transaction).
    const acting = await this.access.assertCanAct(userId, dto.organizationId, { minRole: 'manager', capability: 'sell', agentMay: true });
    const errors: FieldError[] = [];
    const checked = await this.catalog.checkProduct(dto, errors);
    const province = await this.catalog.province(dto.provinceCode);
    if (!province) errors.push({ field: 'provinceCode', message: `no province has the code ${dto.provinceCode}` });
    const availableFrom = dto.availableFrom ? new Date(dto.availableFrom) : new Date();
    const availableUntil = dto.availableUntil ? new Date(dto.availableUntil) : null;
    if (isTooFarAhead(availableFrom)) errors.push({ field: 'availableFrom', message: 'availableFrom must be within 5 years' });
    checkFuture('availableUntil', availableUntil, errors);
    if (availableUntil && availableUntil <= availableFrom) errors.push({ field: 'availableUntil', message: 'availableUntil must be after availableFrom' });
    checkPositiveAmount('price.amount', dto.price.amount, errors);
    checkNotAbove('minOrderQuantity', dto.minOrderQuantity, 'quantity', dto.quantity, errors);
    if (checked) checkWholeQuantities(checked.product, { quantity: dto.quantity, minOrderQuantity: dto.minOrderQuantity }, errors);
    if (errors.length || !checked || !province) throw new ValidationProblem(errors);

    const row = await this.dataSource.transaction(async (manager) => {
      // Under the mandate's share lock to the commit: a withdrawal committed first refuses this post.
      const agent = acting.agent
        ? (await this.access.assertCanAct(userId, dto.organizationId, { minRole: 'manager', capability: 'sell', agentMay: true, manager })).agent
        : undefined;
      const [inserted] = (await manager.query(
        `INSERT INTO listings AS t (organization_id, created_by, product_code, value_chain_code, title, description, search_terms,
           quantity, quantity_remaining, min_order_quantity, unit, price_amount, price_currency, quality_grade, grade_rank,
           province_code, lat, lng, location_precise, available_from, available_until, search_title, search_description,
           agent_organization_id, acted_by_user_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20,
           $21, $22, $23, $24)
         RETURNING ${LISTING_COLUMNS}`,
        [
          dto.organizationId,
          userId,
          checked.product.code,
          checked.product.valueChainCode,
          dto.title.trim(),
          dto.description?.trim() || null,
          this.catalog.searchTerms(checked.product),
          dto.quantity,
          dto.minOrderQuantity ?? null,
          dto.unit,
          dto.price.amount,
          dto.price.currency,
          dto.qualityGrade ?? null,
          checked.gradeRank,
          dto.provinceCode,
          dto.location?.lat ?? province.lat,
          dto.location?.lng ?? province.lng,
          dto.location !== undefined,
          availableFrom,
          availableUntil,
          searchableTextOrNull(dto.title.trim()),
          searchableTextOrNull(dto.description?.trim() || null),
          agent?.organizationId ?? null,
          agent ? userId : null,
        ],
      )) as ListingRow[];
      const payload: ListingEventPayload = { listingId: inserted!.id, organizationId: dto.organizationId, productCode: checked.product.code };
      if (agent) payload.agentOrganizationId = agent.organizationId;
      await this.outbox.record(manager, LISTING_PUBLISHED, payload);
      return inserted!;
    });
    return (await this.toDtos([row]))[0]!;
  }

  /** Public while visible; paused, expired and closed ones only for the owner's members. */
  async get(user: AuthenticatedUser | undefined, id: string): Promise<ListingDto> {
    const [row] = await this.replicas.query<ListingRow>(`SELECT ${LISTING_COLUMNS} FROM listings t WHERE t.id = $1`, [id], { reader: user });
    if (!row) throw notFound();
    if (!VISIBLE_LISTING_STATUSES.includes(row.status)) {
      const role = user ? await this.access.roleOf(user.id, row.organization_id) : null;
      if (!role && !(user && (await this.access.actsFor(user.id, [row.organization_id])))) throw notFound();
    }
    return (await this.toDtos([row]))[0]!;
  }

  async search(user: AuthenticatedUser | undefined, query: SearchListingsQuery): Promise<Page<ListingDto>> {
    const currency = query.currency ?? 'KHR';
    const prices: PriceBound[] = [];
    if (query.maxPrice) prices.push({ amount: query.maxPrice, currency, bound: 'max' });
    if (query.minPrice) prices.push({ amount: query.minPrice, currency, bound: 'min' });
    const criteria = await this.market.criteria(user, LISTINGS_TABLE, query, prices);
    if (!criteria) return { items: [], nextCursor: null };
    const page = await this.market.run<ListingRow & SearchRowKeys & { photos: unknown; seller: OrganizationCard | null; agent: OrganizationCard | null }>(
      LISTINGS_TABLE,
      criteria,
      user,
    );
    const cards = cardsById(page.items.flatMap((r) => [r.seller, r.agent]));
    return {
      items: page.items.map((r) => toListingDto(r, cards, this.photos.photosFrom(r.photos))),
      nextCursor: page.nextCursor,
    };
  }

  /**
   * Owner or manager of the seller. Another organization's user gets 404, as if the
   * listing were not there. Runs under the row lock, so a reservation (offers) and an
   * edit of the quantity never interleave.
   */
  async update(userId: string, id: string, dto: UpdateListingDto): Promise<ListingDto> {
    const row = await this.dataSource.transaction(async (manager) => {
      const current = await this.lockForChange(manager, userId, id);
      if (current.status === 'closed') throw new ProblemException(HttpStatus.CONFLICT, 'closed', 'This listing is closed; post a new one');

      const errors: FieldError[] = [];
      const product = (await this.catalog.product(current.product_code))!;
      const next = {
        title: dto.title?.trim() ?? current.title,
        description: dto.description === undefined ? current.description : dto.description?.trim() || null,
        quantity: dto.quantity ?? normalizeQuantity(current.quantity),
        minOrderQuantity:
          dto.minOrderQuantity === undefined ? current.min_order_quantity && normalizeQuantity(current.min_order_quantity) : dto.minOrderQuantity,
        priceAmount: dto.price?.amount ?? current.price_amount,
        priceCurrency: dto.price?.currency ?? current.price_currency,
        qualityGrade: dto.qualityGrade === undefined ? current.quality_grade : dto.qualityGrade,
        gradeRank: current.grade_rank,
        provinceCode: dto.provinceCode ?? current.province_code,
        lat: current.lat,
        lng: current.lng,
        locationPrecise: current.location_precise,
        availableFrom: dto.availableFrom ? new Date(dto.availableFrom) : current.available_from,
        availableUntil: dto.availableUntil === undefined ? current.available_until : dto.availableUntil ? new Date(dto.availableUntil) : null,
      };
      if (dto.qualityGrade !== undefined) {
        next.gradeRank = (await this.catalog.checkProduct({ productCode: product.code, qualityGrade: dto.qualityGrade }, errors))?.gradeRank ?? null;
      }
      if (dto.provinceCode !== undefined || dto.location !== undefined) {
        const province = await this.catalog.province(next.provinceCode);
        if (!province) errors.push({ field: 'provinceCode', message: `no province has the code ${next.provinceCode}` });
        const keepPoint = dto.location === undefined && current.location_precise && dto.provinceCode === undefined;
        next.locationPrecise = dto.location ? true : keepPoint;
        next.lat = dto.location?.lat ?? (keepPoint ? current.lat : (province?.lat ?? current.lat));
        next.lng = dto.location?.lng ?? (keepPoint ? current.lng : (province?.lng ?? current.lng));
      }
      if (dto.availableUntil) checkFuture('availableUntil', next.availableUntil, errors);
      if (dto.availableFrom && isTooFarAhead(next.availableFrom)) errors.push({ field: 'availableFrom', message: 'availableFrom must be within 5 years' });
      if (next.availableUntil && next.availableUntil <= next.availableFrom) {
        errors.push({ field: 'availableUntil', message: 'availableUntil must be after availableFrom' });
      }
      checkPositiveAmount('price.amount', dto.price?.amount, errors);
      checkNotAbove('minOrderQuantity', next.minOrderQuantity, 'quantity', next.quantity, errors);
      checkWholeQuantities(product, { quantity: dto.quantity, minOrderQuantity: dto.minOrderQuantity }, errors);
      if (errors.length) throw new ValidationProblem(errors);

      const reserved = toThousandths(current.quantity) - toThousandths(current.quantity_remaining);
      const remaining = toThousandths(next.quantity) - reserved;
      if (remaining < 0n) {
        throw new ProblemException(
          HttpStatus.CONFLICT,
          'already-reserved',
          `${fromThousandths(reserved)} ${current.unit} are already reserved by accepted offers; quantity cannot be less`,
        );
      }
      const status = this.nextStatus(current, dto.status, remaining, next.availableUntil);

      const [updated] = (await manager.query(
        `UPDATE listings t SET title = $2, description = $3, quantity = $4, quantity_remaining = $5, min_order_quantity = $6,
           price_amount = $7, price_currency = $8, quality_grade = $9, grade_rank = $10, province_code = $11, lat = $12, lng = $13,
           location_precise = $14, available_from = $15, available_until = $16, status = $17, updated_at = now(),
           search_title = $18, search_description = $19
         WHERE t.id = $1 RETURNING ${LISTING_COLUMNS}`,
        [
          id,
          next.title,
          next.description,
          next.quantity,
          fromThousandths(remaining),
          next.minOrderQuantity,
          next.priceAmount,
          next.priceCurrency,
          next.qualityGrade,
          next.gradeRank,
          next.provinceCode,
          next.lat,
          next.lng,
          next.locationPrecise,
          next.availableFrom,
          next.availableUntil,
          status,
          searchableTextOrNull(next.title),
          searchableTextOrNull(next.description),
        ],
      )) as [ListingRow[], number];
      const row = updated[0]!;
      const matchable =
        dto.quantity !== undefined ||
        dto.minOrderQuantity !== undefined ||
        dto.price !== undefined ||
        dto.qualityGrade !== undefined ||
        dto.provinceCode !== undefined ||
        dto.location !== undefined ||
        dto.availableFrom !== undefined ||
        dto.availableUntil !== undefined ||
        current.status !== status;
      if (status === 'active' && matchable) {
        const payload: ListingEventPayload = { listingId: id, organizationId: row.organization_id, productCode: row.product_code };
        await this.outbox.record(manager, LISTING_UPDATED, payload);
      }
      return row;
    });
    return (await this.toDtos([row]))[0]!;
  }

  /** Closing is final (offers and deals keep pointing at the listing); closing twice is fine. */
  async close(userId: string, id: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.lockForChange(manager, userId, id);
      await manager.query(`UPDATE listings SET status = 'closed', updated_at = now() WHERE id = $1 AND status <> 'closed'`, [id]);
    });
  }

  private nextStatus(current: ListingRow, requested: 'active' | 'paused' | undefined, remaining: bigint, availableUntil: Date | null): ListingStatus {
    let status: ListingStatus = current.status;
    if (requested === 'paused') {
      if (current.status === 'expired') {
        throw new ProblemException(HttpStatus.CONFLICT, 'expired', 'This listing has expired; extend availableUntil and set it active');
      }
      status = 'paused';
    } else if (requested === 'active') {
      status = 'active';
    }
    if ((status === 'active' || status === 'sold_out') && availableUntil && availableUntil <= new Date()) {
      throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'expired', 'availableUntil is past: extend it to make the listing active');
    }
    // Sold out follows what is left.
    if (status === 'active' || status === 'sold_out') status = remaining === 0n ? 'sold_out' : 'active';
    return status;
  }

  /** The row, locked, if the user may change it: 404 for outsiders, 403 for plain members. */
  private async lockForChange(manager: EntityManager, userId: string, id: string): Promise<ListingRow> {
    const [row] = (await manager.query(`SELECT ${LISTING_COLUMNS} FROM listings t WHERE t.id = $1 FOR UPDATE`, [id])) as ListingRow[];
    if (!row) throw notFound();
    await this.access.assertCanAct(userId, row.organization_id, { minRole: 'manager', private: true, agentMay: true, manager, field: 'id' });
    return row;
  }

  /**
   * Owners and managers of the seller may add, order and remove its photos (404 for
   * another organization's user, as for edits); not on a closed listing.
   */
  async assertCanChangePhotos(userId: string, id: string): Promise<void> {
    const [row] = (await this.dataSource.query('SELECT organization_id, status FROM listings WHERE id = $1', [id])) as Array<
      Pick<ListingRow, 'organization_id' | 'status'>
    >;
    if (!row) throw notFound();
    await this.access.assertCanAct(userId, row.organization_id, { minRole: 'manager', private: true, agentMay: true, field: 'id' });
    if (row.status === 'closed') throw new ProblemException(HttpStatus.CONFLICT, 'closed', 'This listing is closed; post a new one');
  }

  async toDtos(rows: ListingRow[]): Promise<ListingDto[]> {
    // Independent look-ups: at once, so a page costs one round trip after the search, not two.
    const [traits, photos] = await Promise.all([
      this.directory.traits(organizationIdsOf(rows)),
      this.photos.ofOwners('listing', rows.map((r) => r.id)),
    ]);
    return rows.map((r) => toListingDto(r, traits, photos.get(r.id)?.photos ?? []));
  }
}

/** The sellers and the agents of these rows, whose names the DTOs show. */
function organizationIdsOf(rows: ListingRow[]): string[] {
  return [...new Set(rows.flatMap((r) => (r.agent_organization_id ? [r.organization_id, r.agent_organization_id] : [r.organization_id])))];
}

export function toListingDto(r: ListingRow, names: ReadonlyMap<string, Omit<OrganizationCard, 'id'>>, photos: PhotoDto[] = []): ListingDto {
  const traits = names.get(r.organization_id);
  const dto: ListingDto = {
    id: r.id,
    organizationId: r.organization_id,
    organization: { id: r.organization_id, name: traits?.name ?? '', verified: traits?.verified ?? false },
    productCode: r.product_code,
    valueChainCode: r.value_chain_code,
    title: r.title,
    description: r.description,
    quantity: normalizeQuantity(r.quantity),
    quantityRemaining: normalizeQuantity(r.quantity_remaining),
    minOrderQuantity: r.min_order_quantity === null ? null : normalizeQuantity(r.min_order_quantity),
    unit: r.unit,
    price: { amount: r.price_amount, currency: r.price_currency },
    qualityGrade: r.quality_grade,
    provinceCode: r.province_code,
    location: r.location_precise ? { lat: r.lat, lng: r.lng } : null,
    availableFrom: r.available_from.toISOString(),
    availableUntil: r.available_until?.toISOString() ?? null,
    status: r.status,
    photos,
    agent: actingAgent(r.agent_organization_id, names),
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
  if (r.distance_km !== undefined && r.distance_km !== null) dto.distanceKm = Math.round(r.distance_km * 10) / 10;
  return dto;
}

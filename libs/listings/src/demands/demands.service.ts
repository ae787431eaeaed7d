import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AuthenticatedUser } from '@psar/identity';
import { type OrganizationCard, organizationCardSql, OrganizationAccessService, OrganizationDirectory } from '@psar/identity';
import { type Currency, FieldError, OutboxService, Page, ProblemException, ReadReplicas, searchableTextOrNull, ValidationProblem } from '@psar/platform';
import { DataSource, EntityManager } from 'typeorm';
import { DEMAND_PUBLISHED, DEMAND_UPDATED, type DemandEventPayload } from '../market-events';
import { MarketCatalog } from '../market/market-catalog.service';
import { checkFuture, checkPositiveAmount, checkWholeQuantities } from '../market/market-rules';
import { normalizeQuantity } from '../quantity/quantity';
import { MarketSearch } from '../search/market-search.service';
import type { SearchRowKeys, SearchTable } from '../search/search-sql';
import { VISIBLE_DEMAND_STATUSES, type DemandStatus } from './demand.entity';
import type { CreateDemandDto } from './dto/create-demand.dto';
import type { DemandDto } from './dto/demand.dto';
import type { SearchDemandsQuery } from './dto/search-demands.query';
import type { UpdateDemandDto } from './dto/update-demand.dto';

export const DEMAND_COLUMNS = `t.id, t.organization_id, t.product_code, t.value_chain_code, t.description, t.quantity, t.unit,
  t.max_price_amount, t.max_price_currency, t.quality_grade, t.grade_rank, t.delivery_province_code, t.lat, t.lng,
  t.location_precise, t.needed_by, t.allow_pooled, t.status, t.quotes_wanted, t.quotes_until, t.quotes_received, t.quotes_closed_at, t.created_at, t.updated_at`;

export interface DemandRow {
  id: string;
  organization_id: string;
  product_code: string;
  value_chain_code: string;
  description: string | null;
  quantity: string;
  unit: string;
  max_price_amount: string | null;
  max_price_currency: Currency | null;
  quality_grade: string | null;
  grade_rank: number | null;
  delivery_province_code: string;
  lat: number;
  lng: number;
  location_precise: boolean;
  needed_by: Date;
  allow_pooled: boolean;
  status: DemandStatus;
  quotes_wanted: number | null;
  quotes_until: Date | null;
  quotes_received: number;
  quotes_closed_at: Date | null;
  created_at: Date;
  updated_at: Date;
  distance_km?: number | null;
}

export const DEMANDS_TABLE: SearchTable = {
  name: 'demands',
  // Must read exactly as the partial indexes' predicate (migration).
  visible: `status = 'open'`,
  provinceColumn: 'delivery_province_code',
  quantityColumn: 'quantity',
  priceAmountColumn: 'max_price_amount',
  priceCurrencyColumn: 'max_price_currency',
  priceOrder: 'desc',
  columns: DEMAND_COLUMNS,
  // The buyer's name in the search statement itself: no look-up per page.
  pageColumns: (alias) => `${organizationCardSql(`${alias}.organization_id`)} AS buyer`,
};

const notFound = () => new ProblemException(HttpStatus.NOT_FOUND, 'not-found', 'No such demand');

@Injectable()
export class DemandsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly catalog: MarketCatalog,
    private readonly access: OrganizationAccessService,
    private readonly directory: OrganizationDirectory,
    private readonly outbox: OutboxService,
    private readonly market: MarketSearch,
    private readonly replicas: ReadReplicas,
  ) {}

  async create(userId: string, dto: CreateDemandDto): Promise<DemandDto> {
    await this.access.assertCanAct(userId, dto.organizationId, { minRole: 'manager', capability: 'buy' });
    const errors: FieldError[] = [];
    const checked = await this.catalog.checkProduct(dto, errors);
    const province = await this.catalog.province(dto.deliveryProvinceCode);
    if (!province) errors.push({ field: 'deliveryProvinceCode', message: `no province has the code ${dto.deliveryProvinceCode}` });
    const neededBy = new Date(dto.neededBy);
    checkFuture('neededBy', neededBy, errors);
    checkPositiveAmount('maxPrice.amount', dto.maxPrice?.amount, errors);
    if (dto.quotesUntil) checkFuture('quotesUntil', new Date(dto.quotesUntil), errors);
    if (checked) checkWholeQuantities(checked.product, { quantity: dto.quantity }, errors);
    if (errors.length || !checked || !province) throw new ValidationProblem(errors);

    const row = await this.dataSource.transaction(async (manager) => {
      const [inserted] = (await manager.query(
        `INSERT INTO demands AS t (organization_id, created_by, product_code, value_chain_code, description, search_terms, quantity, unit,
           max_price_amount, max_price_currency, quality_grade, grade_rank, delivery_province_code, lat, lng, location_precise,
           needed_by, allow_pooled, search_description, quotes_wanted, quotes_until)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)
         RETURNING ${DEMAND_COLUMNS}`,
        [
          dto.organizationId,
          userId,
          checked.product.code,
          checked.product.valueChainCode,
          dto.description?.trim() || null,
          this.catalog.searchTerms(checked.product),
          dto.quantity,
          dto.unit,
          dto.maxPrice?.amount ?? null,
          dto.maxPrice?.currency ?? null,
          dto.qualityGrade ?? null,
          checked.gradeRank,
          dto.deliveryProvinceCode,
          dto.deliveryLocation?.lat ?? province.lat,
          dto.deliveryLocation?.lng ?? province.lng,
          dto.deliveryLocation !== undefined,
          neededBy,
          dto.allowPooled ?? true,
          searchableTextOrNull(dto.description?.trim() || null),
          dto.quotesWanted ?? null,
          dto.quotesUntil ? new Date(dto.quotesUntil) : null,
        ],
      )) as DemandRow[];
      const payload: DemandEventPayload = { demandId: inserted!.id, organizationId: dto.organizationId, productCode: checked.product.code };
      await this.outbox.record(manager, DEMAND_PUBLISHED, payload);
      return inserted!;
    });
    return (await this.toDtos([row]))[0]!;
  }

  async get(user: AuthenticatedUser | undefined, id: string): Promise<DemandDto> {
    return (await this.toDtos([await this.findVisible(user, id)]))[0]!;
  }

  /** The row if `user` may see it: public while open or fulfilled, else only for the owner's members. */
  async findVisible(user: AuthenticatedUser | undefined, id: string): Promise<DemandRow> {
    const [row] = await this.replicas.query<DemandRow>(`SELECT ${DEMAND_COLUMNS} FROM demands t WHERE t.id = $1`, [id], { reader: user });
    if (!row) throw notFound();
    if (!VISIBLE_DEMAND_STATUSES.includes(row.status)) {
      const role = user ? await this.access.roleOf(user.id, row.organization_id) : null;
      if (!role) throw notFound();
    }
    return row;
  }

  async search(user: AuthenticatedUser | undefined, query: SearchDemandsQuery): Promise<Page<DemandDto>> {
    const prices = query.minPrice ? [{ amount: query.minPrice, currency: query.currency ?? 'KHR', bound: 'min' as const }] : undefined;
    const criteria = await this.market.criteria(user, DEMANDS_TABLE, query, prices);
    if (!criteria) return { items: [], nextCursor: null };
    const page = await this.market.run<DemandRow & SearchRowKeys & { buyer: OrganizationCard | null }>(DEMANDS_TABLE, criteria, user);
    return { items: page.items.map((r) => toDemandDto(r, r.buyer ?? undefined)), nextCursor: page.nextCursor };
  }

  async update(userId: string, id: string, dto: UpdateDemandDto): Promise<DemandDto> {
    const row = await this.dataSource.transaction(async (manager) => {
      const current = await this.lockForChange(manager, userId, id);
      if (current.status === 'closed' || current.status === 'fulfilled') {
        throw new ProblemException(HttpStatus.CONFLICT, current.status, `This demand is ${current.status}; post a new one`);
      }
      const errors: FieldError[] = [];
      const product = (await this.catalog.product(current.product_code))!;
      const next = {
        quantity: dto.quantity ?? current.quantity,
        maxPriceAmount: dto.maxPrice === undefined ? current.max_price_amount : (dto.maxPrice?.amount ?? null),
        maxPriceCurrency: dto.maxPrice === undefined ? current.max_price_currency : (dto.maxPrice?.currency ?? null),
        qualityGrade: dto.qualityGrade === undefined ? current.quality_grade : dto.qualityGrade,
        gradeRank: current.grade_rank,
        deliveryProvinceCode: dto.deliveryProvinceCode ?? current.delivery_province_code,
        lat: current.lat,
        lng: current.lng,
        locationPrecise: current.location_precise,
        neededBy: dto.neededBy ? new Date(dto.neededBy) : current.needed_by,
        allowPooled: dto.allowPooled ?? current.allow_pooled,
        description: dto.description === undefined ? current.description : dto.description?.trim() || null,
        quotesWanted: dto.quotesWanted === undefined ? current.quotes_wanted : dto.quotesWanted,
        quotesUntil: dto.quotesUntil === undefined ? current.quotes_until : dto.quotesUntil === null ? null : new Date(dto.quotesUntil),
      };
      if (dto.quotesWanted != null && dto.quotesWanted < current.quotes_received) {
        errors.push({ field: 'quotesWanted', message: `${current.quotes_received} quotes were received already` });
      }
      if (dto.quotesUntil) checkFuture('quotesUntil', next.quotesUntil!, errors);
      if (dto.qualityGrade !== undefined) {
        next.gradeRank = (await this.catalog.checkProduct({ productCode: product.code, qualityGrade: dto.qualityGrade }, errors))?.gradeRank ?? null;
      }
      if (dto.deliveryProvinceCode !== undefined || dto.deliveryLocation !== undefined) {
        const province = await this.catalog.province(next.deliveryProvinceCode);
        if (!province) errors.push({ field: 'deliveryProvinceCode', message: `no province has the code ${next.deliveryProvinceCode}` });
        const keepPoint = dto.deliveryLocation === undefined && current.location_precise && dto.deliveryProvinceCode === undefined;
        next.locationPrecise = dto.deliveryLocation ? true : keepPoint;
        next.lat = dto.deliveryLocation?.lat ?? (keepPoint ? current.lat : (province?.lat ?? current.lat));
        next.lng = dto.deliveryLocation?.lng ?? (keepPoint ? current.lng : (province?.lng ?? current.lng));
      }
      if (dto.neededBy) checkFuture('neededBy', next.neededBy, errors);
      checkPositiveAmount('maxPrice.amount', dto.maxPrice?.amount, errors);
      checkWholeQuantities(product, { quantity: dto.quantity }, errors);
      if (errors.length) throw new ValidationProblem(errors);

      let status: DemandStatus = current.status;
      if (dto.status === 'paused') {
        if (current.status === 'expired') {
          throw new ProblemException(HttpStatus.CONFLICT, 'expired', 'This demand has expired; move neededBy later and reopen it');
        }
        status = 'paused';
      } else if (dto.status === 'open') {
        status = 'open';
      }
      if (status === 'open' && next.neededBy <= new Date()) {
        throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'expired', 'neededBy is past: move it later to reopen the demand');
      }

      const [updated] = (await manager.query(
        `UPDATE demands t SET quantity = $2, max_price_amount = $3, max_price_currency = $4, quality_grade = $5, grade_rank = $6,
           delivery_province_code = $7, lat = $8, lng = $9, location_precise = $10, needed_by = $11, allow_pooled = $12,
           description = $13, status = $14, updated_at = now(), search_description = $15, quotes_wanted = $16, quotes_until = $17,
           -- New limits may reopen quotes (or close them now, when as many were received as are wanted).
           quotes_closed_at = CASE WHEN quotes_received >= coalesce($16, quotes_received + 1) OR $17 <= now() THEN coalesce(quotes_closed_at, now()) END
         WHERE t.id = $1 RETURNING ${DEMAND_COLUMNS}`,
        [
          id,
          next.quantity,
          next.maxPriceAmount,
          next.maxPriceCurrency,
          next.qualityGrade,
          next.gradeRank,
          next.deliveryProvinceCode,
          next.lat,
          next.lng,
          next.locationPrecise,
          next.neededBy,
          next.allowPooled,
          next.description,
          status,
          searchableTextOrNull(next.description),
          next.quotesWanted,
          next.quotesUntil,
        ],
      )) as [DemandRow[], number];
      const row = updated[0]!;
      const { description: _description, ...matchable } = dto;
      if (status === 'open' && (Object.keys(matchable).length > 0 || current.status !== status)) {
        const payload: DemandEventPayload = { demandId: id, organizationId: row.organization_id, productCode: row.product_code };
        await this.outbox.record(manager, DEMAND_UPDATED, payload);
      }
      return row;
    });
    return (await this.toDtos([row]))[0]!;
  }

  async close(userId: string, id: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.lockForChange(manager, userId, id);
      await manager.query(`UPDATE demands SET status = 'closed', updated_at = now() WHERE id = $1 AND status <> 'closed'`, [id]);
    });
  }

  private async lockForChange(manager: EntityManager, userId: string, id: string): Promise<DemandRow> {
    const [row] = (await manager.query(`SELECT ${DEMAND_COLUMNS} FROM demands t WHERE t.id = $1 FOR UPDATE`, [id])) as DemandRow[];
    if (!row) throw notFound();
    await this.access.assertCanAct(userId, row.organization_id, { minRole: 'manager', private: true, manager, field: 'id' });
    return row;
  }

  async toDtos(rows: DemandRow[]): Promise<DemandDto[]> {
    const traits = await this.directory.traits(rows.map((r) => r.organization_id));
    return rows.map((r) => toDemandDto(r, traits.get(r.organization_id)));
  }
}

export function toDemandDto(r: DemandRow, traits: OrganizationCard | undefined): DemandDto {
  const dto: DemandDto = {
    id: r.id,
    organizationId: r.organization_id,
    organization: { id: r.organization_id, name: traits?.name ?? '', verified: traits?.verified ?? false },
    productCode: r.product_code,
    valueChainCode: r.value_chain_code,
    description: r.description,
    quantity: normalizeQuantity(r.quantity),
    unit: r.unit,
    maxPrice: r.max_price_amount !== null && r.max_price_currency !== null ? { amount: r.max_price_amount, currency: r.max_price_currency } : null,
    qualityGrade: r.quality_grade,
    deliveryProvinceCode: r.delivery_province_code,
    deliveryLocation: r.location_precise ? { lat: r.lat, lng: r.lng } : null,
    neededBy: r.needed_by.toISOString(),
    allowPooled: r.allow_pooled,
    status: r.status,
    quotesWanted: r.quotes_wanted,
    quotesUntil: r.quotes_until?.toISOString() ?? null,
    quotesReceived: r.quotes_received,
    takesQuotes: r.status === 'open' && r.quotes_closed_at === null && (r.quotes_until === null || r.quotes_until > new Date()),
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
  if (r.distance_km !== undefined && r.distance_km !== null) dto.distanceKm = Math.round(r.distance_km * 10) / 10;
  return dto;
}

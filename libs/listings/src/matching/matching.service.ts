import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { OrganizationAccessService, OrganizationDirectory, type OrganizationTraits } from '@psar/identity';
import { type Currency, Environment, ProblemException, ReadReplicas, type Reader } from '@psar/platform';
import { DataSource } from 'typeorm';
import { DEMAND_COLUMNS, type DemandRow, toDemandDto } from '../demands/demands.service';
import { LISTING_COLUMNS, type ListingRow } from '../listings/listings.service';
import { fromThousandths, toThousandths } from '../quantity/quantity';
import { type CandidateRow, demandCandidatesQuery, listingCandidatesQuery } from './candidate-queries';
import type { DemandMatchDto, ListingMatchDto, MatchLineDto } from './dto/match.dto';
import { priceLines } from './match-pricing';
import { MatchReputation } from './match-reputation';
import { PoolCandidate, poolCombinations } from './pooling';
import { matchReasons, type MatchFacts, type Reputation, scoreMatch, scorePool } from './scoring';

/** Matches shown for a demand; listings' matching demands shown and notified. */
export const MAX_DEMAND_MATCHES = 10;
export const MAX_LISTING_MATCHES = 20;

@Injectable()
export class MatchingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly env: Environment,
    private readonly access: OrganizationAccessService,
    private readonly directory: OrganizationDirectory,
    private readonly reputation: MatchReputation,
    private readonly replicas: ReadReplicas,
  ) {}

  /** GET /demands/:id/matches, for the buyer's members (others: 404). */
  async forDemandOf(userId: string, demandId: string): Promise<DemandMatchDto[]> {
    const reader = { id: userId };
    const demand = await this.demand(demandId, reader);
    await this.access.assertCanAct(userId, demand.organization_id, { private: true, field: 'id' });
    return this.forDemand(demand, reader);
  }

  /** GET /listings/:id/matches, for the seller's members (others: 404). */
  async forListingOf(userId: string, listingId: string): Promise<ListingMatchDto[]> {
    const reader = { id: userId };
    const listing = await this.listing(listingId, reader);
    await this.access.assertCanAct(userId, listing.organization_id, { private: true, field: 'id' });
    return this.forListing(listing, reader);
  }

  async organizationNames(ids: string[]): Promise<Map<string, string>> {
    const traits = await this.directory.traits(ids);
    return new Map([...traits.values()].map((t) => [t.id, t.name]));
  }

  async demand(id: string, reader?: Reader): Promise<DemandRow> {
    const [row] = await this.rows<DemandRow>(`SELECT ${DEMAND_COLUMNS} FROM demands t WHERE t.id = $1`, [id], reader);
    if (!row) throw new ProblemException(HttpStatus.NOT_FOUND, 'not-found', 'No such demand');
    return row;
  }

  async listing(id: string, reader?: Reader): Promise<ListingRow> {
    const [row] = await this.rows<ListingRow>(`SELECT ${LISTING_COLUMNS} FROM listings t WHERE t.id = $1`, [id], reader);
    if (!row) throw new ProblemException(HttpStatus.NOT_FOUND, 'not-found', 'No such listing');
    return row;
  }

  /**
   * Ranked matches: single listings that cover the demand, else (allowPooled) pools of
   * several producers, then listings that cover part of it (when pooling is allowed).
   */
  async forDemand(demand: DemandRow, reader?: Reader): Promise<DemandMatchDto[]> {
    // An open demand past its date is only waiting for the expiry job.
    if (demand.status !== 'open' || demand.needed_by <= new Date()) return [];
    const candidates = await this.listingCandidates(demand, reader);
    if (candidates.length === 0) return [];
    // Independent look-ups: at once, one round trip.
    const [traits, reputations] = await Promise.all([
      this.directory.traits(candidates.map((c) => c.organization_id)),
      this.reputation.of(candidates.map((c) => c.organization_id)),
    ]);
    const wanted = toThousandths(demand.quantity);
    const maxPriceKhr = this.maxPriceKhr(demand);
    const lowestPriceKhr = Math.min(...candidates.map((c) => Number(c.price_khr)));
    const fallback: Currency = demand.max_price_currency ?? 'KHR';

    // Every candidate is scored; only the matches shown are written out (prices, reasons).
    const singles = candidates.map((c) => {
      const available = toThousandths(c.quantity_remaining);
      const supplied = available < wanted ? available : wanted;
      const org = traits.get(c.organization_id);
      const facts: MatchFacts = {
        unitPriceKhr: Number(c.price_khr),
        lowestPriceKhr,
        maxPriceKhr,
        distanceKm: c.distance_km,
        coverage: ratio(supplied, wanted),
        verifiedShare: org?.verified ? 1 : 0,
        reputation: reputations.get(c.organization_id) ?? null,
      };
      return { candidate: c, supplied, org, facts, score: scoreMatch(facts), covers: supplied >= wanted };
    });
    type Single = (typeof singles)[number];
    const byScore = (a: Single, b: Single) => b.score - a.score || (a.candidate.id < b.candidate.id ? -1 : 1);
    const singleMatch = ({ candidate: c, supplied, org, facts, score }: Single): DemandMatchDto => ({
      kind: 'single',
      listings: [line(c, supplied, org)],
      totalQuantity: fromThousandths(supplied),
      coverage: round4(ratio(supplied, wanted)),
      pricePerUnit: money(c),
      totalPrice: priceLines([{ unitPrice: money(c), quantity: supplied }], fallback, this.env.KHR_PER_USD).total,
      distanceKm: round1(c.distance_km),
      score,
      reasons: matchReasons({ ...facts, grade: c.quality_grade }),
    });
    const covering = singles.filter((s) => s.covers).sort(byScore);
    if (covering.length > 0 || !demand.allow_pooled) return covering.slice(0, MAX_DEMAND_MATCHES).map(singleMatch);

    const byId = new Map(candidates.map((c) => [c.id, c]));
    const poolCandidates: PoolCandidate[] = candidates.map((c) => ({
      listingId: c.id,
      organizationId: c.organization_id,
      available: toThousandths(c.quantity_remaining),
      minOrder: c.min_order_quantity ? toThousandths(c.min_order_quantity) : 0n,
      unitPriceKhr: Number(c.price_khr),
      distanceKm: c.distance_km,
      groupIds: traits.get(c.organization_id)?.groupIds ?? [],
    }));
    const combinations = poolCombinations(wanted, poolCandidates);
    const groupIds = [...new Set(combinations.map((p) => p.sharedGroupId).filter((g): g is string => g !== null && !traits.has(g)))];
    for (const [id, group] of await this.directory.traits(groupIds)) traits.set(id, group);
    const pools = combinations.map((pool): DemandMatchDto => {
      const rows = pool.parts.map((p) => byId.get(p.candidate.listingId)!);
      const verifiedParts = pool.parts.filter((p) => traits.get(p.candidate.organizationId)?.verified);
      const verifiedQuantity = verifiedParts.reduce((s, p) => s + p.quantity, 0n);
      const { total, perUnit } = priceLines(
        pool.parts.map((p, i) => ({ unitPrice: money(rows[i]!), quantity: p.quantity })),
        fallback,
        this.env.KHR_PER_USD,
      );
      const groupMembers = pool.sharedGroupId ? pool.parts.filter((p) => p.candidate.groupIds.includes(pool.sharedGroupId!)).length : 0;
      const groupName = pool.sharedGroupId ? (traits.get(pool.sharedGroupId)?.name ?? null) : null;
      const facts = {
        unitPriceKhr: pool.costKhr / (Number(pool.total) / 1000),
        lowestPriceKhr,
        maxPriceKhr,
        distanceKm: pool.distanceKm,
        coverage: 1,
        verifiedShare: ratio(verifiedQuantity, pool.total),
        reputation: pooledReputation(pool.parts.map((p) => reputations.get(p.candidate.organizationId))),
        producers: pool.parts.length,
        cohesion: pool.cohesion,
      };
      const grades = [...new Set(rows.map((r) => r.quality_grade).filter((g): g is string => g !== null))].sort();
      return {
        kind: 'pooled',
        listings: pool.parts.map((p, i) => line(rows[i]!, p.quantity, traits.get(p.candidate.organizationId))),
        totalQuantity: fromThousandths(pool.total),
        coverage: 1,
        pricePerUnit: perUnit,
        totalPrice: total,
        distanceKm: round1(pool.distanceKm),
        score: scorePool(facts),
        reasons: matchReasons({
          ...facts,
          grade: grades.length ? grades.join(' and ') : null,
          verifiedProducers: verifiedParts.length,
          group: groupName && groupMembers >= 2 ? { name: groupName, members: groupMembers } : null,
        }),
      };
    });
    const partial = [...singles].sort(byScore).slice(0, MAX_DEMAND_MATCHES).map(singleMatch);
    return [...pools.sort((a, b) => b.score - a.score), ...partial].slice(0, MAX_DEMAND_MATCHES);
  }

  /** Open demands the listing fits, best first. */
  async forListing(listing: ListingRow, reader?: Reader): Promise<ListingMatchDto[]> {
    const available = toThousandths(listing.quantity_remaining);
    const minOrder = listing.min_order_quantity ? toThousandths(listing.min_order_quantity) : 0n;
    const expired = listing.available_until !== null && listing.available_until <= new Date();
    if (listing.status !== 'active' || expired || available === 0n || available < minOrder) return [];
    const rate = this.env.KHR_PER_USD;
    const priceKhr = listing.price_currency === 'USD' ? Number(listing.price_amount) * Number(rate) : Number(listing.price_amount);
    const query = demandCandidatesQuery(listing, rate);
    const rows = await this.rows<DemandRow & { distance_km: number }>(query.sql, query.params, reader);
    if (rows.length === 0) return [];
    const traits = await this.directory.traits(rows.map((r) => r.organization_id));
    const reputations = await this.reputation.of(rows.map((r) => r.organization_id));
    const matches = rows.map((d): ListingMatchDto => {
      const wanted = toThousandths(d.quantity);
      const supplied = available < wanted ? available : wanted;
      const org = traits.get(d.organization_id);
      const facts: MatchFacts = {
        unitPriceKhr: priceKhr,
        lowestPriceKhr: priceKhr,
        maxPriceKhr: this.maxPriceKhr(d),
        distanceKm: d.distance_km,
        coverage: ratio(supplied, wanted),
        verifiedShare: org?.verified ? 1 : 0,
        reputation: reputations.get(d.organization_id) ?? null,
      };
      return {
        demand: toDemandDto(d, org),
        quantity: fromThousandths(supplied),
        coverage: round4(ratio(supplied, wanted)),
        distanceKm: round1(d.distance_km),
        score: scoreMatch(facts),
        reasons: matchReasons({ ...facts, audience: 'seller' }),
      };
    });
    return matches.sort((a, b) => b.score - a.score || (a.demand.id < b.demand.id ? -1 : 1)).slice(0, MAX_LISTING_MATCHES);
  }

  private async listingCandidates(demand: DemandRow, reader?: Reader): Promise<CandidateRow[]> {
    const query = listingCandidatesQuery(demand, this.env.KHR_PER_USD);
    return this.rows<CandidateRow>(query.sql, query.params, reader);
  }

  /**
   * The matches pages (a reader) read from a replica unless the reader wrote lately; the
   * notifier, which reacts to a write just committed, reads from the primary.
   */
  private async rows<R>(sql: string, params: unknown[], reader: Reader | undefined): Promise<R[]> {
    return reader ? this.replicas.query<R>(sql, params, { reader }) : ((await this.dataSource.query(sql, params)) as R[]);
  }

  private maxPriceKhr(demand: DemandRow): number | null {
    if (demand.max_price_amount === null) return null;
    return Number(demand.max_price_amount) * (demand.max_price_currency === 'USD' ? Number(this.env.KHR_PER_USD) : 1);
  }

}

function money(c: { price_amount: string; price_currency: Currency }) {
  return { amount: c.price_amount, currency: c.price_currency };
}

function line(c: CandidateRow, quantity: bigint, org: OrganizationTraits | undefined): MatchLineDto {
  return {
    listingId: c.id,
    organizationId: c.organization_id,
    organizationName: org?.name ?? '',
    title: c.title,
    quantity: fromThousandths(quantity),
    unitPrice: money(c),
    distanceKm: round1(c.distance_km),
    qualityGrade: c.quality_grade,
  };
}

function ratio(part: bigint, whole: bigint): number {
  return whole === 0n ? 0 : Number((part * 1_000_000n) / whole) / 1_000_000;
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

/** A pool's producers' ratings together: every rated deal of each counts once. */
function pooledReputation(parts: Array<Reputation | undefined>): Reputation | null {
  const rated = parts.filter((r): r is Reputation => r !== undefined && r.ratedDeals > 0);
  const deals = rated.reduce((n, r) => n + r.ratedDeals, 0);
  if (deals === 0) return null;
  return { ratedDeals: deals, averageRating: rated.reduce((sum, r) => sum + r.averageRating * r.ratedDeals, 0) / deals };
}

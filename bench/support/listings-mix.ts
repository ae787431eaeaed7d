/**
 * The fixed query mix of bench/listings.bench.ts, and each query run two ways: through the
 * HTTP API, and as the very SQL statements the API runs for it, sent with `pg`.
 */
import { AliasIndex, type AliasSource, PRODUCTS, productNameAliases, PROVINCES } from '@psar/catalog';
import { OrganizationAccessService, OrganizationDirectory } from '@psar/identity';
import { DEMAND_COLUMNS, DEMANDS_TABLE, type DemandRow } from '@psar/listings/demands/demands.service';
import { LISTINGS_TABLE } from '@psar/listings/listings/listings.service';
import { listingCandidatesQuery } from '@psar/listings/matching/candidate-queries';
import type { Sort } from '@psar/listings/search/market-search.query';
import { LEXICON_LOOKUP_SQL } from '@psar/listings/search/market-search.service';
import { parseNear } from '@psar/listings/search/near';
import { buildSearch, type SearchCriteria, type SearchTable } from '@psar/listings/search/search-sql';
import { buildTsQuery, queryTerms, type QueryWord } from '@psar/listings/search/text-query';
import { searchableText } from '@psar/platform';
import { MATCHING_REPUTATION_SQL } from '@psar/trade';
import { estimateTextShare, SEARCH_VECTOR_STATS_SQL, type WordStats } from '@psar/listings/search/text-share';
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { pick, pickProduct, type Rng } from './listings-data';

export type Kind = 'search' | 'matching';

/** One request of the mix, as the API sees it. */
export interface MixQuery {
  template: string;
  kind: Kind;
  /** Path and query string under /api/v1. */
  path: string;
  /** For matching: the demand. */
  demandId?: string;
}

const WORDS = ['tiles', 'tilapia', 'honey', 'bricks', 'pigs', 'feed', 'resin', 'fresh', 'ក្បឿង', 'ត្រី'];
/** Khmer as people type it: phrases without spaces (split by the word breaker) and romanised product names. */
const KHMER = ['ក្បឿងដីឥដ្ឋ', 'ជ្រូករស់', 'ទឹកឃ្មុំព្រៃ', 'កូនត្រីប្រា', 'ឥដ្ឋប្រហោង', 'ចំណីជ្រូក', 'kbeung', 'chrouk', 'trey pra'];
const MISSPELT = ['tille', 'tilapai', 'hony', 'briks', 'pangasus', 'snakhead', 'fingerlngs'];
const point = (rng: Rng) => {
  const p = pick(rng, PROVINCES);
  return `${(p.lat + (rng() - 0.5) * 0.4).toFixed(4)},${(p.lng + (rng() - 0.5) * 0.4).toFixed(4)}`;
};

/** The search templates: what buyers and sellers do most, each with its own parameters per draw. */
export const SEARCH_TEMPLATES: ReadonlyArray<{ name: string; build(rng: Rng): string }> = [
  { name: 'text, relevance', build: (rng) => `listings?q=${encodeURIComponent(pick(rng, WORDS))}` },
  { name: 'Khmer text, relevance', build: (rng) => `listings?q=${encodeURIComponent(pick(rng, KHMER))}` },
  { name: 'misspelt text + province', build: (rng) => `listings?q=${pick(rng, MISSPELT)}&province=${pick(rng, PROVINCES).code}` },
  {
    name: 'product + grade, by price',
    build: (rng) => {
      const product = pick(rng, PRODUCTS.filter((p) => p.grades.length));
      return `listings?productCode=${product.code}&grade=${product.grades[0]}&sort=price`;
    },
  },
  { name: 'near 25 km, by distance', build: (rng) => `listings?near=${point(rng)}&radiusKm=25&sort=distance` },
  { name: 'value chain, newest', build: (rng) => `listings?valueChain=${pickProduct(rng).valueChainCode}` },
  {
    name: 'product + max USD price + min quantity, by price',
    build: (rng) => `listings?productCode=${pickProduct(rng).code}&maxPrice=${(1 + rng() * 4).toFixed(2)}&currency=USD&minQuantity=100&sort=price`,
  },
  { name: 'text + near 50 km, by distance', build: (rng) => `listings?q=${pick(rng, WORDS.slice(0, 7))}&near=${point(rng)}&radiusKm=50&sort=distance` },
  { name: 'everything, newest', build: () => 'listings' },
  { name: 'province, by price', build: (rng) => `listings?province=${pick(rng, PROVINCES).code}&sort=price` },
  { name: 'product, page 3 by price', build: (rng) => `listings?productCode=${pickProduct(rng).code}&sort=price&limit=20` },
  { name: 'demands: product near 100 km', build: (rng) => `demands?productCode=${pickProduct(rng).code}&near=${point(rng)}&radiusKm=100` },
];

export interface Timed {
  ms: number;
  rows: number;
  /** The main statement and its parameters, to EXPLAIN the slowest. */
  statement?: { sql: string; params: unknown[] };
}

/** A `DataSource` look-alike over a bare pg pool, so identity's query classes run their own SQL through `pg`. */
function poolAsDataSource(pool: Pool): DataSource {
  const query = async (sql: string, params?: unknown[]) => (await pool.query(sql, params)).rows;
  return { query, manager: { query } } as unknown as DataSource;
}

/**
 * The SQL the API runs for a request, in the same order: the lexicon look-up for q, the
 * search (which brings the organizations' names along); for matching the demand, the membership check, the
 * candidates and the organizations. The rest of the API's time is HTTP, validation,
 * scoring, pooling and JSON.
 */
export class RawSql {
  private readonly stats = new Map<string, WordStats>();
  private aliases?: AliasIndex;
  private readonly directory: OrganizationDirectory;
  private readonly access: OrganizationAccessService;

  constructor(
    private readonly pool: Pool,
    private readonly khrPerUsd: string,
    private readonly userId: string,
  ) {
    this.directory = new OrganizationDirectory(poolAsDataSource(pool));
    this.access = new OrganizationAccessService(poolAsDataSource(pool));
  }

  async run(query: MixQuery): Promise<Timed> {
    return query.kind === 'matching' ? this.matching(query.demandId!) : this.search(query.path);
  }

  /** The criteria MarketSearch builds from the same query string (the app validates; the mix is valid). */
  private async criteria(path: string): Promise<{ table: SearchTable; criteria: SearchCriteria | null }> {
    const [resource, queryString = ''] = path.split('?');
    const q = new URLSearchParams(queryString);
    const table = resource === 'demands' ? DEMANDS_TABLE : LISTINGS_TABLE;
    const text = q.get('q')?.trim();
    const near = q.get('near') ? (parseNear(q.get('near')!) ?? undefined) : undefined;
    const sort = (q.get('sort') as Sort | null) ?? (text ? 'relevance' : near ? 'distance' : 'newest');
    let tsquery: string | null = null;
    let textShare: number | undefined;
    if (text) {
      // The app keeps the catalog's aliases for the process's life; so does this path.
      this.aliases ??= new AliasIndex([
        ...productNameAliases((await this.pool.query<{ code: string; nameEn: string; nameKm: string }>('SELECT code, name_en AS "nameEn", name_km AS "nameKm" FROM products')).rows),
        ...(await this.pool.query<AliasSource>('SELECT alias, product_code AS "productCode", value_chain_code AS "valueChainCode" FROM catalog_aliases')).rows,
      ]);
      const words = queryTerms((await this.pool.query<QueryWord>(LEXICON_LOOKUP_SQL, [searchableText(text)])).rows, this.aliases);
      tsquery = buildTsQuery(words);
      if (tsquery === null) return { table, criteria: null };
      if (near && q.get('radiusKm') && sort === 'distance') {
        // The app keeps these statistics for minutes; so does this path.
        if (!this.stats.has(table.name)) {
          this.stats.set(table.name, (await this.pool.query<WordStats>(SEARCH_VECTOR_STATS_SQL, [table.name])).rows[0] ?? { elems: null, freqs: null });
        }
        textShare = estimateTextShare(words, this.stats.get(table.name)!);
      }
    }
    const maxPrice = q.get('maxPrice');
    return {
      table,
      criteria: {
        tsquery,
        textShare,
        productCode: q.get('productCode') ?? undefined,
        valueChain: q.get('valueChain') ?? undefined,
        province: q.get('province') ?? undefined,
        grade: q.get('grade') ?? undefined,
        near,
        radiusKm: q.get('radiusKm') ? Number(q.get('radiusKm')) : undefined,
        minQuantity: q.get('minQuantity') ?? undefined,
        prices: maxPrice ? [{ amount: maxPrice, currency: (q.get('currency') as 'KHR' | 'USD' | null) ?? 'KHR', bound: 'max' }] : undefined,
        sort,
        cursor: q.get('cursor') ?? undefined,
        limit: Number(q.get('limit') ?? 20),
        khrPerUsd: this.khrPerUsd,
      },
    };
  }

  private async search(path: string): Promise<Timed> {
    const started = performance.now();
    const found = await this.searchRows(path);
    // The organizations' names come with the rows (the tables' pageColumns), as in the app.
    return { ms: performance.now() - started, rows: found?.rows.length ?? 0, statement: found ? { sql: found.built.sql, params: found.built.params } : undefined };
  }

  /** The rows of a search, as the API's statements return them; null when it cannot match anything. */
  async searchRows<R = { organization_id: string }>(path: string): Promise<{ criteria: SearchCriteria; built: ReturnType<typeof buildSearch>; rows: R[] } | null> {
    const { table, criteria } = await this.criteria(path);
    if (!criteria) return null;
    const built = buildSearch(table, criteria);
    if (!built.withoutBitmapScans) return { criteria, built, rows: (await this.pool.query(built.sql, built.params)).rows as R[] };
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SET LOCAL enable_bitmapscan = off');
      const rows = (await client.query(built.sql, built.params)).rows as R[];
      await client.query('COMMIT');
      return { criteria, built, rows };
    } finally {
      client.release();
    }
  }

  private async matching(demandId: string): Promise<Timed> {
    const started = performance.now();
    const [demand] = (await this.pool.query<DemandRow>(`SELECT ${DEMAND_COLUMNS} FROM demands t WHERE t.id = $1`, [demandId])).rows;
    await this.access.assertCanAct(this.userId, demand!.organization_id, { private: true, field: 'id' });
    const statement = listingCandidatesQuery(demand!, this.khrPerUsd);
    const rows = (await this.pool.query<{ organization_id: string }>(statement.sql, statement.params)).rows;
    // As MatchingService: the sellers' traits and their reputation at once.
    const sellers = [...new Set(rows.map((r) => r.organization_id))];
    await Promise.all([this.directory.traits(sellers), sellers.length ? this.pool.query(MATCHING_REPUTATION_SQL, [sellers]) : undefined]);
    return { ms: performance.now() - started, rows: rows.length, statement };
  }
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export interface Stats {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function stats(values: readonly number[]): Stats {
  const sorted = [...values].sort((a, b) => a - b);
  return { n: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? NaN };
}

import { HttpStatus, Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '@psar/identity';
import { OrganizationAccessService } from '@psar/identity';
import { Environment, FieldError, Page, ProblemException, ReadReplicas, type Reader, searchableText, toPage, ValidationProblem } from '@psar/platform';
import { MarketCatalog } from '../market/market-catalog.service';
import type { MarketSearchQuery, Sort } from './market-search.query';
import { parseNear } from './near';
import { buildSearch, SearchCriteria, SearchRowKeys, SearchTable } from './search-sql';
import { buildTsQuery, MAX_QUERY_WORDS, type QueryTerm, queryTerms, type QueryWord } from './text-query';
import { estimateTextShare, SEARCH_VECTOR_STATS_SQL, type WordStats } from './text-share';

const STATS_TTL_MS = 5 * 60_000;

/**
 * The words of the search text (searchableText: Khmer split into words) as Postgres splits
 * them, each with whether a listed word starts with it and, for a word none starts with, its
 * closest look-alikes (search_lexicon_trgm_idx serves both). A known word is searched as it
 * is (text-query.ts), so its look-alikes are not looked for.
 */
export const LEXICON_LOOKUP_SQL = `SELECT w.lexeme, k.known,
          CASE WHEN k.known THEN '{}'::text[] ELSE ARRAY(
            -- The closest listed words: those within a fifth of the best similarity.
            SELECT c.term FROM (
              SELECT s.term, similarity(s.term, w.lexeme) AS sim, max(similarity(s.term, w.lexeme)) OVER () AS best
              FROM search_lexicon s WHERE s.term % w.lexeme
            ) c WHERE c.sim >= 0.8 * c.best ORDER BY c.sim DESC, c.term LIMIT 3
          ) END AS similar
   FROM unnest(to_tsvector('simple', $1)) AS w(lexeme, positions, weights),
        LATERAL (SELECT length(w.lexeme) < 3 OR EXISTS (
            SELECT 1 FROM search_lexicon s
            WHERE s.term LIKE replace(replace(replace(w.lexeme, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%'
          ) AS known) k
   ORDER BY w.positions[1]
   LIMIT ${MAX_QUERY_WORDS}`;

/**
 * Turns a search query into SQL and runs it: checks codes against the catalog, resolves
 * ?mine=true to the caller's organizations and the free text to a tsquery.
 */
@Injectable()
export class MarketSearch {
  private readonly statsCache = new Map<string, { stats: WordStats; until: number }>();

  constructor(
    private readonly env: Environment,
    private readonly catalog: MarketCatalog,
    private readonly access: OrganizationAccessService,
    private readonly replicas: ReadReplicas,
  ) {}

  /** Null when the search cannot match anything (free text without a single word). */
  async criteria(
    user: AuthenticatedUser | undefined,
    table: SearchTable,
    query: MarketSearchQuery & { status?: string },
    prices: SearchCriteria['prices'],
  ): Promise<SearchCriteria | null> {
    const errors: FieldError[] = [];
    if (query.productCode && !(await this.catalog.product(query.productCode))) {
      errors.push({ field: 'productCode', message: `no product has the code ${query.productCode}` });
    }
    if (query.valueChain && !(await this.catalog.isValueChain(query.valueChain))) {
      errors.push({ field: 'valueChain', message: `no value chain has the code ${query.valueChain}` });
    }
    if (query.province && !(await this.catalog.province(query.province))) {
      errors.push({ field: 'province', message: `no province has the code ${query.province}` });
    }
    const near = query.near ? parseNear(query.near) : null;
    if (query.radiusKm !== undefined && !near) errors.push({ field: 'radiusKm', message: 'radiusKm needs near' });
    if (query.status && !query.mine) errors.push({ field: 'status', message: 'status filters your own rows: add mine=true' });
    // Control characters (a NUL byte cannot even reach Postgres) separate words like spaces.
    // eslint-disable-next-line no-control-regex -- the control characters are what it removes
    const q = query.q?.replace(/[\u0000-\u001f\u007f]/g, ' ').trim() || undefined;
    const sort: Sort = query.sort ?? (q ? 'relevance' : near ? 'distance' : 'newest');
    if (sort === 'relevance' && !q) errors.push({ field: 'sort', message: 'sort=relevance needs q' });
    if (sort === 'distance' && !near) errors.push({ field: 'sort', message: 'sort=distance needs near' });
    if (errors.length) throw new ValidationProblem(errors);

    let owners: string[] | undefined;
    if (query.mine) {
      if (!user) throw new ProblemException(HttpStatus.UNAUTHORIZED, 'unauthenticated', 'Sign in to see your own listings and demands');
      owners = await this.access.organizationIdsOf(user.id);
    }
    let tsquery: string | null = null;
    let textShare: number | undefined;
    if (q) {
      const terms = await this.terms(q, user);
      tsquery = buildTsQuery(terms);
      if (tsquery === null) return null;
      if (near && query.radiusKm !== undefined && sort === 'distance') textShare = estimateTextShare(terms, await this.wordStats(table, user));
    }
    return {
      tsquery,
      textShare,
      productCode: query.productCode,
      valueChain: query.valueChain,
      province: query.province,
      organizationId: query.organizationId,
      grade: query.grade,
      near: near ?? undefined,
      radiusKm: query.radiusKm,
      minQuantity: query.minQuantity,
      prices,
      owners,
      status: query.status,
      sort,
      cursor: query.cursor,
      limit: query.limit,
      khrPerUsd: this.env.KHR_PER_USD,
    };
  }

  /** On a read replica unless `reader` wrote lately (ReadReplicas); the search statement reads only. */
  async run<R extends SearchRowKeys>(table: SearchTable, criteria: SearchCriteria, reader?: Reader): Promise<Page<R>> {
    const built = buildSearch(table, criteria);
    const rows = await this.replicas.query<R>(built.sql, built.params, {
      reader,
      setLocal: built.withoutBitmapScans ? 'SET LOCAL enable_bitmapscan = off' : undefined,
    });
    return toPage(rows, criteria.limit, built.keyOf);
  }

  /**
   * The words of `q`, prepared as the documents are (searchableText) and split by the same
   * parser, each searched as a prefix, or through look-alike listed words when none starts
   * with it; words naming a product (catalog aliases) also find that product's rows.
   * search_lexicon_trgm_idx serves both the LIKE and the % (trigram similarity) look-ups.
   */
  private async terms(q: string, reader: Reader | undefined): Promise<QueryTerm[]> {
    const words = await this.replicas.query<QueryWord>(LEXICON_LOOKUP_SQL, [searchableText(q)], { reader });
    return queryTerms(words, await this.catalog.aliases());
  }

  /** The planner's statistics change with ANALYZE, not per request: kept a few minutes. */
  private async wordStats(table: SearchTable, reader: Reader | undefined): Promise<WordStats> {
    const cached = this.statsCache.get(table.name);
    if (cached && cached.until > Date.now()) return cached.stats;
    const [row] = await this.replicas.query<WordStats>(SEARCH_VECTOR_STATS_SQL, [table.name], { reader });
    const stats = row ?? { elems: null, freqs: null };
    this.statsCache.set(table.name, { stats, until: Date.now() + STATS_TTL_MS });
    return stats;
  }
}

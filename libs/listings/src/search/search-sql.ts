import type { LatLng } from '@psar/catalog';
import { decodeCursor, isPgTimestamptzText, isUuid, ValidationProblem } from '@psar/platform';
import type { Sort } from './market-search.query';
import { coveringCells } from './geo-cells';
import { COMMON_TEXT_SHARE } from './text-share';
import { SqlParams } from './sql-params';

/** What differs between searching listings and searching demands. */
export interface SearchTable {
  name: 'listings' | 'demands';
  /** The public statuses, exactly as the partial indexes' predicate (same literal). */
  visible: string;
  provinceColumn: string;
  quantityColumn: string;
  priceAmountColumn: string;
  priceCurrencyColumn: string;
  /** Listings: cheapest first. Demands: best-paying first, those without a maximum last. */
  priceOrder: 'asc' | 'desc';
  /** The columns to select, each prefixed with `t.`. */
  columns: string;
  /** Columns computed for the page's rows only, in the outermost select (`alias`: its rows). */
  pageColumns?: (alias: string) => string;
}

export interface PriceBound {
  amount: string;
  currency: 'KHR' | 'USD';
  bound: 'max' | 'min';
}

export interface SearchCriteria {
  tsquery: string | null;
  productCode?: string;
  valueChain?: string;
  province?: string;
  /** One organization's visible rows (its public profile). */
  organizationId?: string;
  grade?: string;
  near?: LatLng;
  radiusKm?: number;
  minQuantity?: string;
  /** Listings: price at most and/or at least; demands: maximum price at least (or none stated). In KHR, exact. */
  prices?: PriceBound[];
  /** Estimated share of rows matching the text (text-share.ts); decides how text near a point is found. */
  textShare?: number;
  /** ?mine=true: these organizations' rows, every status (or `status`). */
  owners?: string[];
  status?: string;
  sort: Sort;
  cursor?: string;
  limit: number;
  khrPerUsd: string;
}

/** Every search row carries these beside its table's columns. */
export interface SearchRowKeys {
  id: string;
  created_key: string;
  rank: number | null;
  distance_km: number | null;
  chord: number | null;
  sort_price: string | null;
  window_key?: string;
}

export interface BuiltSearch {
  sql: string;
  params: unknown[];
  /** Run with bitmap scans off (SET LOCAL in a transaction): see buildDistanceSearch. */
  withoutBitmapScans?: boolean;
  keyOf(row: SearchRowKeys): Array<string | number | null>;
}

/** A timestamp as exact text (microseconds), for cursors. */
const TIMESTAMP_KEY = (expression: string) => `to_char((${expression}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
const CREATED_KEY = TIMESTAMP_KEY('t.created_at');
const WINDOW_KEY = TIMESTAMP_KEY;

/** With text, sort=relevance ranks this many of the most recent matches, and sort=price this many. */
export const TEXT_WINDOW = { relevance: 500, price: 1000 } as const;

/**
 * Builds one search: filters, a sort and a keyset cursor that carries the sort key and the
 * id, so paging is stable whatever is inserted meanwhile. Indexes each shape relies on are
 * named where the condition is added; read EXPLAIN ANALYZE (bench/listings.bench.ts prints
 * the slowest) after changing anything here.
 */
export function buildSearch(table: SearchTable, c: SearchCriteria): BuiltSearch {
  const p = new SqlParams();
  const where: string[] = [];
  const rate = p.add(c.khrPerUsd);

  if (c.owners) {
    // <table>_organization_idx
    where.push(`t.organization_id = ANY(${p.add(c.owners)}::uuid[])`);
    if (c.status) where.push(`t.status = ${p.add(c.status)}`);
  } else {
    where.push(`t.${table.visible}`);
  }
  if (c.organizationId) {
    // <table>_organization_idx
    where.push(`t.organization_id = ${p.add(c.organizationId)}::uuid`);
  }
  // Text near a point: the circle's grid cells join the text in one GIN lookup (geo-cells.ts),
  // unless the text is common and the nearest come first: then walking outward is cheaper.
  const textNear = c.tsquery !== null && c.near !== undefined && c.radiusKm !== undefined;
  const walkOutward = textNear && c.sort === 'distance' && (c.textShare ?? 0) >= COMMON_TEXT_SHARE;
  const cells = textNear && !walkOutward ? coveringCells(c.near!.lat, c.near!.lng, c.radiusKm!) : null;
  let tsquery: string | undefined;
  if (c.tsquery !== null) {
    // <table>_search_idx (GIN)
    tsquery = `${p.add(c.tsquery)}::tsquery`;
    const matched = cells ? `(${tsquery} && ${p.add(cells.map((cell) => `'${cell}'`).join(' | '))}::tsquery)` : tsquery;
    where.push(`t.search_vector @@ ${matched}`);
  }
  // <table>_product_*_idx, <table>_value_chain_newest_idx, <table>_province_newest_idx
  if (c.productCode) where.push(`t.product_code = ${p.add(c.productCode)}`);
  if (c.valueChain) where.push(`t.value_chain_code = ${p.add(c.valueChain)}`);
  if (c.province) where.push(`t.${table.provinceColumn} = ${p.add(c.province)}`);
  if (c.grade) where.push(`t.quality_grade = ${p.add(c.grade)}`);
  if (c.minQuantity) where.push(`t.${table.quantityColumn} >= ${p.add(c.minQuantity)}::numeric`);

  let point: string | undefined;
  if (c.near) {
    point = `public.ll_to_earth(${p.add(c.near.lat)}::float8, ${p.add(c.near.lng)}::float8)`;
    if (c.radiusKm !== undefined) {
      const metres = p.add(c.radiusKm * 1000);
      // <table>_geo_idx (GiST): the cube box is the indexable pre-filter (unless the cells
      // already narrow the text search), earth_distance the exact cut.
      if (!cells) where.push(`public.earth_box(${point}, ${metres}::float8) @> t.geo`);
      where.push(`public.earth_distance(t.geo, ${point}) <= ${metres}::float8`);
    }
  }

  const amount = `t.${table.priceAmountColumn}`;
  const currency = `t.${table.priceCurrencyColumn}`;
  const bounds = (c.prices ?? []).map((price) => ({
    op: price.bound === 'min' ? '>=' : '<=',
    bound: price.bound,
    khr: `(${p.add(price.amount)}::numeric * ${price.currency === 'USD' ? `${rate}::numeric` : '1'})`,
  }));
  // The bound in one currency's own amounts: exact, as numeric division rounds monotonically.
  const boundIn = (khr: string, cur: 'KHR' | 'USD') => (cur === 'KHR' ? khr : `(${khr} / ${rate}::numeric)`);

  const rank = tsquery ? `ts_rank_cd(t.search_vector, ${tsquery})::float8` : 'NULL::float8';
  const distance = point ? `public.earth_distance(t.geo, ${point}) / 1000.0` : 'NULL::float8';
  const chord = point ? `(t.geo OPERATOR(public.<->) ${point})` : 'NULL::float8';
  const priceKhr = `CASE ${currency} WHEN 'USD' THEN ${amount} * ${rate}::numeric ELSE ${amount} END`;
  const select = `${table.columns}, ${CREATED_KEY} AS created_key, ${rank} AS rank, ${distance} AS distance_km, ${chord} AS chord`;
  const limit = p.add(c.limit + 1);
  const pageColumns = (alias: string) => (table.pageColumns ? `, ${table.pageColumns(alias)}` : '');

  // With text, relevance and price rank a window of the most recent matches (see buildWindowedSearch).
  const windowed = c.sort === 'relevance' || (c.sort === 'price' && tsquery !== undefined);
  const cursor = c.cursor ? decodeSortedCursor(c.cursor, c.sort, windowed) : undefined;

  if (c.sort === 'price' && !windowed) {
    return buildPriceSearch();
  }

  for (const b of bounds) {
    const bounded = (['KHR', 'USD'] as const).map((cur) => `(${currency} = '${cur}' AND ${amount} ${b.op} ${boundIn(b.khr, cur)})`);
    where.push(b.bound === 'min' ? `(${amount} IS NULL OR ${bounded.join(' OR ')})` : `(${bounded.join(' OR ')})`);
  }

  if (windowed) return buildWindowedSearch();
  if (c.sort === 'distance') return buildDistanceSearch();
  // newest: <table>_newest_idx and the (filter, created_at, id) indexes.
  if (cursor) where.push(`(t.created_at, t.id) < (${p.add(cursor[0])}::timestamptz, ${p.add(cursor[1])}::uuid)`);
  const order = 't.created_at DESC, t.id DESC';
  return {
    // Postgres computes costly select expressions (pageColumns' subqueries) after the sort, for the rows kept.
    sql: `SELECT ${select}, ${priceKhr} AS sort_price${pageColumns('t')} FROM ${table.name} t WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT ${limit}`,
    params: p.values,
    keyOf: (r) => ['newest', r.created_key, r.id, null],
  };

  /**
   * Nearest first from <table>_geo_idx (GiST KNN on <->; with a radius the earth_box is
   * the same scan's index condition), so only the rows served are read. The chord distance
   * orders points as the great-circle one does. KNN orders by the distance alone (a second
   * key would make the planner sort every row in the radius instead); the stored points
   * are unique (see the migration), and the page is put in (distance, id) order after.
   */
  function buildDistanceSearch(): BuiltSearch {
    if (!point) throw new ValidationProblem([{ field: 'sort', message: 'sort=distance needs near' }]);
    if (cursor) where.push(`(${chord}, t.id) > (${p.add(cursor[0])}::float8, ${p.add(cursor[1])}::uuid)`);
    // Rare text near a point: the GIN lookup (text and cells) finds the few rows to sort; a
    // nearest-first scan would walk every row in the radius, so "+ 0" keeps the planner off it.
    // Common text: the nearest-first scan within the box meets 20 matches after a few rows;
    // the planner, which takes any box for 0.1 % of the table, would rather read the whole
    // box (bitmap) and sort it, hence the bitmap scans off for this one statement.
    const order = cells ? `${chord} + 0` : chord;
    const inner = `SELECT ${select}, ${priceKhr} AS sort_price FROM ${table.name} t WHERE ${where.join(' AND ')}
      ORDER BY ${order} LIMIT ${limit}`;
    return {
      sql: `SELECT *${pageColumns('n')} FROM (${inner}) n ORDER BY n.chord, n.id`,
      params: p.values,
      keyOf: (r) => ['distance', r.chord, r.id, null],
      withoutBitmapScans: walkOutward,
    };
  }

  /**
   * No index orders by rank, and a common word ("tiles") matches a tenth of the market:
   * ranking every match would read them all. Nor can a price index serve a text search: the
   * cheapest rows of the market are rarely the matches ("tiles" sorted by price would step
   * over every cheaper brick). So with text, relevance ranks the TEXT_WINDOW.relevance most
   * recent matches, and price the TEXT_WINDOW.price most recent, read newest first
   * (<table>_newest_idx and the (filter, created_at) indexes, or the GIN index for rarer
   * words: the planner picks by the words' frequency). The window ends where the first page
   * was served (the cursor carries that time), so rows posted meanwhile never shift pages.
   * The window reads only the id, the search vector and the price, which listings_newest_idx
   * and listings_province_newest_idx include (migration 1796320000000): with no other filter
   * it is an index-only scan, and only the page's rows are then fetched from the table.
   */
  function buildWindowedSearch(): BuiltSearch {
    if (!tsquery) throw new ValidationProblem([{ field: 'sort', message: 'sort=relevance needs q' }]);
    const byRank = c.sort === 'relevance';
    const windowEnd = cursor ? `${p.add(cursor[2])}::timestamptz` : 'now()';
    const window = `SELECT t.id, ${rank} AS rank, ${priceKhr} AS sort_price, ${WINDOW_KEY(windowEnd)} AS window_key
      FROM ${table.name} t WHERE ${[...where, `t.created_at <= ${windowEnd}`].join(' AND ')}
      ORDER BY t.created_at DESC, t.id DESC LIMIT ${byRank ? TEXT_WINDOW.relevance : TEXT_WINDOW.price}`;
    // Relevance: best first. Price: as sort=price orders it (no maximum price counts as -1).
    const dir = byRank || table.priceOrder === 'desc' ? 'DESC' : 'ASC';
    const key = byRank ? 'w.rank' : 'coalesce(w.sort_price, -1)';
    const keyType = byRank ? 'float8' : 'numeric';
    const after = cursor ? `WHERE (${key}, w.id) ${dir === 'DESC' ? '<' : '>'} (${p.add(cursor[0])}::${keyType}, ${p.add(cursor[1])}::uuid)` : '';
    const page = `SELECT * FROM (${window}) w ${after} ORDER BY ${key} ${dir}, w.id ${dir} LIMIT ${limit}`;
    const columns = `${table.columns}, ${CREATED_KEY} AS created_key, w.rank, ${distance} AS distance_km, ${chord} AS chord, w.sort_price, w.window_key`;
    return {
      sql: `SELECT ${columns}${pageColumns('t')} FROM (${page}) w JOIN ${table.name} t ON t.id = w.id ORDER BY ${key} ${dir}, w.id ${dir}`,
      params: p.values,
      keyOf: (r) => [c.sort, byRank ? r.rank : (r.sort_price ?? '-1'), r.id, r.window_key ?? null],
    };
  }

  /**
   * Price in a common currency: the rate comes from the config, so no index holds converted
   * prices. Each currency's rows are read in price order from <table>_price_idx (or
   * <table>_product_price_idx) and the two ordered streams merged; converting is monotonic,
   * so each stream stays ordered once converted.
   */
  function buildPriceSearch(): BuiltSearch {
    const desc = table.priceOrder === 'desc';
    const dir = desc ? 'DESC' : 'ASC';
    const cmp = desc ? '<' : '>';
    const rangeOp = desc ? '<=' : '>=';
    const common = where.join(' AND ');
    const key = cursor ? { price: p.add(cursor[0]), id: p.add(cursor[1]) } : undefined;
    const branches = (['KHR', 'USD'] as const).map((cur) => {
      const converted = cur === 'USD' ? `${amount} * ${rate}::numeric` : amount;
      const conditions = [common, `${currency} = '${cur}'`];
      for (const b of bounds) conditions.push(`${amount} ${b.op} ${boundIn(b.khr, cur)}`);
      if (key) {
        const keyIn = cur === 'USD' ? `(${key.price}::numeric / ${rate}::numeric)` : `${key.price}::numeric`;
        conditions.push(`${amount} ${rangeOp} ${keyIn}`, `(${converted}, t.id) ${cmp} (${key.price}::numeric, ${key.id}::uuid)`);
      }
      return `(SELECT ${select}, ${converted} AS sort_price FROM ${table.name} t WHERE ${conditions.join(' AND ')}
        ORDER BY ${amount} ${dir}, t.id ${dir} LIMIT ${limit})`;
    });
    if (desc) {
      // No maximum stated: after every priced row, newest id first; sort_price -1 keeps them last.
      const conditions = [common, `${amount} IS NULL`];
      if (key) conditions.push(`(${key.price}::numeric > -1 OR t.id < ${key.id}::uuid)`);
      branches.push(`(SELECT ${select}, -1::numeric AS sort_price FROM ${table.name} t WHERE ${conditions.join(' AND ')}
        ORDER BY t.id DESC LIMIT ${limit})`);
    }
    return {
      sql: `SELECT *${pageColumns('u')} FROM (${branches.join(' UNION ALL ')}) u ORDER BY u.sort_price ${dir}, u.id ${dir} LIMIT ${limit}`,
      params: p.values,
      keyOf: (r) => ['price', r.sort_price, r.id, null],
    };
  }
}

/**
 * A cursor from the same sort: [sort, key, id, window end (windowed sorts only)]; anything else
 * is a 400 naming `cursor`.
 */
function decodeSortedCursor(cursor: string, sort: Sort, windowed: boolean): [string | number, string, string | null] {
  const [cursorSort, key, id, windowEnd] = decodeCursor(cursor, 4);
  const keyType = sort === 'relevance' || sort === 'distance' ? 'number' : 'string';
  // Timestamps as TIMESTAMP_KEY writes them, real dates only (Date.parse takes 2026-02-31).
  const timestamp = (value: unknown) => typeof value === 'string' && value.endsWith('Z') && isPgTimestamptzText(value);
  const validKey =
    typeof key === keyType &&
    (sort !== 'price' || /^-?\d{1,20}(\.\d{1,20})?$/.test(key as string)) &&
    (sort !== 'newest' || timestamp(key)) &&
    (windowed ? timestamp(windowEnd) : windowEnd === null);
  if (cursorSort !== sort || !validKey || !isUuid(id)) {
    throw new ValidationProblem([{ field: 'cursor', message: 'cursor is not one this API issued for this sort' }]);
  }
  return [key as string | number, id, (windowEnd as string | null) ?? null];
}

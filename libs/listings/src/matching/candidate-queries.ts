import type { Currency } from '@psar/platform';
import { DEMAND_COLUMNS, type DemandRow } from '../demands/demands.service';
import type { ListingRow } from '../listings/listings.service';
import { fromThousandths, toThousandths } from '../quantity/quantity';

/**
 * The SQL that selects matching candidates: every fit rule is here, so only fitting rows
 * leave the database. Plain functions, so bench/listings.bench.ts times the very same SQL.
 */

/**
 * Candidates read per way of ordering them. A demand's candidates are the cheapest
 * fitting listings in each currency and the nearest ones, so both ends of the
 * price-versus-distance trade-off are in the set the scoring and pooling choose from.
 */
export const CANDIDATES_PER_ORDER = 40;
/** A listing's candidate demands: the nearest fitting ones. */
export const DEMAND_CANDIDATES = 100;

export interface CandidateRow {
  id: string;
  organization_id: string;
  title: string;
  quantity_remaining: string;
  min_order_quantity: string | null;
  price_amount: string;
  price_currency: Currency;
  price_khr: string;
  quality_grade: string | null;
  distance_km: number;
  /** Orders as the distance does (the nearest candidates are merged by it). */
  chord: number;
}

export interface CandidateQuery {
  sql: string;
  params: unknown[];
}

/**
 * Listings that fit the demand: same product; active and within its availability; not the
 * buyer's own; grade at least the required one; available by neededBy; price (converted)
 * at most the maximum; remaining at least its own minimum order, and that minimum not
 * above the demand. The cheapest per currency come from listings_product_price_idx, the
 * nearest per currency from listings_product_geo_price_idx (GiST KNN, by distance alone so
 * the scan stops after the first rows; see the migration on unique points); UNION drops the
 * duplicates.
 */
export function listingCandidatesQuery(demand: DemandRow, khrPerUsd: string): CandidateQuery {
  const params: unknown[] = [
    demand.product_code,
    demand.organization_id,
    demand.needed_by,
    demand.quantity,
    demand.lat,
    demand.lng,
    khrPerUsd,
    demand.grade_rank,
    demand.max_price_amount,
    demand.max_price_currency === 'USD' ? khrPerUsd : '1',
  ];
  const point = 'public.ll_to_earth($5::float8, $6::float8)';
  const maxKhr = '($9::numeric * $10::numeric)';
  const fits = `t.product_code = $1 AND t.status = 'active' AND t.organization_id <> $2
    AND ($8::smallint IS NULL OR t.grade_rank <= $8::smallint)
    AND t.available_from <= $3 AND (t.available_until IS NULL OR t.available_until > now())
    AND t.quantity_remaining > 0
    AND (t.min_order_quantity IS NULL OR (t.quantity_remaining >= t.min_order_quantity AND t.min_order_quantity <= $4::numeric))`;
  const priceKhr = `CASE t.price_currency WHEN 'USD' THEN t.price_amount * $7::numeric ELSE t.price_amount END`;
  const columns = `t.id, t.organization_id, t.title, t.quantity_remaining, t.min_order_quantity, t.price_amount, t.price_currency,
    ${priceKhr} AS price_khr, t.quality_grade, public.earth_distance(t.geo, ${point}) / 1000.0 AS distance_km,
    t.geo OPERATOR(public.<->) ${point} AS chord`;
  // With the parameters' values known when planning, the NULL tests fold away and the price
  // bounds become index range conditions: of listings_product_price_idx for the cheapest, of
  // listings_product_geo_price_idx for the nearest, whose scan then skips listings above the
  // price without reading them from the table.
  const fitsIn = (currency: Currency) => {
    const bound = currency === 'KHR' ? maxKhr : `${maxKhr} / $7::numeric`;
    return `${fits} AND t.price_currency = '${currency}' AND ($9::numeric IS NULL OR t.price_amount <= ${bound})`;
  };
  const cheapest = (currency: Currency) =>
    `(SELECT ${columns} FROM listings t WHERE ${fitsIn(currency)} ORDER BY t.price_amount, t.id LIMIT ${CANDIDATES_PER_ORDER})`;
  const nearestIn = (currency: Currency) =>
    `(SELECT ${columns} FROM listings t WHERE ${fitsIn(currency)} ORDER BY t.geo OPERATOR(public.<->) ${point} LIMIT ${CANDIDATES_PER_ORDER})`;
  // Each currency's nearest, merged: the nearest overall.
  const nearest = `(SELECT n.* FROM (${nearestIn('KHR')} UNION ALL ${nearestIn('USD')}) n ORDER BY n.chord LIMIT ${CANDIDATES_PER_ORDER})`;
  return { sql: `${cheapest('KHR')} UNION ${cheapest('USD')} UNION ${nearest}`, params };
}

/**
 * Open demands still taking quotes that the listing fits (the same rules seen from the listing), nearest first from
 * demands_product_geo_idx (GiST KNN). A demand that refuses pooled supply needs the whole
 * quantity from this listing.
 */
export function demandCandidatesQuery(listing: ListingRow, khrPerUsd: string): CandidateQuery {
  const available = toThousandths(listing.quantity_remaining);
  const minOrder = listing.min_order_quantity ? toThousandths(listing.min_order_quantity) : 0n;
  return {
    sql: `SELECT ${DEMAND_COLUMNS}, public.earth_distance(t.geo, public.ll_to_earth($4, $5)) / 1000.0 AS distance_km
      FROM demands t
      WHERE t.product_code = $1 AND t.status = 'open' AND t.organization_id <> $2
        AND t.needed_by > now() AND t.needed_by >= $3
        -- A demand that takes no more quotes (quotesWanted reached, quotesUntil past) is no lead for a seller.
        AND t.quotes_closed_at IS NULL AND (t.quotes_until IS NULL OR t.quotes_until > now())
        AND (t.grade_rank IS NULL OR $6::smallint <= t.grade_rank)
        AND (t.max_price_amount IS NULL
             OR t.max_price_amount * CASE t.max_price_currency WHEN 'USD' THEN $7::numeric ELSE 1 END >= $8::numeric * $9::numeric)
        AND t.quantity >= $10::numeric
        AND (t.allow_pooled OR t.quantity <= $11::numeric)
      ORDER BY t.geo OPERATOR(public.<->) public.ll_to_earth($4, $5)
      LIMIT ${DEMAND_CANDIDATES}`,
    params: [
      listing.product_code,
      listing.organization_id,
      listing.available_from,
      listing.lat,
      listing.lng,
      listing.grade_rank,
      khrPerUsd,
      listing.price_amount,
      listing.price_currency === 'USD' ? khrPerUsd : '1',
      fromThousandths(minOrder),
      fromThousandths(available),
    ],
  };
}

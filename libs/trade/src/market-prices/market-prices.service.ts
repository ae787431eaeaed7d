import { Injectable } from '@nestjs/common';
import { Environment, ReadReplicas } from '@psar/platform';
import type { MarketPricesDto, MarketPricesQuery } from './dto/market-prices.query';

/**
 * After a deal completed here, the next computations read the primary (as a writer's reads
 * do), so the cache cleared for it is not filled again from a replica that lacks the deal.
 */
const AFTER_A_DEAL = { id: 'market-prices' };

/** Distinct queries kept; the key space is small (product × province × weeks × currency). */
const CACHE_ENTRIES = 1000;

interface CacheEntry {
  at: number;
  value: Promise<MarketPricesDto>;
}

/**
 * Public unit prices of completed deals per product, province and ISO week (Cambodia time):
 * median and quartiles of the lines' unit prices, and the average weighted by what was
 * delivered, with the quantity delivered; converted to the asked currency in SQL.
 * Served from a per-process cache of at most MARKET_PRICES_CACHE_SECONDS (≤ 60); a deal
 * completed on this API process clears it at once, on another it shows within the TTL. Read
 * from a read replica (ReadReplicas) when one is configured: a deal shows once it is replayed.
 */
@Injectable()
export class MarketPricesService {
  private readonly cache = new Map<string, CacheEntry>();

  constructor(
    private readonly replicas: ReadReplicas,
    private readonly env: Environment,
  ) {}

  invalidate(): void {
    this.replicas.noteWrite(AFTER_A_DEAL.id);
    this.cache.clear();
  }

  get(query: MarketPricesQuery): Promise<MarketPricesDto> {
    const key = JSON.stringify([query.productCode ?? null, query.province ?? null, query.weeks, query.currency]);
    const now = Date.now();
    const hit = this.cache.get(key);
    if (hit && now - hit.at < this.env.MARKET_PRICES_CACHE_SECONDS * 1000) return hit.value;
    if (this.cache.size >= CACHE_ENTRIES) this.cache.clear();
    const value = this.compute(query);
    this.cache.set(key, { at: now, value });
    value.catch(() => this.cache.delete(key));
    return value;
  }

  /** deals_market_idx (product_code, province_code, completed_at) WHERE status = 'completed'. */
  private async compute(query: MarketPricesQuery): Promise<MarketPricesDto> {
    const rows = (await this.replicas.query(
      `WITH observed AS (
         SELECT d.id AS deal_id, d.product_code, d.province_code,
                date_trunc('week', d.completed_at AT TIME ZONE 'Asia/Phnom_Penh') AS week_start,
                CASE WHEN l.unit_price_currency = $3 THEN l.unit_price_amount
                     WHEN l.unit_price_currency = 'USD' THEN l.unit_price_amount * $4::numeric
                     ELSE l.unit_price_amount / $4::numeric END AS price,
                -- What changed hands: the delivered quantity (set on delivery; agreed for deals completed before it was recorded).
                coalesce(l.delivered_quantity, l.quantity) AS delivered
         FROM deals d JOIN deal_lines l ON l.deal_id = d.id
         WHERE d.status = 'completed'
           AND d.completed_at >= (date_trunc('week', now() AT TIME ZONE 'Asia/Phnom_Penh') - make_interval(weeks => $5 - 1)) AT TIME ZONE 'Asia/Phnom_Penh'
           AND ($1::text IS NULL OR d.product_code = $1) AND ($2::text IS NULL OR d.province_code = $2))
       SELECT product_code, province_code, to_char(week_start, 'IYYY-"W"IW') AS week, to_char(week_start, 'YYYY-MM-DD') AS week_start,
              round(percentile_cont(0.5) WITHIN GROUP (ORDER BY price)::numeric, 2)::text AS median,
              round(percentile_cont(0.25) WITHIN GROUP (ORDER BY price)::numeric, 2)::text AS p25,
              round(percentile_cont(0.75) WITHIN GROUP (ORDER BY price)::numeric, 2)::text AS p75,
              round(sum(price * delivered) / nullif(sum(delivered), 0), 2)::text AS average,
              sum(delivered)::text AS quantity,
              count(DISTINCT deal_id)::int AS deals
       FROM observed GROUP BY product_code, province_code, week_start ORDER BY product_code, province_code, week_start`,
      [query.productCode ?? null, query.province ?? null, query.currency, this.env.KHR_PER_USD, query.weeks],
      { reader: AFTER_A_DEAL },
    )) as Array<{ product_code: string; province_code: string; week: string; week_start: string; median: string; p25: string; p75: string; average: string; quantity: string; deals: number }>;
    const money = (amount: string) => ({ amount, currency: query.currency });
    return {
      currency: query.currency,
      weeks: query.weeks,
      items: rows.map((r) => ({
        productCode: r.product_code,
        provinceCode: r.province_code,
        week: r.week,
        weekStart: r.week_start,
        median: money(r.median),
        p25: money(r.p25),
        p75: money(r.p75),
        average: money(r.average),
        // A sum may outgrow one quantity's 11 digits: trim the decimals' zeros as text.
        quantity: r.quantity.includes('.') ? r.quantity.replace(/\.?0+$/, '') : r.quantity,
        deals: r.deals,
      })),
    };
  }
}

import type { Pool } from 'pg';
import { type BenchDatabase, openKeptDatabase, openOwnDatabase } from './database';
import { fillLexicon, insertDemands, insertListings, insertOrganizations, random } from './listings-data';
import { say } from './settings';

/** The sizes and seed that shape a benchmark market. */
export interface MarketSizes {
  listings: number;
  demands: number;
  seed: number;
}

export type MarketDatabase = BenchDatabase & { loaded?: boolean; markLoaded?(): Promise<void> };

/**
 * The database of a benchmark market: an embedded Postgres kept in `keep` (loaded once for
 * these sizes, reused after), else a throwaway one (or a new database on DATABASE_URL's server).
 */
export function openMarketDatabase(sizes: MarketSizes, keep: string | undefined, prefix: string): Promise<MarketDatabase> {
  const log = (line: string) => say(`database: ${line}`);
  const dataset = `listings=${sizes.listings} demands=${sizes.demands} seed=${sizes.seed}`;
  return keep ? openKeptDatabase(keep, dataset, log) : openOwnDatabase(prefix, log);
}

export interface Market {
  orgs: { sellers: string[]; buyers: string[] };
  loadSeconds: number;
  /** pg_size_pretty of the listings table with its indexes. */
  size: string;
}

/** Loads the market's organizations, listings, demands and lexicon, unless a kept database holds them already. */
export async function prepareMarket(pool: Pool, database: MarketDatabase, sizes: MarketSizes): Promise<Market> {
  const rng = random(sizes.seed);
  const loadStarted = Date.now();
  const sellerCount = Math.max(50, Math.round(sizes.listings / 500));
  const buyerCount = Math.max(20, Math.round(sizes.demands / 100));
  let orgs: Market['orgs'];
  if (database.loaded) {
    say('database: the data is loaded already; analyzing…');
    // insertOrganizations' names tell them apart.
    const ids = async (names: string) => (await pool.query<{ id: string }>(`SELECT id FROM organizations WHERE name ~ $1`, [names])).rows.map((r) => r.id);
    orgs = { sellers: await ids('^Bench (producer|cooperative) '), buyers: await ids('^Bench buyer ') };
    await pool.query('ANALYZE');
  } else {
    orgs = await insertOrganizations(pool, rng, sellerCount, buyerCount);
    await insertListings(pool, rng, sizes.listings, orgs.sellers);
    await insertDemands(pool, rng, sizes.demands, orgs.buyers);
    say('filling the search lexicon and analyzing…');
    await fillLexicon(pool);
    await pool.query('VACUUM ANALYZE listings');
    await pool.query('VACUUM ANALYZE demands');
    await pool.query('ANALYZE');
    await database.markLoaded?.();
  }
  const loadSeconds = (Date.now() - loadStarted) / 1000;
  const [{ size }] = (await pool.query<{ size: string }>(`SELECT pg_size_pretty(pg_total_relation_size('listings')) AS size`)).rows as [{ size: string }];
  return { orgs, loadSeconds, size };
}

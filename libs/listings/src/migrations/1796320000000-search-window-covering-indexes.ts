import type { MigrationInterface, QueryRunner } from 'typeorm';

const INDEXES = [
  ['listings_newest_idx', '(created_at DESC, id DESC)'],
  ['listings_province_newest_idx', '(province_code, created_at DESC, id DESC)'],
] as const;

/**
 * A text search ranks the most recent matches (TEXT_WINDOW), read newest first: a rare word
 * ("honey" in one province) walks ~10,000 of the province's newest listings to find 500,
 * and each was a heap page visit (8,300 buffers, 15–23 ms at 1,000,000 listings, the
 * slowest search under bench:load). With the search vector and the price in the index, the
 * window is read from the index alone (an index-only scan, 480 buffers, ~5 ms) and only the
 * page's rows are fetched (search-sql.ts). The cost: each index grows from ~70 to ~320 MB per
 * million listings, and building them locks writes to listings for seconds.
 */
export class SearchWindowCoveringIndexes1796320000000 implements MigrationInterface {
  name = 'SearchWindowCoveringIndexes1796320000000';

  async up(q: QueryRunner): Promise<void> {
    for (const [name, keys] of INDEXES) {
      await q.query(`DROP INDEX ${name}`);
      await q.query(`CREATE INDEX ${name} ON listings ${keys} INCLUDE (search_vector, price_amount, price_currency) WHERE status = 'active'`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [name, keys] of INDEXES) {
      await q.query(`DROP INDEX ${name}`);
      await q.query(`CREATE INDEX ${name} ON listings ${keys} WHERE status = 'active'`);
    }
  }
}

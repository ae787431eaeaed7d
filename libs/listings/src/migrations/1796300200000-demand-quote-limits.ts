import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Quote requests that close: a demand may want so many quotes (quotes_wanted) until a date
 * (quotes_until). quotes_received counts the quotes taken (a counter-offer is no new quote);
 * the CHECK is the invariant that racing quotes cannot break. quotes_closed_at: when it stopped
 * taking quotes, set once (the buyer is told then).
 */
export class DemandQuoteLimits1796300200000 implements MigrationInterface {
  name = 'DemandQuoteLimits1796300200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE demands
        ADD COLUMN quotes_wanted integer,
        ADD COLUMN quotes_until timestamptz,
        ADD COLUMN quotes_received integer NOT NULL DEFAULT 0,
        ADD COLUMN quotes_closed_at timestamptz`);
    await q.query(`
      UPDATE demands d SET quotes_received = q.n
      FROM (SELECT demand_id, count(*)::int AS n FROM offers WHERE kind = 'quote' AND previous_offer_id IS NULL GROUP BY demand_id) q
      WHERE q.demand_id = d.id`);
    await q.query(`
      ALTER TABLE demands
        ADD CONSTRAINT demands_quotes_wanted CHECK (quotes_wanted BETWEEN 1 AND 1000),
        ADD CONSTRAINT demands_quotes_received CHECK (quotes_received >= 0 AND quotes_received <= coalesce(quotes_wanted, quotes_received))`);
    // The closing job's search: demands whose quote date passes while they still take quotes.
    await q.query('CREATE INDEX demands_quotes_until_idx ON demands (quotes_until) WHERE quotes_until IS NOT NULL AND quotes_closed_at IS NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX IF EXISTS demands_quotes_until_idx');
    await q.query(`
      ALTER TABLE demands
        DROP CONSTRAINT IF EXISTS demands_quotes_received,
        DROP CONSTRAINT IF EXISTS demands_quotes_wanted,
        DROP COLUMN IF EXISTS quotes_closed_at,
        DROP COLUMN IF EXISTS quotes_received,
        DROP COLUMN IF EXISTS quotes_until,
        DROP COLUMN IF EXISTS quotes_wanted`);
  }
}

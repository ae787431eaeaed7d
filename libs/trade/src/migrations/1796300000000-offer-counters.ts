import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Negotiation: a counter-offer is a new offer pointing at the one it answers, which becomes
 * `countered`. One counter per offer (the unique index): two racing counters cannot both land.
 * thread_id is the thread's first offer (null on that first offer itself).
 */
export class OfferCounters1796300000000 implements MigrationInterface {
  name = 'OfferCounters1796300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE offers
        ADD COLUMN previous_offer_id uuid REFERENCES offers (id) ON DELETE CASCADE,
        ADD COLUMN thread_id uuid REFERENCES offers (id) ON DELETE CASCADE,
        ADD CONSTRAINT offers_thread CHECK ((previous_offer_id IS NULL) = (thread_id IS NULL))`);
    await q.query('ALTER TABLE offers DROP CONSTRAINT offers_status');
    await q.query(`ALTER TABLE offers ADD CONSTRAINT offers_status CHECK (status IN ('pending', 'accepted', 'rejected', 'withdrawn', 'expired', 'countered'))`);
    // A thread's first offer is made by the seller (a quote) or the buyer (an order); a counter-offer by the side it answers.
    await q.query('ALTER TABLE offers DROP CONSTRAINT offers_sides');
    await q.query(`ALTER TABLE offers ADD CONSTRAINT offers_sides CHECK (buyer_organization_id <> seller_organization_id
      AND organization_id IN (buyer_organization_id, seller_organization_id)
      AND (previous_offer_id IS NOT NULL OR organization_id = CASE kind WHEN 'quote' THEN seller_organization_id ELSE buyer_organization_id END))`);
    await q.query('CREATE UNIQUE INDEX offers_counter_once_idx ON offers (previous_offer_id) WHERE previous_offer_id IS NOT NULL');
    await q.query('CREATE INDEX offers_thread_idx ON offers (thread_id) WHERE thread_id IS NOT NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX IF EXISTS offers_thread_idx');
    await q.query('DROP INDEX IF EXISTS offers_counter_once_idx');
    // Counter-offers (and the deals made of them) cannot be told in the old shape: refuse rather than drop them.
    const [{ n }] = (await q.query('SELECT count(*)::int AS n FROM offers WHERE previous_offer_id IS NOT NULL')) as Array<{ n: number }>;
    if (n > 0) throw new Error(`${n} counter-offers exist; reverting OfferCounters would lose them`);
    await q.query('ALTER TABLE offers DROP CONSTRAINT offers_sides');
    await q.query(`ALTER TABLE offers ADD CONSTRAINT offers_sides CHECK (buyer_organization_id <> seller_organization_id
      AND organization_id = CASE kind WHEN 'quote' THEN seller_organization_id ELSE buyer_organization_id END)`);
    await q.query('ALTER TABLE offers DROP CONSTRAINT offers_status');
    await q.query(`ALTER TABLE offers ADD CONSTRAINT offers_status CHECK (status IN ('pending', 'accepted', 'rejected', 'withdrawn', 'expired'))`);
    await q.query('ALTER TABLE offers DROP CONSTRAINT IF EXISTS offers_thread, DROP COLUMN IF EXISTS thread_id, DROP COLUMN IF EXISTS previous_offer_id');
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Blind reviews: a review shows once revealed_at is set (when the other side reviews too) or
 * 14 days after the deal completed (reviews/blind-reviews.ts). revealed_at is also how the
 * reveal job knows which reviews it has yet to publish into reputation. Reviews written before
 * this rule were public already and stay so.
 */
export class BlindReviews1796300100000 implements MigrationInterface {
  name = 'BlindReviews1796300100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE deal_reviews ADD COLUMN revealed_at timestamptz');
    await q.query('UPDATE deal_reviews SET revealed_at = created_at');
    // The reveal job's search: reviews still blind.
    await q.query('CREATE INDEX deal_reviews_blind_idx ON deal_reviews (deal_id) WHERE revealed_at IS NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX IF EXISTS deal_reviews_blind_idx');
    await q.query('ALTER TABLE deal_reviews DROP COLUMN IF EXISTS revealed_at');
  }
}

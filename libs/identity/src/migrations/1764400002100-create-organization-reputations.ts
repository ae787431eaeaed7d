import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The trade figures shown on an organization's public profile. Identity does not know deals:
 * listings sends the figures in reputation.updated events and identity keeps the latest
 * (by computed_at, so a late, older event never overwrites a newer one).
 */
export class CreateOrganizationReputations1764400002100 implements MigrationInterface {
  name = 'CreateOrganizationReputations1764400002100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE organization_reputations (
        organization_id uuid PRIMARY KEY REFERENCES organizations (id) ON DELETE CASCADE,
        completed_deals integer NOT NULL DEFAULT 0,
        rated_deals integer NOT NULL DEFAULT 0,
        average_rating numeric(3, 2),
        on_time_share numeric(4, 3),
        computed_at timestamptz NOT NULL,
        CONSTRAINT organization_reputations_counts CHECK (completed_deals >= 0 AND rated_deals >= 0),
        CONSTRAINT organization_reputations_rating CHECK (average_rating BETWEEN 1 AND 5),
        CONSTRAINT organization_reputations_on_time CHECK (on_time_share BETWEEN 0 AND 1)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS organization_reputations');
  }
}

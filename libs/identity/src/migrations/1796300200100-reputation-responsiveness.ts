import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Response rate and median minutes to a first answer, as trade publishes them (issue 18); null until known. */
export class ReputationResponsiveness1796300200100 implements MigrationInterface {
  name = 'ReputationResponsiveness1796300200100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE organization_reputations ADD COLUMN response_rate numeric(3, 2), ADD COLUMN median_response_minutes integer,
      ADD CONSTRAINT organization_reputations_response_rate CHECK (response_rate BETWEEN 0 AND 1),
      ADD CONSTRAINT organization_reputations_median_response CHECK (median_response_minutes >= 0)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE organization_reputations DROP COLUMN response_rate, DROP COLUMN median_response_minutes');
  }
}

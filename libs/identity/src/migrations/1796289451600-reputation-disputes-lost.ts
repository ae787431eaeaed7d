import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Disputes settled against an organization, shown on its profile beside its on-time share (issue 18). */
export class ReputationDisputesLost1796289451600 implements MigrationInterface {
  name = 'ReputationDisputesLost1796289451600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE organization_reputations ADD COLUMN disputes_lost integer NOT NULL DEFAULT 0,
      ADD CONSTRAINT organization_reputations_disputes_lost CHECK (disputes_lost >= 0)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE organization_reputations DROP COLUMN disputes_lost');
  }
}

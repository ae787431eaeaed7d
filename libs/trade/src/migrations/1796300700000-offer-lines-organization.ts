import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The cooperatives' quotes a member firm supplies a line of (GET /offers for the firm's members). */
export class OfferLinesOrganization1796300700000 implements MigrationInterface {
  name = 'OfferLinesOrganization1796300700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX offer_lines_organization_idx ON offer_lines (organization_id, offer_id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX offer_lines_organization_idx');
  }
}

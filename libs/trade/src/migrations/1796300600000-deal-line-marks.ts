import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A cooperative's member firm marks its own line of a deal delivered (marked_quantity, by
 * whom, when) while the deal is still agreed; when every line is marked, the deal becomes
 * delivered with those quantities. deal_lines_organization_idx: the deals a firm supplies a line of.
 */
export class DealLineMarks1796300600000 implements MigrationInterface {
  name = 'DealLineMarks1796300600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE deal_lines
      ADD COLUMN marked_quantity numeric(14, 3),
      ADD COLUMN marked_at timestamptz,
      ADD COLUMN marked_by_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
      ADD CONSTRAINT deal_lines_marked CHECK ((marked_at IS NULL) = (marked_quantity IS NULL))`);
    await q.query('CREATE INDEX deal_lines_organization_idx ON deal_lines (organization_id, deal_id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX deal_lines_organization_idx');
    await q.query('ALTER TABLE deal_lines DROP CONSTRAINT deal_lines_marked, DROP COLUMN marked_by_user_id, DROP COLUMN marked_at, DROP COLUMN marked_quantity');
  }
}

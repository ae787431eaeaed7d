import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who acted for whom: a listing or offer made by an agent for a producer (the agent's user
 * and organization), and the deal that came of it. Null when the seller acted itself.
 */
export class RecordAgents1796234569210 implements MigrationInterface {
  name = 'RecordAgents1796234569210';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ['listings', 'offers', 'deals']) {
      await q.query(`
        ALTER TABLE ${table}
          ADD COLUMN acted_by_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
          ADD COLUMN agent_organization_id uuid REFERENCES organizations (id) ON DELETE SET NULL`);
      // The agent's page sums its deals per producer; the others are looked up by id.
      if (table === 'deals') await q.query('CREATE INDEX deals_agent_idx ON deals (agent_organization_id, seller_organization_id) WHERE agent_organization_id IS NOT NULL');
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX IF EXISTS deals_agent_idx');
    for (const table of ['listings', 'offers', 'deals']) {
      await q.query(`ALTER TABLE ${table} DROP COLUMN IF EXISTS acted_by_user_id, DROP COLUMN IF EXISTS agent_organization_id`);
    }
  }
}

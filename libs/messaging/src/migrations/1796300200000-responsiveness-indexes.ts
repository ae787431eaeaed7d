import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * For responsiveness (issue 18): an organization's conversations (else a scan of every
 * participant), and the direct conversations active in the last minutes, whose organizations
 * trade republishes. The second costs conversations' HOT updates on each message, a price
 * paid for figures that are fresh within a minute of a reply.
 */
export class ResponsivenessIndexes1796300200000 implements MigrationInterface {
  name = 'ResponsivenessIndexes1796300200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX conversation_participants_organization_idx ON conversation_participants (organization_id, conversation_id) WHERE organization_id IS NOT NULL');
    await q.query('CREATE INDEX conversations_activity_idx ON conversations (activity_at) WHERE group_id IS NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX conversations_activity_idx');
    await q.query('DROP INDEX conversation_participants_organization_idx');
  }
}

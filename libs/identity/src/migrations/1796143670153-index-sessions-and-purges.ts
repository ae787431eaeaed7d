import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the session check on every authenticated request and for the housekeeping
 * purges, which delete in small batches and must find their rows without a table scan.
 */
export class IndexSessionsAndPurges1796143670153 implements MigrationInterface {
  name = 'IndexSessionsAndPurges1796143670153';

  async up(q: QueryRunner): Promise<void> {
    // A session (refresh-token family) is live while its current token is neither rotated
    // nor revoked: at most one such row per family, so the check reads one index entry.
    await q.query(
      'CREATE INDEX refresh_tokens_live_family_idx ON refresh_tokens (family_id) WHERE rotated_at IS NULL AND revoked_at IS NULL',
    );
    await q.query('CREATE INDEX refresh_tokens_expires_idx ON refresh_tokens (expires_at)');
    await q.query('CREATE INDEX refresh_tokens_revoked_idx ON refresh_tokens (revoked_at) WHERE revoked_at IS NOT NULL');
    // Deleting a token sets replaced_by NULL on the token before it (ON DELETE SET NULL):
    // without this index every deleted row would scan the table.
    await q.query('CREATE INDEX refresh_tokens_replaced_by_idx ON refresh_tokens (replaced_by) WHERE replaced_by IS NOT NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX IF EXISTS refresh_tokens_replaced_by_idx');
    await q.query('DROP INDEX IF EXISTS refresh_tokens_revoked_idx');
    await q.query('DROP INDEX IF EXISTS refresh_tokens_expires_idx');
    await q.query('DROP INDEX IF EXISTS refresh_tokens_live_family_idx');
  }
}

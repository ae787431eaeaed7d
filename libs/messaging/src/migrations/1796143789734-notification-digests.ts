import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Digests: a bursty kind (matches, registrations, stall requests) keeps one unread
 * notification per (user, kind, digest key) and updates it, instead of adding one per event.
 * Each event a digest counts is an item, keyed (user, kind, event) as notifications were,
 * so a redelivered event or two replicas delivering it at once count it once.
 */
export class NotificationDigests1796143789734 implements MigrationInterface {
  name = 'NotificationDigests1796143789734';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE notifications
        ADD COLUMN digest_key text CHECK (char_length(digest_key) BETWEEN 1 AND 200),
        ADD COLUMN item_count integer NOT NULL DEFAULT 1 CHECK (item_count >= 1),
        ADD COLUMN updated_at timestamptz`);
    // At most one open digest per (user, kind, key): the upsert's arbiter, and what makes concurrent deliveries meet on one row.
    await q.query(`
      CREATE UNIQUE INDEX notifications_open_digest_key ON notifications (user_id, kind, digest_key)
      WHERE read_at IS NULL AND digest_key IS NOT NULL`);
    await q.query(`
      CREATE TABLE notification_digest_items (
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        kind text NOT NULL,
        event_id uuid NOT NULL,
        notification_id uuid NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
        label text NOT NULL CHECK (char_length(label) BETWEEN 1 AND 200),
        score double precision NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, kind, event_id)
      )`);
    // The best few of a digest, named in its body: read as the index's first rows.
    await q.query('CREATE INDEX notification_digest_items_best_idx ON notification_digest_items (notification_id, score DESC, created_at, event_id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS notification_digest_items');
    await q.query('DROP INDEX IF EXISTS notifications_open_digest_key');
    await q.query('ALTER TABLE notifications DROP COLUMN IF EXISTS updated_at, DROP COLUMN IF EXISTS item_count, DROP COLUMN IF EXISTS digest_key');
  }
}

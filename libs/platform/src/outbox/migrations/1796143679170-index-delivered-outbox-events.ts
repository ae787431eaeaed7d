import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Lets the outbox purge find delivered events by age, a batch at a time. */
export class IndexDeliveredOutboxEvents1796143679170 implements MigrationInterface {
  name = 'IndexDeliveredOutboxEvents1796143679170';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX outbox_events_delivered_idx ON outbox_events (delivered_at) WHERE delivered_at IS NOT NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX IF EXISTS outbox_events_delivered_idx');
  }
}

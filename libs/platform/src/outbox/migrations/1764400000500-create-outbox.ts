import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateOutbox1764400000500 implements MigrationInterface {
  name = 'CreateOutbox1764400000500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE outbox_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        type text NOT NULL CHECK (type ~ '^[a-z][a-z_]*(\\.[a-z][a-z_]*)+$'),
        payload jsonb NOT NULL,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        delivered_at timestamptz,
        attempts integer NOT NULL DEFAULT 0,
        last_error text
      )`);
    // The operator's view: what is still waiting or failing.
    await q.query('CREATE INDEX outbox_events_undelivered_idx ON outbox_events (occurred_at) WHERE delivered_at IS NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE outbox_events');
  }
}

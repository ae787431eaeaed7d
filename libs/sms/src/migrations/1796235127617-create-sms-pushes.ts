import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * SMS pushes (issue 17, item 4): who chose SMS for which notification kind, every push made
 * (one row per event and person: a redelivered event finds its row and sends nothing), the
 * pushes held through quiet hours, and the per-person daily count the cap is checked against
 * (a conditional upsert, so two replicas never both send the eleventh).
 */
export class CreateSmsPushes1796235127617 implements MigrationInterface {
  name = 'CreateSmsPushes1796235127617';

  async up(q: QueryRunner): Promise<void> {
    const kinds = `('matchFound', 'offerReceived', 'offerAccepted', 'dealDelivered', 'trainingReminder', 'waitlistPromotion')`;
    await q.query(`
      CREATE TABLE sms_push_settings (
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        kind text NOT NULL CONSTRAINT sms_push_settings_kind CHECK (kind IN ${kinds}),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, kind)
      )`);
    await q.query(`
      CREATE TABLE sms_pushes (
        event_id uuid NOT NULL,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        kind text NOT NULL CONSTRAINT sms_pushes_kind CHECK (kind IN ${kinds}),
        -- What the push is about when one thing can cause several events (a demand fitting many listings).
        subject_id uuid,
        phone text NOT NULL,
        text text NOT NULL,
        status text NOT NULL CONSTRAINT sms_pushes_status CHECK (status IN ('sent', 'held', 'capped')),
        release_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        PRIMARY KEY (event_id, user_id),
        CONSTRAINT sms_pushes_held_has_release CHECK (status <> 'held' OR release_at IS NOT NULL)
      )`);
    // A seller whose three listings fit one demand hears of the demand once.
    await q.query(`CREATE UNIQUE INDEX sms_pushes_one_match_per_demand ON sms_pushes (user_id, subject_id) WHERE kind = 'matchFound'`);
    // The release job reads the held pushes that are due.
    await q.query(`CREATE INDEX sms_pushes_held_idx ON sms_pushes (release_at) WHERE status = 'held'`);
    await q.query(`CREATE INDEX sms_pushes_created_idx ON sms_pushes (created_at)`);
    await q.query(`
      CREATE TABLE sms_push_days (
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        day date NOT NULL,
        sent integer NOT NULL CHECK (sent >= 0),
        capped integer NOT NULL DEFAULT 0 CHECK (capped >= 0),
        PRIMARY KEY (user_id, day)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE sms_push_days');
    await q.query('DROP TABLE sms_pushes');
    await q.query('DROP TABLE sms_push_settings');
  }
}

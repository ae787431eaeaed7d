import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The SMS channel: every message in and out, each number's state, and the counters of its
 * rate limits. A gateway's retried delivery meets the first on (gateway, gateway message id);
 * a retried send meets the first on its send key.
 */
export class CreateSms1796234055342 implements MigrationInterface {
  name = 'CreateSms1796234055342';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sms_numbers (
        phone text PRIMARY KEY CONSTRAINT sms_numbers_phone_e164 CHECK (phone ~ '^\\+[1-9][0-9]{6,14}$'),
        user_id uuid REFERENCES users (id) ON DELETE SET NULL,
        locale text NOT NULL DEFAULT 'km' CONSTRAINT sms_numbers_locale CHECK (locale IN ('km', 'en')),
        province_code text,
        stopped_at timestamptz,
        state jsonb,
        state_expires_at timestamptz,
        more_text text,
        more_expires_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT sms_numbers_state_expires CHECK ((state IS NULL) = (state_expires_at IS NULL)),
        CONSTRAINT sms_numbers_more_expires CHECK ((more_text IS NULL) = (more_expires_at IS NULL))
      )`);
    await q.query('CREATE INDEX sms_numbers_user_idx ON sms_numbers (user_id) WHERE user_id IS NOT NULL');
    await q.query(`
      CREATE TABLE sms_messages (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        direction text NOT NULL CONSTRAINT sms_messages_direction CHECK (direction IN ('in', 'out')),
        gateway text NOT NULL CHECK (char_length(gateway) BETWEEN 1 AND 40),
        gateway_message_id text CHECK (char_length(gateway_message_id) BETWEEN 1 AND 200),
        phone text NOT NULL CONSTRAINT sms_messages_phone_e164 CHECK (phone ~ '^\\+[1-9][0-9]{6,14}$'),
        text text NOT NULL CHECK (char_length(text) <= 2000),
        encoding text CONSTRAINT sms_messages_encoding CHECK (encoding IN ('GSM-7', 'UCS-2')),
        parts integer CHECK (parts >= 1),
        status text NOT NULL CONSTRAINT sms_messages_status CHECK (
          (direction = 'in' AND status IN ('received', 'handled', 'ignored', 'failed'))
          OR (direction = 'out' AND status IN ('queued', 'sending', 'retrying', 'sent', 'failed', 'suppressed', 'rate_limited'))),
        send_key text CHECK (char_length(send_key) BETWEEN 1 AND 200),
        -- Only the confirmation of a STOP may go to a stopped number.
        bypass_stop boolean NOT NULL DEFAULT false,
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        handled_at timestamptz,
        sent_at timestamptz,
        CONSTRAINT sms_messages_inbound_id CHECK (direction <> 'in' OR gateway_message_id IS NOT NULL),
        CONSTRAINT sms_messages_outbound_key CHECK (direction <> 'out' OR send_key IS NOT NULL)
      )`);
    // A retried or parallel delivery of one inbound message is one row (the insert's arbiter).
    await q.query(`CREATE UNIQUE INDEX sms_messages_inbound_key ON sms_messages (gateway, gateway_message_id) WHERE direction = 'in'`);
    // A retried step never sends twice (ON CONFLICT DO NOTHING on it).
    await q.query(`CREATE UNIQUE INDEX sms_messages_send_key ON sms_messages (send_key) WHERE direction = 'out'`);
    // A number's history, and the dispatcher's next unhandled message of a number.
    await q.query('CREATE INDEX sms_messages_phone_idx ON sms_messages (phone, created_at, id)');
    await q.query(`CREATE INDEX sms_messages_pending_in_idx ON sms_messages (phone, created_at, id) WHERE direction = 'in' AND status = 'received'`);
    // Fixed-window counters of the SMS rate limits (per number, per gateway); old windows are purged.
    await q.query(`
      CREATE TABLE sms_rate_windows (
        key text NOT NULL CHECK (char_length(key) BETWEEN 1 AND 200),
        window_start timestamptz NOT NULL,
        hits integer NOT NULL CHECK (hits >= 0),
        PRIMARY KEY (key, window_start)
      )`);
    await q.query('CREATE INDEX sms_rate_windows_start_idx ON sms_rate_windows (window_start)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS sms_rate_windows');
    await q.query('DROP TABLE IF EXISTS sms_messages');
    await q.query('DROP TABLE IF EXISTS sms_numbers');
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a producer types by SMS to act on something (an offer, a demand, a training stop):
 * a four-letter code given in an earlier reply, scoped to their phone number, so codes stay
 * short and one number's codes never reach another's things. And the short PIN that
 * accepting an offer by SMS needs, since a sender's number can be spoofed.
 */
export class CreateSmsShortCodesAndPins1796234125671 implements MigrationInterface {
  name = 'CreateSmsShortCodesAndPins1796234125671';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sms_short_codes (
        phone text NOT NULL,
        code text NOT NULL,
        kind text NOT NULL,
        target_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (phone, code),
        CONSTRAINT sms_short_codes_one_per_target UNIQUE (phone, kind, target_id),
        CONSTRAINT sms_short_codes_kind CHECK (kind IN ('offer', 'demand', 'listing', 'session')),
        CONSTRAINT sms_short_codes_code CHECK (code ~ '^[A-Z0-9]{4}$')
      )`);
    await q.query(`
      CREATE TABLE sms_pins (
        user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
        pin_hash text NOT NULL,
        failed_attempts integer NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
        locked_until timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE sms_pins');
    await q.query('DROP TABLE sms_short_codes');
  }
}

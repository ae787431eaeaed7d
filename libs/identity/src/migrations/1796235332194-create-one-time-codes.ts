import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Short codes sent by SMS or email: to reset a forgotten password, and to prove a phone
 * number given on the web (`users.phone_verified_at`).
 * - only a keyed hash of a code is stored (OneTimeCodesService says why HMAC);
 * - one live code per (user, purpose): a partial unique index, so a new request ends the
 *   one before and two requests at once cannot leave two;
 * - a code is ended once, by use or by being replaced or worn out, and never has more
 *   wrong attempts than it allows.
 * Existing users stay unverified: only a code (or, later, a first SMS from the number) proves a phone.
 */
export class CreateOneTimeCodes1796235332194 implements MigrationInterface {
  name = 'CreateOneTimeCodes1796235332194';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE users ADD COLUMN phone_verified_at timestamptz');
    await q.query('ALTER TABLE users ADD CONSTRAINT users_phone_verified_has_phone CHECK (phone_verified_at IS NULL OR phone IS NOT NULL)');
    await q.query(`
      CREATE TABLE one_time_codes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        purpose text NOT NULL,
        channel text NOT NULL,
        destination text NOT NULL,
        code_hash bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        max_attempts integer NOT NULL,
        used_at timestamptz,
        ended_at timestamptz,
        CONSTRAINT one_time_codes_purpose CHECK (purpose IN ('password_reset', 'phone_verification')),
        CONSTRAINT one_time_codes_channel CHECK (channel IN ('sms', 'email')),
        CONSTRAINT one_time_codes_expiry CHECK (expires_at > created_at),
        CONSTRAINT one_time_codes_attempts CHECK (attempts >= 0 AND attempts <= max_attempts),
        CONSTRAINT one_time_codes_hash_length CHECK (octet_length(code_hash) = 32),
        CONSTRAINT one_time_codes_used_is_ended CHECK (used_at IS NULL OR ended_at = used_at)
      )`);
    await q.query('CREATE UNIQUE INDEX one_time_codes_one_live ON one_time_codes (user_id, purpose) WHERE ended_at IS NULL');
    // IdentityHousekeepingService deletes codes a day old.
    await q.query('CREATE INDEX one_time_codes_created_at_idx ON one_time_codes (created_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS one_time_codes');
    await q.query('ALTER TABLE users DROP CONSTRAINT IF EXISTS users_phone_verified_has_phone');
    await q.query('ALTER TABLE users DROP COLUMN IF EXISTS phone_verified_at');
  }
}

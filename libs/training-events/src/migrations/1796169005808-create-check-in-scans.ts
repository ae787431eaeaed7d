import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Scans made offline at the door and uploaded later in batches. A scan is identified by
 * the id its phone gave it, so a batch uploaded twice records nothing new; its answer is
 * stored with it, so the replay gets the same answer.
 */
export class CreateCheckInScans1796169005808 implements MigrationInterface {
  name = 'CreateCheckInScans1796169005808';

  async up(q: QueryRunner): Promise<void> {
    // A scan is of a code, or (code null) a walk-in entered on the phone: that scan's
    // registration is created with it, so the reference is checked at commit.
    await q.query(`
      CREATE TABLE training_check_in_scans (
        session_id uuid NOT NULL REFERENCES training_sessions (id) ON DELETE CASCADE,
        scan_id uuid NOT NULL,
        device_id text NOT NULL,
        code text,
        scanned_at timestamptz NOT NULL,
        result text NOT NULL,
        reason text,
        registration_id uuid REFERENCES training_registrations (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
        uploaded_by uuid REFERENCES users (id) ON DELETE SET NULL,
        uploaded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (session_id, scan_id),
        CONSTRAINT training_check_in_scans_device_id CHECK (length(device_id) BETWEEN 1 AND 100),
        CONSTRAINT training_check_in_scans_code CHECK (code ~ '^[0-9A-HJKMNP-TV-Z]{6}$'),
        CONSTRAINT training_check_in_scans_result CHECK (
          result IN ('accepted', 'duplicate', 'unknown', 'refused') AND (code IS NOT NULL OR result IN ('accepted', 'refused'))
        ),
        CONSTRAINT training_check_in_scans_reason CHECK (
          (result IN ('unknown', 'refused')) = (reason IS NOT NULL)
          AND (result IN ('unknown', 'refused')) = (registration_id IS NULL)
          AND reason IN ('no-such-code', 'registration-cancelled', 'code-for-another-session', 'session-full')
        )
      )`);
    // One attendance per registration: of all the scans of a code, on any phone, in any
    // batch, at most one is the one that checked the person in.
    await q.query(`
      CREATE UNIQUE INDEX training_check_in_scans_one_accepted ON training_check_in_scans (registration_id)
      WHERE result = 'accepted'`);
    await q.query('CREATE INDEX training_check_in_scans_registration_idx ON training_check_in_scans (registration_id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS training_check_in_scans');
  }
}

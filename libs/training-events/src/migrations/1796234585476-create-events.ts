import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Exposure visits and business forums as kinds of the trainings' events: a host, an agenda,
 * meeting points with transport seats per session, a cost shared with a sponsor; and on
 * registrations the meeting point, what the participant owes and whether they share their
 * organization's profile with the other participants.
 */
export class CreateEvents1796234585476 implements MigrationInterface {
  name = 'CreateEvents1796234585476';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE trainings
        ADD COLUMN kind text NOT NULL DEFAULT 'training',
        ADD COLUMN host_organization_id uuid REFERENCES organizations (id) ON DELETE SET NULL,
        ADD COLUMN cost_amount numeric(14, 2),
        ADD COLUMN cost_currency text,
        ADD COLUMN sponsor_share_percent smallint,
        ADD CONSTRAINT trainings_kind CHECK (kind IN ('training', 'exposure_visit', 'business_forum')),
        ADD CONSTRAINT trainings_cost_complete CHECK (
          (cost_amount IS NULL) = (cost_currency IS NULL) AND (cost_amount IS NULL) = (sponsor_share_percent IS NULL)
        ),
        ADD CONSTRAINT trainings_cost_amount CHECK (cost_amount >= 0),
        ADD CONSTRAINT trainings_cost_currency CHECK (cost_currency IN ('KHR', 'USD')),
        -- Riel has no coins below 1: a KHR cost is whole riel.
        ADD CONSTRAINT trainings_cost_whole_riel CHECK (cost_currency <> 'KHR' OR cost_amount = trunc(cost_amount)),
        ADD CONSTRAINT trainings_sponsor_share_percent CHECK (sponsor_share_percent BETWEEN 0 AND 100)`);
    await q.query('CREATE INDEX trainings_kind_idx ON trainings (kind)');
    await q.query('CREATE INDEX trainings_host_idx ON trainings (host_organization_id) WHERE host_organization_id IS NOT NULL');

    // A forum's talks, in the order given.
    await q.query(`
      CREATE TABLE training_agenda_items (
        training_id uuid NOT NULL REFERENCES trainings (id) ON DELETE CASCADE,
        position integer NOT NULL,
        starts_at timestamptz NOT NULL,
        title text NOT NULL,
        speaker text NOT NULL,
        PRIMARY KEY (training_id, position),
        CONSTRAINT training_agenda_items_position CHECK (position >= 1),
        CONSTRAINT training_agenda_items_title_length CHECK (length(btrim(title)) BETWEEN 1 AND 200),
        CONSTRAINT training_agenda_items_speaker_length CHECK (length(btrim(speaker)) BETWEEN 1 AND 200)
      )`);

    // Where the visit's transport leaves from, with its seats. seats_taken is kept, under the
    // session's row lock, equal to the confirmed registrations' seats at this point: the
    // CHECK is what makes "no bus over its seats" hold whatever the concurrency.
    await q.query(`
      CREATE TABLE training_meeting_points (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        session_id uuid NOT NULL REFERENCES training_sessions (id) ON DELETE CASCADE,
        name text NOT NULL,
        departs_at timestamptz NOT NULL,
        seats integer NOT NULL,
        seats_taken integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT training_meeting_points_name_length CHECK (length(btrim(name)) BETWEEN 1 AND 200),
        CONSTRAINT training_meeting_points_seats CHECK (seats BETWEEN 1 AND 10000),
        CONSTRAINT training_meeting_points_seats_within CHECK (seats_taken BETWEEN 0 AND seats),
        -- The target of registrations' (meeting_point_id, session_id) reference.
        CONSTRAINT training_meeting_points_session_key UNIQUE (id, session_id)
      )`);
    await q.query('CREATE INDEX training_meeting_points_session_idx ON training_meeting_points (session_id, departs_at)');

    // A registration's meeting point is one of its own session's (the composite reference).
    await q.query(`
      ALTER TABLE training_registrations
        ADD COLUMN meeting_point_id uuid,
        ADD COLUMN share_profile boolean NOT NULL DEFAULT false,
        ADD COLUMN amount_due numeric(14, 2),
        ADD COLUMN amount_sponsored numeric(14, 2),
        ADD COLUMN amount_currency text,
        ADD COLUMN payment_status text,
        ADD COLUMN payment_updated_at timestamptz,
        ADD COLUMN payment_updated_by uuid REFERENCES users (id) ON DELETE SET NULL,
        ADD CONSTRAINT training_registrations_meeting_point FOREIGN KEY (meeting_point_id, session_id)
          REFERENCES training_meeting_points (id, session_id) ON DELETE RESTRICT,
        ADD CONSTRAINT training_registrations_cost_complete CHECK (
          (amount_due IS NULL) = (amount_sponsored IS NULL) AND (amount_due IS NULL) = (amount_currency IS NULL)
          AND (amount_due IS NULL) = (payment_status IS NULL)
        ),
        ADD CONSTRAINT training_registrations_amounts CHECK (amount_due >= 0 AND amount_sponsored >= 0),
        ADD CONSTRAINT training_registrations_amount_currency CHECK (amount_currency IN ('KHR', 'USD')),
        ADD CONSTRAINT training_registrations_payment_status CHECK (payment_status IN ('due', 'paid', 'waived'))`);
    await q.query(
      'CREATE INDEX training_registrations_meeting_point_idx ON training_registrations (meeting_point_id) WHERE meeting_point_id IS NOT NULL',
    );

    // What the organizer posted to the participants (a forum's notes, a visit's outcomes).
    await q.query(`
      CREATE TABLE training_event_notes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        training_id uuid NOT NULL REFERENCES trainings (id) ON DELETE CASCADE,
        body text NOT NULL,
        posted_by uuid REFERENCES users (id) ON DELETE SET NULL,
        recipient_count integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT training_event_notes_body_length CHECK (length(btrim(body)) BETWEEN 1 AND 4000)
      )`);
    await q.query('CREATE INDEX training_event_notes_training_idx ON training_event_notes (training_id, created_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS training_event_notes');
    await q.query(`
      ALTER TABLE training_registrations
        DROP CONSTRAINT IF EXISTS training_registrations_meeting_point,
        DROP COLUMN IF EXISTS meeting_point_id, DROP COLUMN IF EXISTS share_profile, DROP COLUMN IF EXISTS amount_due,
        DROP COLUMN IF EXISTS amount_sponsored, DROP COLUMN IF EXISTS amount_currency, DROP COLUMN IF EXISTS payment_status,
        DROP COLUMN IF EXISTS payment_updated_at, DROP COLUMN IF EXISTS payment_updated_by`);
    await q.query('DROP TABLE IF EXISTS training_meeting_points');
    await q.query('DROP TABLE IF EXISTS training_agenda_items');
    await q.query(`
      ALTER TABLE trainings
        DROP COLUMN IF EXISTS kind, DROP COLUMN IF EXISTS host_organization_id, DROP COLUMN IF EXISTS cost_amount,
        DROP COLUMN IF EXISTS cost_currency, DROP COLUMN IF EXISTS sponsor_share_percent`);
  }
}

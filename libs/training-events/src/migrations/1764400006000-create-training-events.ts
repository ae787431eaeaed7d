import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateTrainingEvents1764400006000 implements MigrationInterface {
  name = 'CreateTrainingEvents1764400006000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE trainings (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE RESTRICT,
        title text NOT NULL,
        description text,
        topic text NOT NULL,
        value_chains text[] NOT NULL,
        embedded_offer text,
        waitlist_rule text NOT NULL DEFAULT 'strict_order',
        status text NOT NULL DEFAULT 'active',
        cancelled_at timestamptz,
        created_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT trainings_title_length CHECK (length(btrim(title)) BETWEEN 1 AND 200),
        CONSTRAINT trainings_topic_length CHECK (length(btrim(topic)) BETWEEN 1 AND 200),
        CONSTRAINT trainings_description_length CHECK (length(description) <= 4000),
        CONSTRAINT trainings_embedded_offer_length CHECK (length(embedded_offer) <= 1000),
        CONSTRAINT trainings_value_chains CHECK (cardinality(value_chains) BETWEEN 1 AND 20 AND array_position(value_chains, NULL) IS NULL),
        CONSTRAINT trainings_waitlist_rule CHECK (waitlist_rule IN ('strict_order', 'fill_free_seats')),
        CONSTRAINT trainings_status CHECK (status IN ('active', 'cancelled')),
        CONSTRAINT trainings_cancelled_at CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL))
      )`);
    await q.query('CREATE INDEX trainings_organization_idx ON trainings (organization_id, created_at)');
    // ?valueChain= filters with value_chains @> ARRAY[...]
    await q.query('CREATE INDEX trainings_value_chains_idx ON trainings USING gin (value_chains)');

    // One training team cannot be in two places at once: sessions of a training that are
    // not cancelled never overlap in time. The exclusion constraint decides between two
    // concurrent additions (the second waits for the first and fails with 23P01).
    await q.query(`
      CREATE TABLE training_sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        training_id uuid NOT NULL REFERENCES trainings (id) ON DELETE CASCADE,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        province_code text NOT NULL REFERENCES provinces (code) ON DELETE RESTRICT,
        venue text NOT NULL,
        lat double precision,
        lng double precision,
        capacity integer NOT NULL,
        seats_confirmed integer NOT NULL DEFAULT 0,
        status text NOT NULL DEFAULT 'scheduled',
        cancelled_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT training_sessions_time_order CHECK (ends_at > starts_at),
        CONSTRAINT training_sessions_venue_length CHECK (length(btrim(venue)) BETWEEN 1 AND 200),
        CONSTRAINT training_sessions_location CHECK ((lat IS NULL) = (lng IS NULL) AND lat BETWEEN -90 AND 90 AND lng BETWEEN -180 AND 180),
        CONSTRAINT training_sessions_capacity CHECK (capacity BETWEEN 1 AND 10000),
        -- No overbooking: maintained in the transaction that confirms or frees seats, under
        -- the session's row lock, so it equals the confirmed registrations' seats.
        CONSTRAINT training_sessions_seats_within_capacity CHECK (seats_confirmed BETWEEN 0 AND capacity),
        CONSTRAINT training_sessions_status CHECK (status IN ('scheduled', 'cancelled')),
        CONSTRAINT training_sessions_cancelled_at CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL)),
        CONSTRAINT training_sessions_no_overlap EXCLUDE USING gist (
          training_id WITH =,
          tstzrange(starts_at, ends_at) WITH &&
        ) WHERE (status <> 'cancelled')
      )`);
    await q.query('CREATE INDEX training_sessions_training_idx ON training_sessions (training_id, starts_at)');
    // Search and reminders read upcoming scheduled sessions by start time.
    await q.query(`CREATE INDEX training_sessions_upcoming_idx ON training_sessions (starts_at) WHERE status = 'scheduled'`);
    await q.query(`CREATE INDEX training_sessions_province_idx ON training_sessions (province_code, starts_at) WHERE status = 'scheduled'`);

    await q.query(`
      CREATE TABLE training_registrations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        session_id uuid NOT NULL REFERENCES training_sessions (id) ON DELETE CASCADE,
        training_id uuid NOT NULL REFERENCES trainings (id) ON DELETE CASCADE,
        kind text NOT NULL,
        user_id uuid REFERENCES users (id) ON DELETE CASCADE,
        organization_id uuid REFERENCES organizations (id) ON DELETE SET NULL,
        registered_by uuid REFERENCES users (id) ON DELETE SET NULL,
        attendee_name text,
        attendee_phone text,
        seats integer NOT NULL,
        status text NOT NULL,
        waitlist_position integer,
        check_in_code text,
        confirmed_at timestamptz,
        checked_in_at timestamptz,
        checked_in_by uuid REFERENCES users (id) ON DELETE SET NULL,
        cancelled_at timestamptz,
        cancel_reason text,
        reminded_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT training_registrations_kind CHECK (kind IN ('self', 'walk_in')),
        CONSTRAINT training_registrations_who CHECK (
          (kind = 'self' AND user_id IS NOT NULL) OR
          (kind = 'walk_in' AND user_id IS NULL AND attendee_name IS NOT NULL AND attendee_phone IS NOT NULL)
        ),
        CONSTRAINT training_registrations_attendee_name CHECK (length(btrim(attendee_name)) BETWEEN 1 AND 120),
        CONSTRAINT training_registrations_attendee_phone CHECK (attendee_phone ~ '^\\+[1-9][0-9]{6,14}$'),
        CONSTRAINT training_registrations_seats CHECK (seats BETWEEN 1 AND 100),
        CONSTRAINT training_registrations_status CHECK (status IN ('confirmed', 'waitlisted', 'cancelled')),
        CONSTRAINT training_registrations_waitlist_position CHECK (
          (status = 'waitlisted') = (waitlist_position IS NOT NULL) AND waitlist_position >= 1
        ),
        CONSTRAINT training_registrations_confirmed_has_code CHECK (
          status <> 'confirmed' OR (check_in_code IS NOT NULL AND confirmed_at IS NOT NULL)
        ),
        CONSTRAINT training_registrations_check_in_code CHECK (check_in_code ~ '^[0-9A-HJKMNP-TV-Z]{6}$'),
        CONSTRAINT training_registrations_checked_in CHECK (checked_in_at IS NULL OR status = 'confirmed'),
        CONSTRAINT training_registrations_cancelled CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL)),
        CONSTRAINT training_registrations_cancel_reason CHECK (
          cancel_reason IN ('by_registrant', 'by_supplier', 'session_cancelled', 'training_cancelled')
        ),
        -- Positions are renumbered 1..n in the transaction that promotes or cancels; the
        -- check is deferred so that renumbering may pass through a transient duplicate.
        CONSTRAINT training_registrations_waitlist_position_unique EXCLUDE USING btree (
          session_id WITH =,
          waitlist_position WITH =
        ) WHERE (status = 'waitlisted') DEFERRABLE INITIALLY DEFERRED
      )`);
    // One live registration per person per session (a cancelled one does not count).
    await q.query(`
      CREATE UNIQUE INDEX training_registrations_one_per_user ON training_registrations (session_id, user_id)
      WHERE status <> 'cancelled' AND user_id IS NOT NULL`);
    // Check-in is by code within a session: codes are unique there.
    await q.query(`
      CREATE UNIQUE INDEX training_registrations_check_in_code_key ON training_registrations (session_id, check_in_code)
      WHERE check_in_code IS NOT NULL`);
    await q.query('CREATE INDEX training_registrations_session_idx ON training_registrations (session_id, created_at, id)');
    await q.query('CREATE INDEX training_registrations_training_idx ON training_registrations (training_id)');
    await q.query('CREATE INDEX training_registrations_user_idx ON training_registrations (user_id, created_at) WHERE user_id IS NOT NULL');
    // The reminder job's candidates: confirmed people not yet reminded.
    await q.query(`
      CREATE INDEX training_registrations_to_remind_idx ON training_registrations (session_id)
      WHERE status = 'confirmed' AND reminded_at IS NULL AND user_id IS NOT NULL`);

    // A group is invited once per training, so its members are not notified twice.
    await q.query(`
      CREATE TABLE training_invitations (
        training_id uuid NOT NULL REFERENCES trainings (id) ON DELETE CASCADE,
        group_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        invited_by uuid REFERENCES users (id) ON DELETE SET NULL,
        member_count integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (training_id, group_id),
        CONSTRAINT training_invitations_member_count CHECK (member_count >= 0)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS training_invitations');
    await q.query('DROP TABLE IF EXISTS training_registrations');
    await q.query('DROP TABLE IF EXISTS training_sessions');
    await q.query('DROP TABLE IF EXISTS trainings');
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Fairs, their stalls, stall bookings, exhibitors and visitor counts. The rules that must
 * hold whatever the concurrency are constraints here:
 * - a stall stays inside its fair's plan: the plan size is copied onto each stall through a
 *   composite foreign key with ON UPDATE CASCADE, so resizing the plan re-checks every stall;
 * - stalls never overlap: an exclusion constraint over a box (btree_gist for fair_id);
 * - one live (requested or approved) booking per stall: a partial unique index.
 */
export class CreateTradeFairs1764400007000 implements MigrationInterface {
  name = 'CreateTradeFairs1764400007000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE trade_fairs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organizer_id uuid NOT NULL REFERENCES organizations (id) ON DELETE RESTRICT,
        name text NOT NULL,
        province_code text NOT NULL REFERENCES provinces (code) ON DELETE RESTRICT,
        venue text NOT NULL,
        lat double precision,
        lng double precision,
        starts_on date NOT NULL,
        ends_on date NOT NULL,
        applications_close_at timestamptz NOT NULL,
        description text,
        plan_width numeric(7,2) NOT NULL,
        plan_height numeric(7,2) NOT NULL,
        booking_hold_hours integer NOT NULL DEFAULT 72,
        max_stalls_per_exhibitor integer,
        status text NOT NULL DEFAULT 'draft',
        cancellation_reason text,
        created_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT trade_fairs_plan_key UNIQUE (id, plan_width, plan_height),
        CONSTRAINT trade_fairs_name_length CHECK (length(btrim(name)) BETWEEN 1 AND 200),
        CONSTRAINT trade_fairs_venue_length CHECK (length(btrim(venue)) BETWEEN 1 AND 200),
        CONSTRAINT trade_fairs_description_length CHECK (length(description) <= 4000),
        CONSTRAINT trade_fairs_cancellation_reason_length CHECK (length(cancellation_reason) <= 1000),
        CONSTRAINT trade_fairs_dates CHECK (ends_on >= starts_on AND ends_on - starts_on <= 60),
        -- Applications close before the fair is over (its last day ends at midnight, Cambodia time).
        CONSTRAINT trade_fairs_applications_close CHECK (
          applications_close_at < ((ends_on + 1)::timestamp AT TIME ZONE 'Asia/Phnom_Penh')),
        CONSTRAINT trade_fairs_plan_size CHECK (plan_width > 0 AND plan_width <= 10000 AND plan_height > 0 AND plan_height <= 10000),
        CONSTRAINT trade_fairs_hold CHECK (booking_hold_hours BETWEEN 1 AND 720),
        CONSTRAINT trade_fairs_max_stalls CHECK (max_stalls_per_exhibitor BETWEEN 1 AND 1000),
        CONSTRAINT trade_fairs_status CHECK (status IN ('draft', 'open', 'closed', 'completed', 'cancelled')),
        CONSTRAINT trade_fairs_location_pair CHECK ((lat IS NULL) = (lng IS NULL)),
        CONSTRAINT trade_fairs_lat_range CHECK (lat BETWEEN -90 AND 90),
        CONSTRAINT trade_fairs_lng_range CHECK (lng BETWEEN -180 AND 180)
      )`);
    // The public directory: keyset pages on (starts_on, id), filtered by province and dates.
    await q.query('CREATE INDEX trade_fairs_starts_id_idx ON trade_fairs (starts_on, id)');
    await q.query('CREATE INDEX trade_fairs_province_starts_idx ON trade_fairs (province_code, starts_on, id)');
    await q.query('CREATE INDEX trade_fairs_organizer_idx ON trade_fairs (organizer_id)');

    // footprint: the stall shrunk by 1 mm on every side. Coordinates have centimetre
    // precision, so two stalls sharing a wall keep a 2 mm gap (box && counts touching
    // boxes as overlapping), while any real overlap (at least 1 cm) still intersects.
    await q.query(`
      CREATE TABLE fair_stalls (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        fair_id uuid NOT NULL,
        plan_width numeric(7,2) NOT NULL,
        plan_height numeric(7,2) NOT NULL,
        code text NOT NULL,
        zone text,
        x numeric(7,2) NOT NULL,
        y numeric(7,2) NOT NULL,
        width numeric(7,2) NOT NULL,
        height numeric(7,2) NOT NULL,
        type text NOT NULL DEFAULT 'standard',
        price_amount numeric(14,2) NOT NULL,
        price_currency text NOT NULL,
        footprint box GENERATED ALWAYS AS (
          box(point((x + 0.001)::float8, (y + 0.001)::float8), point((x + width - 0.001)::float8, (y + height - 0.001)::float8))
        ) STORED,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT fair_stalls_fair_plan_fkey FOREIGN KEY (fair_id, plan_width, plan_height)
          REFERENCES trade_fairs (id, plan_width, plan_height) ON UPDATE CASCADE ON DELETE CASCADE,
        CONSTRAINT fair_stalls_code_key UNIQUE (fair_id, code),
        CONSTRAINT fair_stalls_id_fair_key UNIQUE (id, fair_id),
        CONSTRAINT fair_stalls_code_format CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,19}$'),
        CONSTRAINT fair_stalls_zone_length CHECK (length(btrim(zone)) BETWEEN 1 AND 60),
        CONSTRAINT fair_stalls_size CHECK (width > 0 AND height > 0),
        CONSTRAINT fair_stalls_inside_plan CHECK (x >= 0 AND y >= 0 AND x + width <= plan_width AND y + height <= plan_height),
        CONSTRAINT fair_stalls_type CHECK (type IN ('standard', 'corner', 'food', 'livestock')),
        CONSTRAINT fair_stalls_price CHECK (price_amount >= 0 AND price_currency IN ('KHR', 'USD')),
        CONSTRAINT fair_stalls_no_overlap EXCLUDE USING gist (fair_id WITH =, footprint WITH &&)
      )`);

    await q.query(`
      CREATE TABLE stall_bookings (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        fair_id uuid NOT NULL REFERENCES trade_fairs (id) ON DELETE CASCADE,
        stall_id uuid NOT NULL,
        exhibitor_id uuid NOT NULL REFERENCES organizations (id) ON DELETE RESTRICT,
        status text NOT NULL DEFAULT 'requested',
        showcase_listing_ids uuid[] NOT NULL DEFAULT '{}',
        payment_status text NOT NULL DEFAULT 'unpaid',
        price_amount numeric(14,2) NOT NULL,
        price_currency text NOT NULL,
        note text,
        requested_by uuid REFERENCES users (id) ON DELETE SET NULL,
        requested_at timestamptz NOT NULL DEFAULT now(),
        hold_until timestamptz NOT NULL,
        decided_by uuid REFERENCES users (id) ON DELETE SET NULL,
        decided_at timestamptz,
        decision_reason text,
        cancelled_by_side text,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT stall_bookings_stall_fkey FOREIGN KEY (stall_id, fair_id) REFERENCES fair_stalls (id, fair_id) ON DELETE RESTRICT,
        CONSTRAINT stall_bookings_status CHECK (status IN ('requested', 'approved', 'rejected', 'cancelled', 'expired')),
        CONSTRAINT stall_bookings_payment_status CHECK (payment_status IN ('unpaid', 'paid', 'waived')),
        CONSTRAINT stall_bookings_price CHECK (price_amount >= 0 AND price_currency IN ('KHR', 'USD')),
        CONSTRAINT stall_bookings_showcase CHECK (cardinality(showcase_listing_ids) <= 20 AND array_position(showcase_listing_ids, NULL) IS NULL),
        CONSTRAINT stall_bookings_note_length CHECK (length(note) <= 1000),
        CONSTRAINT stall_bookings_reason_length CHECK (length(decision_reason) <= 1000),
        CONSTRAINT stall_bookings_hold CHECK (hold_until > requested_at),
        CONSTRAINT stall_bookings_cancelled_side CHECK ((status = 'cancelled') = (cancelled_by_side IS NOT NULL)
          AND (cancelled_by_side IS NULL OR cancelled_by_side IN ('exhibitor', 'organizer')))
      )`);
    // The one-live-booking-per-stall rule: of simultaneous requests exactly one inserts.
    await q.query(`CREATE UNIQUE INDEX stall_bookings_one_live_per_stall ON stall_bookings (stall_id) WHERE status IN ('requested', 'approved')`);
    // The hold-expiry job scans only pending requests by deadline.
    await q.query(`CREATE INDEX stall_bookings_hold_idx ON stall_bookings (hold_until) WHERE status = 'requested'`);
    await q.query('CREATE INDEX stall_bookings_fair_status_idx ON stall_bookings (fair_id, status)');
    await q.query('CREATE INDEX stall_bookings_exhibitor_idx ON stall_bookings (exhibitor_id, requested_at DESC, id)');

    // One row per (fair, exhibitor), created with its first request: locked by every request
    // of that exhibitor (the per-exhibitor stall limit), and where it reports its sales.
    await q.query(`
      CREATE TABLE fair_exhibitors (
        fair_id uuid NOT NULL REFERENCES trade_fairs (id) ON DELETE CASCADE,
        exhibitor_id uuid NOT NULL REFERENCES organizations (id) ON DELETE RESTRICT,
        reported_sales_amount numeric(14,2),
        reported_sales_currency text,
        reported_sales_at timestamptz,
        reported_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (fair_id, exhibitor_id),
        CONSTRAINT fair_exhibitors_sales CHECK (
          (reported_sales_amount IS NULL) = (reported_sales_currency IS NULL)
          AND (reported_sales_amount IS NULL) = (reported_sales_at IS NULL)
          AND reported_sales_amount >= 0 AND reported_sales_currency IN ('KHR', 'USD'))
      )`);
    await q.query('CREATE INDEX fair_exhibitors_exhibitor_idx ON fair_exhibitors (exhibitor_id)');

    await q.query(`
      CREATE TABLE fair_visitor_counts (
        fair_id uuid NOT NULL REFERENCES trade_fairs (id) ON DELETE CASCADE,
        day date NOT NULL,
        count integer NOT NULL,
        recorded_by uuid REFERENCES users (id) ON DELETE SET NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (fair_id, day),
        CONSTRAINT fair_visitor_counts_count CHECK (count BETWEEN 0 AND 10000000)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS fair_visitor_counts');
    await q.query('DROP TABLE IF EXISTS fair_exhibitors');
    await q.query('DROP TABLE IF EXISTS stall_bookings');
    await q.query('DROP TABLE IF EXISTS fair_stalls');
    await q.query('DROP TABLE IF EXISTS trade_fairs');
  }
}

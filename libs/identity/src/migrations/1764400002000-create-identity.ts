import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateIdentity1764400002000 implements MigrationInterface {
  name = 'CreateIdentity1764400002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        phone text CONSTRAINT users_phone_key UNIQUE,
        email text,
        password_hash text NOT NULL,
        name text NOT NULL,
        locale text NOT NULL DEFAULT 'km',
        is_admin boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT users_phone_or_email CHECK (phone IS NOT NULL OR email IS NOT NULL),
        CONSTRAINT users_phone_e164 CHECK (phone ~ '^\\+[1-9][0-9]{6,14}$'),
        CONSTRAINT users_email_lower CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
        CONSTRAINT users_password_argon2id CHECK (password_hash LIKE '$argon2id$%'),
        CONSTRAINT users_name_length CHECK (length(btrim(name)) BETWEEN 1 AND 120),
        CONSTRAINT users_locale CHECK (locale IN ('km', 'en'))
      )`);
    // Emails are stored lower-case (CHECK above), so a plain unique index is case-insensitive.
    await q.query('CREATE UNIQUE INDEX users_email_key ON users (email)');

    await q.query(`
      CREATE TABLE refresh_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        family_id uuid NOT NULL,
        token_hash text NOT NULL CONSTRAINT refresh_tokens_token_hash_key UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        rotated_at timestamptz,
        replaced_by uuid REFERENCES refresh_tokens (id) ON DELETE SET NULL,
        revoked_at timestamptz,
        CONSTRAINT refresh_tokens_expiry CHECK (expires_at > created_at)
      )`);
    await q.query('CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id)');
    await q.query('CREATE INDEX refresh_tokens_user_idx ON refresh_tokens (user_id)');

    await q.query(`
      CREATE TABLE organizations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        kind text NOT NULL,
        capabilities text[] NOT NULL DEFAULT '{}',
        province_code text NOT NULL REFERENCES provinces (code) ON DELETE RESTRICT,
        district text,
        lat double precision,
        lng double precision,
        value_chains text[] NOT NULL DEFAULT '{}',
        phone text,
        description text,
        verified_at timestamptz,
        verified_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT organizations_name_length CHECK (length(btrim(name)) BETWEEN 1 AND 200),
        CONSTRAINT organizations_kind CHECK (kind IN ('firm', 'cooperative', 'working_group', 'government')),
        CONSTRAINT organizations_capabilities CHECK (
          capabilities <@ ARRAY['sell', 'buy', 'supply_inputs', 'organize_fairs']::text[]
          AND array_position(capabilities, NULL) IS NULL),
        CONSTRAINT organizations_value_chains_no_nulls CHECK (array_position(value_chains, NULL) IS NULL),
        CONSTRAINT organizations_location_pair CHECK ((lat IS NULL) = (lng IS NULL)),
        CONSTRAINT organizations_lat_range CHECK (lat BETWEEN -90 AND 90),
        CONSTRAINT organizations_lng_range CHECK (lng BETWEEN -180 AND 180),
        CONSTRAINT organizations_phone_e164 CHECK (phone ~ '^\\+[1-9][0-9]{6,14}$'),
        CONSTRAINT organizations_description_length CHECK (length(description) <= 4000),
        CONSTRAINT organizations_verified_pair CHECK (verified_by IS NULL OR verified_at IS NOT NULL)
      )`);
    // The directory filters (GET /organizations): province and kind by btree, arrays by GIN,
    // the name search (?q=) by trigram; pages are keyset on (name, id).
    await q.query('CREATE INDEX organizations_name_id_idx ON organizations (name, id)');
    await q.query('CREATE INDEX organizations_province_idx ON organizations (province_code)');
    await q.query('CREATE INDEX organizations_capabilities_idx ON organizations USING gin (capabilities)');
    await q.query('CREATE INDEX organizations_value_chains_idx ON organizations USING gin (value_chains)');
    await q.query('CREATE INDEX organizations_name_trgm_idx ON organizations USING gin (name gin_trgm_ops)');

    await q.query(`
      CREATE TABLE memberships (
        organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        role text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organization_id, user_id),
        CONSTRAINT memberships_role CHECK (role IN ('owner', 'manager', 'member'))
      )`);
    await q.query('CREATE INDEX memberships_user_idx ON memberships (user_id)');

    await q.query(`
      CREATE TABLE group_memberships (
        group_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        status text NOT NULL DEFAULT 'requested',
        requested_by uuid REFERENCES users (id) ON DELETE SET NULL,
        decided_by uuid REFERENCES users (id) ON DELETE SET NULL,
        decided_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (group_id, organization_id),
        CONSTRAINT group_memberships_not_self CHECK (group_id <> organization_id),
        CONSTRAINT group_memberships_status CHECK (status IN ('requested', 'approved', 'refused'))
      )`);
    await q.query('CREATE INDEX group_memberships_organization_idx ON group_memberships (organization_id)');

    // Rate-limit counters live here, not in process memory, so limits hold across replicas.
    await q.query(`
      CREATE TABLE rate_limit_counters (
        key text PRIMARY KEY,
        hits integer NOT NULL,
        window_ends_at timestamptz NOT NULL,
        blocked_until timestamptz
      )`);
    await q.query('CREATE INDEX rate_limit_counters_window_idx ON rate_limit_counters (window_ends_at)');

    // status_code NULL: the first request with this key is still running.
    await q.query(`
      CREATE TABLE idempotency_keys (
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        key text NOT NULL,
        request_hash text NOT NULL,
        status_code integer,
        response_body jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz,
        PRIMARY KEY (user_id, key),
        CONSTRAINT idempotency_keys_key_length CHECK (length(key) BETWEEN 1 AND 255),
        CONSTRAINT idempotency_keys_status CHECK (status_code BETWEEN 100 AND 599)
      )`);
    await q.query('CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS idempotency_keys');
    await q.query('DROP TABLE IF EXISTS rate_limit_counters');
    await q.query('DROP TABLE IF EXISTS group_memberships');
    await q.query('DROP TABLE IF EXISTS memberships');
    await q.query('DROP TABLE IF EXISTS organizations');
    await q.query('DROP TABLE IF EXISTS refresh_tokens');
    await q.query('DROP TABLE IF EXISTS users');
  }
}

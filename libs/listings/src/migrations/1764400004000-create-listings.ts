import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Listings (supply), demands (buyer requests), the words they contain (for misspelt
 * searches) and the (listing, demand) pairs already notified.
 *
 * Public search shows active listings and open demands only; every other status only to
 * the owner (?mine=true, which reads by organization). So the search and matching indexes
 * are partial on status = 'active' / 'open': smaller, and what matching needs too. Queries
 * must repeat that predicate for the planner to use them.
 */
/**
 * The point as an earthdistance cube, for the GiST indexes. Many rows share a point (every
 * listing without its own location sits on its province's centre), and a nearest-first
 * scan (KNN) orders by distance alone; so each row's point is moved by under a metre,
 * by a hash of its id, making equal distances, and so unstable pages, practically
 * impossible. Distances are shown to 100 m.
 */
const GEO = `public.ll_to_earth(
  lat + hashtext(id::text)::float8 * 2.3283064365386963e-15,
  lng + hashtext(reverse(id::text))::float8 * 2.3283064365386963e-15)`;

/**
 * The point's grid cells of 0.25, 1 and 4 degrees as words of the search vector, so text
 * near a point is one GIN lookup (search/geo-cells.ts builds the same tokens for queries).
 */
const CELLS = `array_to_tsvector(ARRAY[
  'zza' || floor((least(lat, 89.999999) + 90) / 0.25)::int::text || 'k' || (floor((lng + 180) / 0.25)::int % 1440)::text,
  'zzb' || floor((least(lat, 89.999999) + 90) / 1)::int::text || 'k' || (floor((lng + 180) / 1)::int % 360)::text,
  'zzc' || floor((least(lat, 89.999999) + 90) / 4)::int::text || 'k' || (floor((lng + 180) / 4)::int % 90)::text])`;

export class CreateListings1764400004000 implements MigrationInterface {
  name = 'CreateListings1764400004000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE listings (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        created_by uuid REFERENCES users (id) ON DELETE SET NULL,
        product_code text NOT NULL REFERENCES products (code) ON DELETE RESTRICT,
        value_chain_code text NOT NULL REFERENCES value_chains (code) ON DELETE RESTRICT,
        title text NOT NULL,
        description text,
        -- The product's English and Khmer names, so "tiles" or "ក្បឿង" finds a listing titled otherwise.
        search_terms text NOT NULL DEFAULT '',
        search_vector tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('simple', title), 'A')
          || setweight(to_tsvector('simple', search_terms), 'B')
          || setweight(to_tsvector('simple', coalesce(description, '')), 'C')
          || ${CELLS}
        ) STORED,
        quantity numeric(14, 3) NOT NULL,
        -- Offers and deals reserve from here: UPDATE ... SET quantity_remaining = quantity_remaining - $n;
        -- the CHECK below refuses an oversell whatever the concurrency.
        quantity_remaining numeric(14, 3) NOT NULL,
        min_order_quantity numeric(14, 3),
        unit text NOT NULL,
        price_amount numeric(14, 2) NOT NULL,
        price_currency text NOT NULL,
        quality_grade text,
        -- Position of quality_grade in the product's grades, 1 = best: "grade B or better" is grade_rank <= 2.
        grade_rank smallint,
        province_code text NOT NULL REFERENCES provinces (code) ON DELETE RESTRICT,
        -- Where the goods are: the seller's point when given, else the province centroid.
        lat double precision NOT NULL,
        lng double precision NOT NULL,
        location_precise boolean NOT NULL DEFAULT false,
        geo public.earth GENERATED ALWAYS AS (${GEO}) STORED,
        available_from timestamptz NOT NULL,
        available_until timestamptz,
        status text NOT NULL DEFAULT 'active',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT listings_title_length CHECK (length(btrim(title)) BETWEEN 1 AND 200),
        CONSTRAINT listings_description_length CHECK (length(description) <= 4000),
        CONSTRAINT listings_quantity_positive CHECK (quantity > 0),
        CONSTRAINT listings_quantity_remaining_range CHECK (quantity_remaining >= 0 AND quantity_remaining <= quantity),
        CONSTRAINT listings_min_order_range CHECK (min_order_quantity > 0 AND min_order_quantity <= quantity),
        CONSTRAINT listings_unit CHECK (unit IN ('piece', 'kg', 'tonne', 'head', 'litre', 'm3')),
        CONSTRAINT listings_price_positive CHECK (price_amount > 0),
        CONSTRAINT listings_price_currency CHECK (price_currency IN ('KHR', 'USD')),
        CONSTRAINT listings_grade_pair CHECK ((quality_grade IS NULL) = (grade_rank IS NULL) AND grade_rank >= 1),
        CONSTRAINT listings_lat_range CHECK (lat BETWEEN -90 AND 90),
        CONSTRAINT listings_lng_range CHECK (lng BETWEEN -180 AND 180),
        CONSTRAINT listings_availability CHECK (available_until > available_from),
        CONSTRAINT listings_status CHECK (status IN ('active', 'paused', 'sold_out', 'expired', 'closed'))
      )`);
    const visibleListing = `WHERE status = 'active'`;
    // Free text (?q=): the tsvector, GIN.
    await q.query(`CREATE INDEX listings_search_idx ON listings USING gin (search_vector) ${visibleListing}`);
    // sort=newest, alone or with the usual equality filter; keyset on (created_at, id).
    await q.query(`CREATE INDEX listings_newest_idx ON listings (created_at DESC, id DESC) ${visibleListing}`);
    await q.query(`CREATE INDEX listings_product_newest_idx ON listings (product_code, created_at DESC, id DESC) ${visibleListing}`);
    await q.query(`CREATE INDEX listings_value_chain_newest_idx ON listings (value_chain_code, created_at DESC, id DESC) ${visibleListing}`);
    await q.query(`CREATE INDEX listings_province_newest_idx ON listings (province_code, created_at DESC, id DESC) ${visibleListing}`);
    // sort=price and ?maxPrice=: one ordered range per currency, merged by the query (a
    // conversion rate from the config cannot be in an index). Matching reads a demand's
    // cheapest candidates from the second, in price order.
    await q.query(`CREATE INDEX listings_price_idx ON listings (price_currency, price_amount, id) ${visibleListing}`);
    await q.query(`CREATE INDEX listings_product_price_idx ON listings (product_code, price_currency, price_amount, id) ${visibleListing}`);
    // ?near= (earth_box pre-filter) and sort=distance (KNN on <->); matching's nearest candidates.
    await q.query(`CREATE INDEX listings_geo_idx ON listings USING gist (geo) ${visibleListing}`);
    await q.query(`CREATE INDEX listings_product_geo_idx ON listings USING gist (product_code, geo) ${visibleListing}`);
    // An owner's own rows in every status (?mine=true).
    await q.query('CREATE INDEX listings_organization_idx ON listings (organization_id, created_at DESC, id DESC)');
    // The expiry job.
    await q.query(`
      CREATE INDEX listings_expiry_idx ON listings (available_until)
      WHERE status IN ('active', 'paused', 'sold_out') AND available_until IS NOT NULL`);

    await q.query(`
      CREATE TABLE demands (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        created_by uuid REFERENCES users (id) ON DELETE SET NULL,
        product_code text NOT NULL REFERENCES products (code) ON DELETE RESTRICT,
        value_chain_code text NOT NULL REFERENCES value_chains (code) ON DELETE RESTRICT,
        description text,
        search_terms text NOT NULL DEFAULT '',
        search_vector tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('simple', search_terms), 'A')
          || setweight(to_tsvector('simple', coalesce(description, '')), 'B')
          || ${CELLS}
        ) STORED,
        quantity numeric(14, 3) NOT NULL,
        unit text NOT NULL,
        max_price_amount numeric(14, 2),
        max_price_currency text,
        quality_grade text,
        grade_rank smallint,
        delivery_province_code text NOT NULL REFERENCES provinces (code) ON DELETE RESTRICT,
        -- The delivery point when given, else the province centroid.
        lat double precision NOT NULL,
        lng double precision NOT NULL,
        location_precise boolean NOT NULL DEFAULT false,
        geo public.earth GENERATED ALWAYS AS (${GEO}) STORED,
        needed_by timestamptz NOT NULL,
        allow_pooled boolean NOT NULL DEFAULT true,
        status text NOT NULL DEFAULT 'open',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT demands_description_length CHECK (length(description) <= 4000),
        CONSTRAINT demands_quantity_positive CHECK (quantity > 0),
        CONSTRAINT demands_unit CHECK (unit IN ('piece', 'kg', 'tonne', 'head', 'litre', 'm3')),
        CONSTRAINT demands_max_price_pair CHECK ((max_price_amount IS NULL) = (max_price_currency IS NULL)),
        CONSTRAINT demands_max_price_positive CHECK (max_price_amount > 0),
        CONSTRAINT demands_max_price_currency CHECK (max_price_currency IN ('KHR', 'USD')),
        CONSTRAINT demands_grade_pair CHECK ((quality_grade IS NULL) = (grade_rank IS NULL) AND grade_rank >= 1),
        CONSTRAINT demands_lat_range CHECK (lat BETWEEN -90 AND 90),
        CONSTRAINT demands_lng_range CHECK (lng BETWEEN -180 AND 180),
        CONSTRAINT demands_status CHECK (status IN ('open', 'paused', 'fulfilled', 'expired', 'closed'))
      )`);
    const visibleDemand = `WHERE status = 'open'`;
    await q.query(`CREATE INDEX demands_search_idx ON demands USING gin (search_vector) ${visibleDemand}`);
    await q.query(`CREATE INDEX demands_newest_idx ON demands (created_at DESC, id DESC) ${visibleDemand}`);
    await q.query(`CREATE INDEX demands_product_newest_idx ON demands (product_code, created_at DESC, id DESC) ${visibleDemand}`);
    await q.query(`CREATE INDEX demands_value_chain_newest_idx ON demands (value_chain_code, created_at DESC, id DESC) ${visibleDemand}`);
    await q.query(`CREATE INDEX demands_province_newest_idx ON demands (delivery_province_code, created_at DESC, id DESC) ${visibleDemand}`);
    await q.query(`CREATE INDEX demands_price_idx ON demands (max_price_currency, max_price_amount, id) ${visibleDemand}`);
    await q.query(`CREATE INDEX demands_geo_idx ON demands USING gist (geo) ${visibleDemand}`);
    // A listing's matching demands: same product, nearest first.
    await q.query(`CREATE INDEX demands_product_geo_idx ON demands USING gist (product_code, geo) ${visibleDemand}`);
    await q.query('CREATE INDEX demands_organization_idx ON demands (organization_id, created_at DESC, id DESC)');
    await q.query(`CREATE INDEX demands_expiry_idx ON demands (needed_by) WHERE status IN ('open', 'paused')`);

    // Every word ever listed, for "did you mean": a misspelt "tille" is looked up here by
    // trigram similarity and searched as "tiles". Kept by triggers; it only grows, and
    // stays small (the vocabulary, not the rows).
    await q.query(`
      CREATE TABLE search_lexicon (
        term text PRIMARY KEY,
        CONSTRAINT search_lexicon_term_length CHECK (length(term) BETWEEN 3 AND 64)
      )`);
    await q.query('CREATE INDEX search_lexicon_trgm_idx ON search_lexicon USING gin (term gin_trgm_ops)');
    await q.query(`
      CREATE FUNCTION listings_collect_terms() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO search_lexicon (term)
        SELECT lexeme FROM unnest(NEW.search_vector) AS v(lexeme, positions, weights)
        WHERE length(lexeme) BETWEEN 3 AND 64 AND lexeme !~ '^[0-9.,-]+$' AND lexeme !~ '^zz[abc][0-9]+k[0-9]+$'
        ON CONFLICT (term) DO NOTHING;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER listings_collect_terms AFTER INSERT OR UPDATE OF title, description, search_terms ON listings
      FOR EACH ROW EXECUTE FUNCTION listings_collect_terms()`);
    await q.query(`
      CREATE TRIGGER demands_collect_terms AFTER INSERT OR UPDATE OF description, search_terms ON demands
      FOR EACH ROW EXECUTE FUNCTION listings_collect_terms()`);

    // A (listing, demand) pair is announced once, whichever side was posted first: the
    // primary key makes a second announcement (a retried event, a concurrent run) a no-op.
    await q.query(`
      CREATE TABLE match_notifications (
        listing_id uuid NOT NULL REFERENCES listings (id) ON DELETE CASCADE,
        demand_id uuid NOT NULL REFERENCES demands (id) ON DELETE CASCADE,
        notified_organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        score numeric(5, 3) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (listing_id, demand_id)
      )`);
    await q.query('CREATE INDEX match_notifications_demand_idx ON match_notifications (demand_id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS match_notifications');
    await q.query('DROP TRIGGER IF EXISTS demands_collect_terms ON demands');
    await q.query('DROP TRIGGER IF EXISTS listings_collect_terms ON listings');
    await q.query('DROP FUNCTION IF EXISTS listings_collect_terms()');
    await q.query('DROP TABLE IF EXISTS search_lexicon');
    await q.query('DROP TABLE IF EXISTS demands');
    await q.query('DROP TABLE IF EXISTS listings');
  }
}

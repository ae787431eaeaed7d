import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Offers (quotes on demands, orders on listings), the deals they become, reviews of deals.
 *
 * No oversell lives in listings_quantity_remaining_range (the accepting transaction
 * subtracts each line from its listing). One deal per offer and one review per deal and
 * side are unique indexes; lifecycle states are CHECKs, moved by conditional UPDATEs so a
 * replayed or concurrent transition changes nothing twice.
 */
export class CreateTrade1764400005000 implements MigrationInterface {
  name = 'CreateTrade1764400005000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE offers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL,
        demand_id uuid REFERENCES demands (id) ON DELETE CASCADE,
        listing_id uuid REFERENCES listings (id) ON DELETE CASCADE,
        -- Who made the offer, and the two sides of the trade (one of them is the offerer).
        organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        buyer_organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        seller_organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        created_by uuid REFERENCES users (id) ON DELETE SET NULL,
        product_code text NOT NULL REFERENCES products (code) ON DELETE RESTRICT,
        unit text NOT NULL,
        -- Where the goods trade, for market prices: the demand's delivery province or the listing's.
        province_code text NOT NULL REFERENCES provinces (code) ON DELETE RESTRICT,
        deliver_by timestamptz,
        note text,
        status text NOT NULL DEFAULT 'pending',
        expires_at timestamptz NOT NULL,
        decided_at timestamptz,
        decided_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT offers_kind CHECK (kind IN ('quote', 'order')),
        CONSTRAINT offers_target CHECK ((kind = 'quote' AND demand_id IS NOT NULL AND deliver_by IS NOT NULL) OR (kind = 'order' AND listing_id IS NOT NULL)),
        CONSTRAINT offers_sides CHECK (buyer_organization_id <> seller_organization_id
          AND organization_id = CASE kind WHEN 'quote' THEN seller_organization_id ELSE buyer_organization_id END),
        CONSTRAINT offers_status CHECK (status IN ('pending', 'accepted', 'rejected', 'withdrawn', 'expired')),
        CONSTRAINT offers_note_length CHECK (length(note) <= 2000)
      )`);
    await q.query('CREATE INDEX offers_buyer_idx ON offers (buyer_organization_id, created_at DESC, id DESC)');
    await q.query('CREATE INDEX offers_seller_idx ON offers (seller_organization_id, created_at DESC, id DESC)');
    await q.query('CREATE INDEX offers_demand_idx ON offers (demand_id) WHERE demand_id IS NOT NULL');
    await q.query('CREATE INDEX offers_listing_idx ON offers (listing_id) WHERE listing_id IS NOT NULL');
    // The expiry job.
    await q.query(`CREATE INDEX offers_expiry_idx ON offers (expires_at) WHERE status = 'pending'`);

    await q.query(`
      CREATE TABLE offer_lines (
        offer_id uuid NOT NULL REFERENCES offers (id) ON DELETE CASCADE,
        line_no smallint NOT NULL,
        listing_id uuid REFERENCES listings (id) ON DELETE RESTRICT,
        -- The supplying firm: the seller itself or, for a cooperative's quote, one of its members.
        organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        quantity numeric(14, 3) NOT NULL,
        unit_price_amount numeric(14, 2) NOT NULL,
        unit_price_currency text NOT NULL,
        PRIMARY KEY (offer_id, line_no),
        CONSTRAINT offer_lines_quantity_positive CHECK (quantity > 0),
        CONSTRAINT offer_lines_price_positive CHECK (unit_price_amount > 0),
        CONSTRAINT offer_lines_price_currency CHECK (unit_price_currency IN ('KHR', 'USD'))
      )`);

    await q.query(`
      CREATE TABLE deals (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        offer_id uuid NOT NULL REFERENCES offers (id) ON DELETE CASCADE,
        kind text NOT NULL,
        demand_id uuid REFERENCES demands (id) ON DELETE SET NULL,
        buyer_organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        seller_organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        product_code text NOT NULL REFERENCES products (code) ON DELETE RESTRICT,
        unit text NOT NULL,
        province_code text NOT NULL REFERENCES provinces (code) ON DELETE RESTRICT,
        quantity numeric(14, 3) NOT NULL,
        deliver_by timestamptz,
        status text NOT NULL DEFAULT 'agreed',
        agreed_at timestamptz NOT NULL DEFAULT now(),
        delivered_at timestamptz,
        completed_at timestamptz,
        cancelled_at timestamptz,
        cancelled_by_organization_id uuid REFERENCES organizations (id) ON DELETE SET NULL,
        CONSTRAINT deals_kind CHECK (kind IN ('quote', 'order')),
        CONSTRAINT deals_status CHECK (status IN ('agreed', 'delivered', 'completed', 'cancelled')),
        CONSTRAINT deals_quantity_positive CHECK (quantity > 0),
        CONSTRAINT deals_lifecycle CHECK (
          (status = 'agreed' AND delivered_at IS NULL AND completed_at IS NULL AND cancelled_at IS NULL)
          OR (status = 'delivered' AND delivered_at IS NOT NULL AND completed_at IS NULL AND cancelled_at IS NULL)
          OR (status = 'completed' AND delivered_at IS NOT NULL AND completed_at IS NOT NULL AND cancelled_at IS NULL)
          OR (status = 'cancelled' AND delivered_at IS NULL AND completed_at IS NULL AND cancelled_at IS NOT NULL))
      )`);
    await q.query('CREATE UNIQUE INDEX deals_offer_idx ON deals (offer_id)');
    await q.query('CREATE INDEX deals_buyer_idx ON deals (buyer_organization_id, agreed_at DESC, id DESC)');
    await q.query('CREATE INDEX deals_seller_idx ON deals (seller_organization_id, agreed_at DESC, id DESC)');
    await q.query(`CREATE INDEX deals_demand_idx ON deals (demand_id) WHERE demand_id IS NOT NULL AND status <> 'cancelled'`);
    // Market prices: completed deals of a product and province in a time window.
    await q.query(`CREATE INDEX deals_market_idx ON deals (product_code, province_code, completed_at) WHERE status = 'completed'`);

    await q.query(`
      CREATE TABLE deal_lines (
        deal_id uuid NOT NULL REFERENCES deals (id) ON DELETE CASCADE,
        line_no smallint NOT NULL,
        listing_id uuid REFERENCES listings (id) ON DELETE RESTRICT,
        organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        quantity numeric(14, 3) NOT NULL,
        unit_price_amount numeric(14, 2) NOT NULL,
        unit_price_currency text NOT NULL,
        PRIMARY KEY (deal_id, line_no),
        CONSTRAINT deal_lines_quantity_positive CHECK (quantity > 0),
        CONSTRAINT deal_lines_price_positive CHECK (unit_price_amount > 0),
        CONSTRAINT deal_lines_price_currency CHECK (unit_price_currency IN ('KHR', 'USD'))
      )`);
    await q.query('CREATE INDEX deal_lines_listing_idx ON deal_lines (listing_id) WHERE listing_id IS NOT NULL');

    await q.query(`
      CREATE TABLE deal_reviews (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        deal_id uuid NOT NULL REFERENCES deals (id) ON DELETE CASCADE,
        -- The reviewing side: the buyer reviews the seller and the other way round.
        side text NOT NULL,
        reviewer_organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        reviewee_organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        created_by uuid REFERENCES users (id) ON DELETE SET NULL,
        rating smallint NOT NULL,
        comment text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT deal_reviews_side CHECK (side IN ('buyer', 'seller')),
        CONSTRAINT deal_reviews_rating CHECK (rating BETWEEN 1 AND 5),
        CONSTRAINT deal_reviews_comment_length CHECK (length(comment) <= 2000),
        CONSTRAINT deal_reviews_distinct CHECK (reviewer_organization_id <> reviewee_organization_id)
      )`);
    await q.query('CREATE UNIQUE INDEX deal_reviews_once_idx ON deal_reviews (deal_id, side)');
    // An organization's latest reviews (public), and its average rating.
    await q.query('CREATE INDEX deal_reviews_reviewee_idx ON deal_reviews (reviewee_organization_id, created_at DESC, id DESC)');

    // Organizations whose reputation.updated is still to be published: written where no
    // outbox is at hand (demo data, repairs), drained by a scheduled job. Usually empty.
    await q.query(`
      CREATE TABLE reputation_refreshes (
        organization_id uuid PRIMARY KEY REFERENCES organizations (id) ON DELETE CASCADE,
        requested_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS reputation_refreshes');
    await q.query('DROP TABLE IF EXISTS deal_reviews');
    await q.query('DROP TABLE IF EXISTS deal_lines');
    await q.query('DROP TABLE IF EXISTS deals');
    await q.query('DROP TABLE IF EXISTS offer_lines');
    await q.query('DROP TABLE IF EXISTS offers');
  }
}

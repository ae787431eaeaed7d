import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Pooled orders: a buyer orders a pooled match in one step, one order offer per producer,
 * grouped. quantity_asked is the sum of the lines at creation (the target when there is no
 * demand). An offer belongs to at most one group; a counter-offer stays in its offer's group.
 */
export class OfferGroups1796300500000 implements MigrationInterface {
  name = 'OfferGroups1796300500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE offer_groups (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        buyer_organization_id uuid NOT NULL REFERENCES organizations (id),
        demand_id uuid REFERENCES demands (id),
        product_code text NOT NULL,
        unit text NOT NULL,
        quantity_asked numeric(14, 3) NOT NULL,
        created_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        cancelled_at timestamptz,
        cancelled_by uuid REFERENCES users (id) ON DELETE SET NULL,
        CONSTRAINT offer_groups_quantity CHECK (quantity_asked > 0),
        CONSTRAINT offer_groups_cancelled CHECK (cancelled_by IS NULL OR cancelled_at IS NOT NULL)
      )`);
    await q.query('CREATE INDEX offer_groups_buyer_idx ON offer_groups (buyer_organization_id, created_at DESC)');
    await q.query(`ALTER TABLE offers
      ADD COLUMN group_id uuid REFERENCES offer_groups (id) ON DELETE SET NULL,
      ADD COLUMN group_line_no int,
      ADD CONSTRAINT offers_group_line CHECK ((group_id IS NULL) = (group_line_no IS NULL) AND (group_id IS NULL OR kind = 'order'))`);
    await q.query('CREATE INDEX offers_group_idx ON offers (group_id, group_line_no) WHERE group_id IS NOT NULL');
    // One line number per producer's order in a group (its counter-offers share it), and one live order per listing.
    await q.query('CREATE UNIQUE INDEX offers_group_line_once_idx ON offers (group_id, group_line_no) WHERE group_id IS NOT NULL AND previous_offer_id IS NULL');
    await q.query(`CREATE UNIQUE INDEX offers_group_listing_once_idx ON offers (group_id, listing_id) WHERE group_id IS NOT NULL AND status IN ('pending', 'accepted')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX IF EXISTS offers_group_listing_once_idx');
    await q.query('DROP INDEX IF EXISTS offers_group_line_once_idx');
    await q.query('DROP INDEX IF EXISTS offers_group_idx');
    await q.query('ALTER TABLE offers DROP CONSTRAINT IF EXISTS offers_group_line, DROP COLUMN IF EXISTS group_line_no, DROP COLUMN IF EXISTS group_id');
    await q.query('DROP TABLE IF EXISTS offer_groups');
  }
}

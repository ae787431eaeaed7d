import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Deals as delivered, disputed and moved on by timers (issue 18): the quantity delivered per
 * line, the status `disputed`, how a deal was completed or cancelled (by a side, a timer or a
 * settlement), when the seller was reminded, and one dispute per deal with its settlement.
 */
export class DealLifecycle1796289451503 implements MigrationInterface {
  name = 'DealLifecycle1796289451503';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE deal_lines ADD COLUMN delivered_quantity numeric(14, 3),
      ADD CONSTRAINT deal_lines_delivered_positive CHECK (delivered_quantity > 0)`);
    await q.query(`ALTER TABLE deals
      ADD COLUMN reminded_at timestamptz,
      ADD COLUMN completed_by text,
      ADD COLUMN cancel_reason text,
      ADD CONSTRAINT deals_completed_by CHECK (completed_by IN ('buyer', 'system', 'settlement')),
      ADD CONSTRAINT deals_cancel_reason CHECK (cancel_reason IN ('side', 'not_delivered', 'settlement'))`);
    await q.query(`UPDATE deals SET completed_by = 'buyer' WHERE status = 'completed'`);
    await q.query(`UPDATE deals SET cancel_reason = 'side' WHERE status = 'cancelled'`);
    await q.query('ALTER TABLE deals DROP CONSTRAINT deals_status, DROP CONSTRAINT deals_lifecycle');
    await q.query(`ALTER TABLE deals
      ADD CONSTRAINT deals_status CHECK (status IN ('agreed', 'delivered', 'disputed', 'completed', 'cancelled')),
      ADD CONSTRAINT deals_lifecycle CHECK (
        (status = 'agreed' AND delivered_at IS NULL AND completed_at IS NULL AND cancelled_at IS NULL)
        OR (status IN ('delivered', 'disputed') AND delivered_at IS NOT NULL AND completed_at IS NULL AND cancelled_at IS NULL)
        OR (status = 'completed' AND delivered_at IS NOT NULL AND completed_at IS NOT NULL AND cancelled_at IS NULL)
        OR (status = 'cancelled' AND completed_at IS NULL AND cancelled_at IS NOT NULL))`);
    // The timers' scans: agreed deals by their date (undated ones by agreement), delivered ones by when they were delivered.
    await q.query(`CREATE INDEX deals_agreed_due_idx ON deals (deliver_by) WHERE status = 'agreed'`);
    await q.query(`CREATE INDEX deals_agreed_undated_idx ON deals (agreed_at) WHERE status = 'agreed' AND deliver_by IS NULL`);
    await q.query(`CREATE INDEX deals_delivered_due_idx ON deals (delivered_at) WHERE status = 'delivered'`);

    await q.query(`
      CREATE TABLE deal_disputes (
        deal_id uuid PRIMARY KEY REFERENCES deals (id) ON DELETE CASCADE,
        opened_by_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
        reason text NOT NULL,
        message text NOT NULL,
        opened_at timestamptz NOT NULL,
        -- When the timer asked platform admins to decide (the sides had not settled it).
        escalated_at timestamptz,
        -- The settlement one side proposed; the other side agreeing to the same terms settles it.
        proposed_outcome text,
        proposed_lines jsonb,
        proposed_by_organization_id uuid REFERENCES organizations (id) ON DELETE SET NULL,
        proposed_at timestamptz,
        outcome text,
        settled_by text,
        settled_by_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
        settled_at timestamptz,
        note text,
        lost_by_organization_id uuid REFERENCES organizations (id) ON DELETE SET NULL,
        CONSTRAINT deal_disputes_reason CHECK (reason IN ('quantity', 'quality', 'not_received', 'other')),
        CONSTRAINT deal_disputes_message_length CHECK (char_length(btrim(message)) BETWEEN 1 AND 2000),
        CONSTRAINT deal_disputes_note_length CHECK (char_length(note) <= 2000),
        CONSTRAINT deal_disputes_proposed_outcome CHECK (proposed_outcome IN ('completed', 'cancelled')),
        CONSTRAINT deal_disputes_outcome CHECK (outcome IN ('completed', 'cancelled')),
        CONSTRAINT deal_disputes_settled_by CHECK (settled_by IN ('agreement', 'admin')),
        CONSTRAINT deal_disputes_settled CHECK ((outcome IS NULL) = (settled_at IS NULL) AND (outcome IS NULL) = (settled_by IS NULL))
      )`);
    // The escalation timer's scan: open disputes by age.
    await q.query('CREATE INDEX deal_disputes_open_idx ON deal_disputes (opened_at) WHERE outcome IS NULL AND escalated_at IS NULL');
    // Reputation: disputes an organization lost.
    await q.query('CREATE INDEX deal_disputes_lost_idx ON deal_disputes (lost_by_organization_id) WHERE lost_by_organization_id IS NOT NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS deal_disputes');
    await q.query('DROP INDEX IF EXISTS deals_agreed_due_idx');
    await q.query('DROP INDEX IF EXISTS deals_agreed_undated_idx');
    await q.query('DROP INDEX IF EXISTS deals_delivered_due_idx');
    await q.query(`UPDATE deals SET status = 'cancelled', completed_at = NULL, cancelled_at = coalesce(cancelled_at, now()) WHERE status = 'disputed'`);
    await q.query(`UPDATE deals SET delivered_at = NULL WHERE status = 'cancelled'`);
    await q.query('ALTER TABLE deals DROP CONSTRAINT deals_status, DROP CONSTRAINT deals_lifecycle');
    await q.query(`ALTER TABLE deals
      ADD CONSTRAINT deals_status CHECK (status IN ('agreed', 'delivered', 'completed', 'cancelled')),
      ADD CONSTRAINT deals_lifecycle CHECK (
        (status = 'agreed' AND delivered_at IS NULL AND completed_at IS NULL AND cancelled_at IS NULL)
        OR (status = 'delivered' AND delivered_at IS NOT NULL AND completed_at IS NULL AND cancelled_at IS NULL)
        OR (status = 'completed' AND delivered_at IS NOT NULL AND completed_at IS NOT NULL AND cancelled_at IS NULL)
        OR (status = 'cancelled' AND delivered_at IS NULL AND completed_at IS NULL AND cancelled_at IS NOT NULL))`);
    await q.query(`ALTER TABLE deals DROP COLUMN reminded_at, DROP COLUMN completed_by, DROP COLUMN cancel_reason`);
    await q.query('ALTER TABLE deal_lines DROP COLUMN delivered_quantity');
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A producer's own ledger lines beside its deals: what it spent (feed, clay, fuel, labour)
 * and what it sold off Psar, so that its margins are its whole business, not Psar's share.
 */
export class CreateLedgerEntries1796290000000 implements MigrationInterface {
  name = 'CreateLedgerEntries1796290000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ledger_entries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
        kind text NOT NULL,
        entry_date date NOT NULL,
        description text NOT NULL,
        product_code text REFERENCES products (code) ON DELETE RESTRICT,
        counterpart text,
        amount numeric(14, 2) NOT NULL,
        currency text NOT NULL,
        created_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ledger_entries_kind CHECK (kind IN ('cost', 'sale')),
        CONSTRAINT ledger_entries_amount_positive CHECK (amount > 0),
        CONSTRAINT ledger_entries_currency CHECK (currency IN ('KHR', 'USD')),
        CONSTRAINT ledger_entries_whole_riel CHECK (currency <> 'KHR' OR amount = trunc(amount)),
        CONSTRAINT ledger_entries_description_length CHECK (length(description) BETWEEN 1 AND 200),
        CONSTRAINT ledger_entries_counterpart_length CHECK (length(counterpart) <= 200)
      )`);
    await q.query('CREATE INDEX ledger_entries_organization_idx ON ledger_entries (organization_id, entry_date DESC)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE ledger_entries');
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Stalls can be removed from the plan while nobody holds them. A removed stall is kept
 * (removed_at set), not deleted: rejected, cancelled and expired bookings still point at it
 * (stall_bookings_stall_fkey, ON DELETE RESTRICT) and keep their history with its code.
 * The plan rules apply to the stalls still on it only, so a removed stall's code and
 * place can be used again and it never stops the plan from shrinking.
 * That no live booking holds a removed stall is kept by the fair row lock (StallsService.remove).
 */
export class RemovableStalls1796168922884 implements MigrationInterface {
  name = 'RemovableStalls1796168922884';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE fair_stalls
        ADD COLUMN removed_at timestamptz,
        ADD COLUMN removed_by uuid REFERENCES users (id) ON DELETE SET NULL`);
    await q.query('ALTER TABLE fair_stalls DROP CONSTRAINT fair_stalls_code_key');
    // Same name as the constraint it replaces: StallsService maps it to "duplicate stall code".
    await q.query('CREATE UNIQUE INDEX fair_stalls_code_key ON fair_stalls (fair_id, code) WHERE removed_at IS NULL');
    await q.query('ALTER TABLE fair_stalls DROP CONSTRAINT fair_stalls_no_overlap');
    await q.query(`
      ALTER TABLE fair_stalls ADD CONSTRAINT fair_stalls_no_overlap
        EXCLUDE USING gist (fair_id WITH =, footprint WITH &&) WHERE (removed_at IS NULL)`);
    await q.query('ALTER TABLE fair_stalls DROP CONSTRAINT fair_stalls_inside_plan');
    await q.query(`
      ALTER TABLE fair_stalls ADD CONSTRAINT fair_stalls_inside_plan
        CHECK (x >= 0 AND y >= 0 AND (removed_at IS NOT NULL OR (x + width <= plan_width AND y + height <= plan_height)))`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Fails while removed stalls share a code or a place with stalls on the plan, as it should.
    await q.query('ALTER TABLE fair_stalls DROP CONSTRAINT fair_stalls_inside_plan');
    await q.query(`
      ALTER TABLE fair_stalls ADD CONSTRAINT fair_stalls_inside_plan
        CHECK (x >= 0 AND y >= 0 AND x + width <= plan_width AND y + height <= plan_height)`);
    await q.query('ALTER TABLE fair_stalls DROP CONSTRAINT fair_stalls_no_overlap');
    await q.query('ALTER TABLE fair_stalls ADD CONSTRAINT fair_stalls_no_overlap EXCLUDE USING gist (fair_id WITH =, footprint WITH &&)');
    await q.query('DROP INDEX fair_stalls_code_key');
    await q.query('ALTER TABLE fair_stalls ADD CONSTRAINT fair_stalls_code_key UNIQUE (fair_id, code)');
    await q.query('ALTER TABLE fair_stalls DROP COLUMN removed_by, DROP COLUMN removed_at');
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Remembers which data sets (the demo) were loaded, so a restart never loads them twice. */
export class CreateSeedRuns1764400000600 implements MigrationInterface {
  name = 'CreateSeedRuns1764400000600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE seed_runs (name text PRIMARY KEY, ran_at timestamptz NOT NULL DEFAULT now())`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE seed_runs');
  }
}

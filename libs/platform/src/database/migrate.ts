import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions, SchemaParts } from './data-source-options';

// Any fixed number works; it only has to be the same in every replica.
const MIGRATION_LOCK = 77_102_026;

/**
 * Applies pending migrations under an advisory lock, so replicas that start together
 * take turns instead of racing. Returns the names of the migrations applied.
 */
export async function runMigrations(url: string, schema: SchemaParts): Promise<string[]> {
  const lock = new Client({ connectionString: url });
  // The lock's connection sits idle while the migrations run on others: if the database goes
  // away then, the migrations fail and say so; an unhandled 'error' here would end the
  // process with a stack trace instead.
  lock.on('error', () => undefined);
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const dataSource = new DataSource({
      ...dataSourceOptions({ url, poolSize: 2, connectionTimeoutMs: 10_000, statementTimeoutMs: 0 }, schema),
      logging: ['error'],
    });
    await dataSource.initialize();
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return applied.map((m) => m.name);
    } finally {
      await dataSource.destroy();
    }
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await lock.end();
  }
}

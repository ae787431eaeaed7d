import type { DataSource } from 'typeorm';

export interface BatchedDelete {
  /** The table, schema-qualified where needed (`pgboss.archive`). */
  table: string;
  /** The primary key's columns: each batch deletes by them. */
  key: readonly string[];
  /** Which rows go, as SQL over the table's columns; an index must serve it. */
  where: string;
  params?: readonly unknown[];
  /** Rows per statement (default 1000). */
  batchSize?: number;
  /** Stops after this many batches (default 500); the next run goes on. */
  maxBatches?: number;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$/;

/**
 * Deletes rows a batch at a time, each batch its own short statement, so a purge never
 * holds many row locks or a long transaction, and skips rows someone else has locked
 * (a live request touching them, or another replica running the same purge).
 * Returns how many rows were deleted.
 */
export async function deleteInBatches(dataSource: DataSource, spec: BatchedDelete): Promise<number> {
  for (const name of [spec.table, ...spec.key]) {
    if (!IDENTIFIER.test(name)) throw new Error(`deleteInBatches: bad identifier "${name}"`);
  }
  const batchSize = spec.batchSize ?? 1000;
  const maxBatches = spec.maxBatches ?? 500;
  const key = spec.key.join(', ');
  const params = spec.params ?? [];
  const sql = `
    DELETE FROM ${spec.table} WHERE (${key}) IN (
      SELECT ${key} FROM ${spec.table} WHERE ${spec.where} LIMIT ${batchSize} FOR UPDATE SKIP LOCKED)`;
  let total = 0;
  for (let batch = 0; batch < maxBatches; batch++) {
    // TypeORM answers a DELETE with [rows, affected count].
    const [, deleted] = (await dataSource.query(sql, [...params])) as [unknown[], number];
    total += deleted;
    if (deleted < batchSize) break;
  }
  return total;
}

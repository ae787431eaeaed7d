import type { DataSource } from 'typeorm';

export interface BatchedDelete {
  /** The table, schema-qualified where needed (`pgboss.archive`). */
  table: string;
  /** Which rows go, as SQL over the table's columns; an index should serve it. */
  where: string;
  params?: readonly unknown[];
  /** Rows per statement (default 1000). */
  batchSize?: number;
  /** Stops after this many batches (default 500); the next run goes on. */
  maxBatches?: number;
}

const TABLE = /^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$/;

/**
 * Deletes rows a batch at a time, each batch its own short statement, so a purge never
 * holds many row locks or a long transaction, and skips rows someone else has locked
 * (a live request touching them, or another replica running the same purge).
 * Returns how many rows were deleted.
 */
export async function deleteInBatches(dataSource: DataSource, spec: BatchedDelete): Promise<number> {
  if (!TABLE.test(spec.table)) throw new Error(`deleteInBatches: bad table name "${spec.table}"`);
  const batchSize = spec.batchSize ?? 1000;
  const maxBatches = spec.maxBatches ?? 500;
  const params = spec.params ?? [];
  // By ctid (a TID scan of the rows just locked): with `key IN (subquery)` the planner
  // may hash-join against a scan of the whole table for every batch.
  const sql = `
    DELETE FROM ${spec.table} WHERE ctid = ANY (ARRAY(
      SELECT ctid FROM ${spec.table} WHERE ${spec.where} LIMIT ${batchSize} FOR UPDATE SKIP LOCKED))`;
  let total = 0;
  for (let batch = 0; batch < maxBatches; batch++) {
    // TypeORM answers a DELETE with [rows, affected count].
    const [, deleted] = (await dataSource.query(sql, [...params])) as [unknown[], number];
    total += deleted;
    if (deleted < batchSize) break;
  }
  return total;
}

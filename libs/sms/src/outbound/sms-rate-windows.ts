import type { EntityManager } from 'typeorm';

type Queryable = Pick<EntityManager, 'query'>;

/**
 * Takes one hit from the fixed window of `key` (per number, per gateway): one atomic upsert
 * in Postgres, so the limit holds across replicas and concurrent callers. false when the
 * window is full (the hit is not counted).
 */
export async function takeFromWindow(db: Queryable, key: string, windowSeconds: number, limit: number): Promise<boolean> {
  const rows = (await db.query(
    `INSERT INTO sms_rate_windows AS w (key, window_start, hits)
     VALUES ($1, to_timestamp(floor(extract(epoch FROM clock_timestamp()) / $2) * $2), 1)
     ON CONFLICT (key, window_start) DO UPDATE SET hits = w.hits + 1 WHERE w.hits < $3
     RETURNING hits`,
    [key, windowSeconds, limit],
  )) as Array<{ hits: number }>;
  return rows.length > 0;
}

import { Injectable } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

interface CounterRow {
  hits: number;
  expires_in: number;
  blocked_for: number | null;
}

/**
 * @nestjs/throttler's storage in Postgres, so a limit holds across every replica. One
 * atomic upsert per hit (fixed window): a fresh window starts at 1 hit; a hit beyond the
 * limit blocks the key for `blockDuration`; while blocked, hits are not counted. Finished
 * counters are purged by IdentityHousekeepingService.
 */
@Injectable()
export class PostgresThrottlerStorage implements ThrottlerStorage {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async increment(key: string, ttl: number, limit: number, blockDuration: number, _throttlerName: string): Promise<ThrottlerStorageRecord> {
    const [row] = (await this.dataSource.query(
      `INSERT INTO rate_limit_counters AS c (key, hits, window_ends_at, blocked_until)
       VALUES ($1, 1, now() + make_interval(secs => $2 / 1000.0),
               CASE WHEN 1 > $3 THEN now() + make_interval(secs => $4 / 1000.0) END)
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN c.blocked_until > now() THEN c.hits
                     WHEN c.window_ends_at <= now() THEN 1
                     ELSE c.hits + 1 END,
         window_ends_at = CASE WHEN c.blocked_until > now() THEN c.window_ends_at
                               WHEN c.window_ends_at <= now() THEN excluded.window_ends_at
                               ELSE c.window_ends_at END,
         blocked_until = CASE WHEN c.blocked_until > now() THEN c.blocked_until
                              WHEN c.window_ends_at <= now() THEN excluded.blocked_until
                              WHEN c.hits + 1 > $3 THEN now() + make_interval(secs => $4 / 1000.0)
                              ELSE NULL END
       RETURNING hits,
         ceil(extract(epoch FROM window_ends_at - now()))::int AS expires_in,
         ceil(extract(epoch FROM blocked_until - now()))::int AS blocked_for`,
      [key, ttl, limit, blockDuration],
    )) as CounterRow[];
    const blockedFor = row!.blocked_for ?? 0;
    return {
      totalHits: row!.hits,
      timeToExpire: Math.max(0, row!.expires_in),
      isBlocked: blockedFor > 0,
      timeToBlockExpire: Math.max(0, blockedFor),
    };
  }

  /** Takes one hit back (a login that turned out to be right is not a failure). */
  async refund(key: string): Promise<void> {
    await this.dataSource.query(
      'UPDATE rate_limit_counters SET hits = greatest(hits - 1, 0) WHERE key = $1 AND (blocked_until IS NULL OR blocked_until <= now())',
      [key],
    );
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface OutboxBacklog {
  /** Events recorded and not yet delivered to every handler (failing ones included). */
  waiting: number;
  /** Seconds the oldest of them has waited; 0 when none waits. */
  oldestAgeSeconds: number;
}

/**
 * How far delivery is behind: read by /health/ready (degraded past OUTBOX_BACKLOG_DEGRADED_SECONDS)
 * and by the metrics. One query on the partial index outbox_events_undelivered_idx.
 */
@Injectable()
export class OutboxBacklogService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async read(): Promise<OutboxBacklog> {
    const [row] = (await this.dataSource.query(
      `SELECT count(*)::int AS waiting,
              coalesce(extract(epoch FROM now() - min(occurred_at)), 0)::float8 AS oldest
       FROM outbox_events WHERE delivered_at IS NULL`,
    )) as Array<{ waiting: number; oldest: number }>;
    return { waiting: row!.waiting, oldestAgeSeconds: Math.max(0, Math.round(row!.oldest * 10) / 10) };
  }
}

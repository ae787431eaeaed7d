import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { ReadReplicas } from '../database/read-replicas.service';
import { JobQueueService } from '../jobs/job-queue.service';
import { OutboxBacklog, OutboxBacklogService } from '../outbox/outbox-backlog.service';
import { MetricsService, PoolCounts } from './metrics.service';

// pg-boss's tables live in its default schema (JobQueueService sets none).
const PGBOSS_SCHEMA = 'pgboss';

/**
 * The gauges read from the database: the connection pools (counters in memory), the
 * outbox backlog and the job queue depth (one cheap query each, run when Prometheus
 * scrapes). A query that fails shows as NaN, so an unreachable database never looks
 * like an empty backlog.
 */
@Injectable()
export class DatabaseMetrics implements OnModuleInit {
  private readonly logger = new Logger(DatabaseMetrics.name);
  private backlog?: Promise<OutboxBacklog>;
  private queueNames: string[] = [];

  constructor(
    private readonly metrics: MetricsService,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobQueueService,
    private readonly outbox: OutboxBacklogService,
    private readonly replicas: ReadReplicas,
  ) {}

  onModuleInit(): void {
    if (!this.metrics.enabled) return;
    this.metrics.watchPool('app', () => (this.dataSource.driver as PostgresDriver).master as PoolCounts | undefined);
    this.metrics.watchPool('jobs', () => this.jobs.pool);
    const registers = [this.metrics.registry];
    if (this.replicas.configured) this.watchReplicas(registers);
    const waiting: Gauge = new Gauge({
      name: 'psar_outbox_events_waiting',
      help: 'Outbox events recorded and not yet delivered to every handler',
      registers,
      collect: async () => waiting.set((await this.outboxBacklog()).waiting),
    });
    const oldest: Gauge = new Gauge({
      name: 'psar_outbox_oldest_waiting_age_seconds',
      help: 'Age of the oldest undelivered outbox event (0 when none waits)',
      registers,
      collect: async () => oldest.set((await this.outboxBacklog()).oldestAgeSeconds),
    });
    const queued: Gauge<'queue'> = new Gauge({
      name: 'psar_job_queue_waiting',
      help: 'Jobs of a pg-boss queue waiting to be worked (created or retrying)',
      labelNames: ['queue'],
      registers,
      collect: async () => {
        try {
          const depths = await this.queueDepths();
          queued.reset();
          for (const { name, waiting: count } of depths) queued.set({ queue: name }, count);
          this.queueNames = depths.map((d) => d.name);
        } catch (error) {
          this.logger.warn({ err: error }, 'metrics: job queue depth query failed');
          for (const name of this.queueNames) queued.set({ queue: name }, Number.NaN);
        }
      },
    });
  }

  /** Read replicas (DATABASE_REPLICA_URLS): whether each is used, its lag, the reads it answered. */
  private watchReplicas(registers: MetricsService['registry'][]): void {
    const names = this.replicas.pools().map(({ name, pool }) => {
      this.metrics.watchPool(name, () => pool);
      return name;
    });
    const each = (set: (replica: string, status: ReturnType<ReadReplicas['status']>[number]) => void) => () =>
      this.replicas.status().forEach((status, i) => set(names[i]!, status));
    const used: Gauge<'replica'> = new Gauge({
      name: 'psar_read_replica_in_use',
      help: 'Whether the read replica is in use (1), or skipped as down, lagging or not a replica (0)',
      labelNames: ['replica'],
      registers,
      collect: each((replica, s) => used.set({ replica }, s.state === 'healthy' ? 1 : 0)),
    });
    const lag: Gauge<'replica'> = new Gauge({
      name: 'psar_read_replica_lag_seconds',
      help: "How long ago the primary first had WAL the replica has not replayed (NaN when it could not be measured)",
      labelNames: ['replica'],
      registers,
      collect: each((replica, s) => lag.set({ replica }, s.lagMs === null ? Number.NaN : s.lagMs / 1000)),
    });
    const reads: Gauge<'replica'> = new Gauge({
      name: 'psar_read_replica_reads',
      help: 'Reads the replica answered since the process started',
      labelNames: ['replica'],
      registers,
      collect: each((replica, s) => reads.set({ replica }, s.served)),
    });
  }

  /** Registry.metrics() starts every collect() in one tick: both outbox gauges join the query in flight. */
  private outboxBacklog(): Promise<OutboxBacklog> {
    this.backlog ??= this.queryOutboxBacklog().finally(() => (this.backlog = undefined));
    return this.backlog;
  }

  private async queryOutboxBacklog(): Promise<OutboxBacklog> {
    try {
      return await this.outbox.read();
    } catch (error) {
      this.logger.warn({ err: error }, 'metrics: outbox backlog query failed');
      return { waiting: Number.NaN, oldestAgeSeconds: Number.NaN };
    }
  }

  /** Per queue, what pg-boss's getQueueSize counts, in one query over its partial index job_i5. */
  private queueDepths(): Promise<Array<{ name: string; waiting: number }>> {
    return this.dataSource.query(
      `SELECT q.name, (SELECT count(*) FROM ${PGBOSS_SCHEMA}.job j WHERE j.name = q.name AND j.state < 'active')::int AS waiting
         FROM ${PGBOSS_SCHEMA}.queue q ORDER BY q.name`,
    );
  }
}

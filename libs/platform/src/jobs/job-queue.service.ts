import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Pool } from 'pg';
import PgBoss from 'pg-boss';
import { Environment } from '../config/environment';
import { DatabaseOutageLog } from '../database/outage-log';
import { retrySerializationFailures } from '../errors/postgres-errors';

/** What a query sent after shutdown gets instead of an answer (see executeSql below). */
const DROPPED_QUERY = { rowCount: 0 } as unknown as { rows: unknown[] };

/**
 * The one pg-boss instance of this process: the outbox and the scheduled jobs share it.
 * Started in onModuleInit, so it is ready before any onApplicationBootstrap uses it.
 */
@Injectable()
export class JobQueueService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(JobQueueService.name);
  private readonly outage = new DatabaseOutageLog(this.logger, 'jobs');
  private instance?: PgBoss;
  /** The pool pg-boss runs its SQL on (undefined before start and after shutdown); read by the metrics. */
  pool?: Pool;
  private queueCreation: Promise<unknown> = Promise.resolve();

  constructor(private readonly env: Environment) {}

  get boss(): PgBoss {
    if (!this.instance) throw new Error('job queue: not started');
    return this.instance;
  }

  /** Whether this process takes jobs (OUTBOX_WORKER); every process may enqueue. */
  get working(): boolean {
    return this.env.OUTBOX_WORKER;
  }

  /**
   * Creates a queue if missing. pg-boss makes a table partition per queue, and two
   * creations at once can deadlock: this process creates them one at a time, and a
   * deadlock with another replica starting at the same moment is retried.
   */
  createQueue(options: PgBoss.Queue): Promise<void> {
    const created = this.queueCreation.then(() => this.createQueueRetrying(options));
    this.queueCreation = created.catch(() => undefined);
    return created;
  }

  private async createQueueRetrying(options: PgBoss.Queue): Promise<void> {
    await retrySerializationFailures(() => this.boss.createQueue(options.name, options), {
      attempts: 5,
      delayMs: (attempt) => 50 + Math.random() * 200 * attempt,
    });
  }

  async onModuleInit(): Promise<void> {
    // pg-boss runs its SQL on a pool of ours, watched like the app's: a database restart is
    // logged once, and its connection errors can never be left unhandled.
    this.pool = this.outage.watch(
      new Pool({
        connectionString: this.env.DATABASE_URL,
        max: 3,
        application_name: 'psar-jobs',
        connectionTimeoutMillis: Math.max(10_000, this.env.DB_CONNECTION_TIMEOUT_MS),
      }),
    );
    const pool = this.pool;
    this.instance = new PgBoss({
      db: {
        // pg-boss 10 does not await the query that completes or fails a finished job, so one
        // can come after stop() and after this pool has ended; it would reject unhandled. It is
        // dropped instead: the job stays active, expires and runs again (delivery is at least
        // once). The answer has no `rows`: complete() and fail() read `rows[0].count` from any
        // result that has them, and fetch() takes a missing `rows` as no jobs.
        executeSql: (text, values) => (pool.ending ? Promise.resolve(DROPPED_QUERY) : pool.query(text, values)),
      },
      // Maintenance and cron run where jobs are worked; pg-boss keeps them single across replicas.
      supervise: this.env.OUTBOX_WORKER,
      schedule: this.env.OUTBOX_WORKER,
    });
    // While the database is away every poll fails: one line per outage, and the workers go on
    // polling, so delivery resumes by itself when it is back.
    this.instance.on('error', (error) => {
      if (!this.outage.report(error)) this.logger.error({ err: error }, 'pg-boss error');
    });
    await this.instance.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.instance?.stop({ graceful: true, wait: true, timeout: 5000 });
    this.instance = undefined;
    await this.pool?.end();
    this.pool = undefined;
  }
}

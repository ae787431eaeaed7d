import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import PgBoss from 'pg-boss';
import { Environment } from '../config/environment';
import { retrySerializationFailures } from '../errors/postgres-errors';

/**
 * The one pg-boss instance of this process: the outbox and the scheduled jobs share it.
 * Started in onModuleInit, so it is ready before any onApplicationBootstrap uses it.
 */
@Injectable()
export class JobQueueService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(JobQueueService.name);
  private instance?: PgBoss;
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
    this.instance = new PgBoss({
      connectionString: this.env.DATABASE_URL,
      max: 3,
      application_name: 'psar-jobs',
      // Maintenance and cron run where jobs are worked; pg-boss keeps them single across replicas.
      supervise: this.env.OUTBOX_WORKER,
      schedule: this.env.OUTBOX_WORKER,
    });
    this.instance.on('error', (error) => this.logger.error({ err: error }, 'pg-boss error'));
    await this.instance.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.instance?.stop({ graceful: true, wait: true, timeout: 5000 });
    this.instance = undefined;
  }
}

import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import PgBoss from 'pg-boss';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { Environment } from '../config/environment';
import { DomainEvent, DomainEventHandler } from './domain-event';
import { OutboxEvent } from './outbox-event.entity';

const QUEUE = 'outbox';

interface Subscription {
  name: string;
  handle: DomainEventHandler<any>;
}

/**
 * The transactional outbox. `record` writes the event and its delivery job in the
 * caller's transaction, so an event exists exactly when the change that caused it was
 * committed. A pg-boss worker then hands it to every subscribed handler, at least once,
 * retrying with backoff while a handler fails.
 */
@Injectable()
export class OutboxService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxService.name);
  private readonly subscriptions = new Map<string, Subscription[]>();
  private boss?: PgBoss;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly env: Environment,
  ) {}

  /** Called by a consuming module in `onModuleInit`; `name` identifies the handler in logs. */
  subscribe<P>(type: string, name: string, handle: DomainEventHandler<P>): void {
    const list = this.subscriptions.get(type) ?? [];
    list.push({ name, handle });
    this.subscriptions.set(type, list);
  }

  async record(manager: EntityManager, type: string, payload: Record<string, unknown>): Promise<string> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error(`outbox: record "${type}" inside the transaction that makes the change`);
    }
    const boss = this.requireBoss();
    const [row] = (await manager.query('INSERT INTO outbox_events (type, payload) VALUES ($1, $2) RETURNING id', [
      type,
      payload,
    ])) as Array<{ id: string }>;
    const id = row!.id;
    await boss.send(QUEUE, { eventId: id }, { db: { executeSql: async (text, values) => ({ rows: await manager.query(text, values) }) } });
    return id;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.boss = new PgBoss({
      connectionString: this.env.DATABASE_URL,
      max: 3,
      application_name: 'psar-outbox',
      // Only the maintenance of one replica matters; pg-boss coordinates that itself.
      supervise: this.env.OUTBOX_WORKER,
      schedule: false,
    });
    this.boss.on('error', (error) => this.logger.error({ err: error }, 'pg-boss error'));
    await this.boss.start();
    await this.boss.createQueue(QUEUE, { name: QUEUE, retryLimit: 20, retryDelay: 1, retryBackoff: true, expireInMinutes: 5 });
    if (this.env.OUTBOX_WORKER) await this.startWorker();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.boss?.stop({ graceful: true, wait: true, timeout: 5000 });
    this.boss = undefined;
  }

  /** Starts taking jobs in this process. Separate so tests can stop and restart delivery. */
  async startWorker(): Promise<void> {
    await this.requireBoss().work<{ eventId: string }>(QUEUE, { batchSize: 10, pollingIntervalSeconds: 0.5 }, async (jobs) => {
      const failures: string[] = [];
      for (const job of jobs) {
        const failure = await this.deliver(job.data.eventId);
        if (failure) failures.push(failure);
      }
      // Throwing fails the whole batch: events already delivered are skipped on retry.
      if (failures.length > 0) throw new Error(failures.join('; '));
    });
  }

  async stopWorker(): Promise<void> {
    await this.requireBoss().offWork(QUEUE);
  }

  /** Returns an error message when a handler failed, so the job is retried. */
  private async deliver(eventId: string): Promise<string | undefined> {
    const repo = this.dataSource.getRepository(OutboxEvent);
    const event = await repo.findOneBy({ id: eventId, deliveredAt: IsNull() });
    if (!event) return undefined;
    const domainEvent: DomainEvent = { id: event.id, type: event.type, payload: event.payload, occurredAt: event.occurredAt };
    const subscriptions = this.subscriptions.get(event.type) ?? [];
    for (const subscription of subscriptions) {
      try {
        await subscription.handle(domainEvent);
      } catch (error) {
        const message = `${subscription.name} failed on ${event.type} ${event.id}: ${error instanceof Error ? error.message : String(error)}`;
        this.logger.warn({ eventId: event.id, handler: subscription.name, err: error }, 'event handler failed; will retry');
        await repo.update({ id: event.id }, { attempts: () => 'attempts + 1', lastError: message.slice(0, 2000) });
        return message;
      }
    }
    await repo.update({ id: event.id }, { attempts: () => 'attempts + 1', deliveredAt: () => 'now()', lastError: null });
    return undefined;
  }

  private requireBoss(): PgBoss {
    if (!this.boss) throw new Error('outbox: not started');
    return this.boss;
  }
}

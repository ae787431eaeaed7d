import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { isConnectionLoss } from '../errors/connection-loss';
import { JobQueueService } from '../jobs/job-queue.service';
import { DomainEvent, DomainEventHandler } from './domain-event';
import { OutboxEvent } from './outbox-event.entity';

const QUEUE = 'outbox';
// How long a delivery cut by a database outage is tried again before its job fails.
const OUTAGE_PATIENCE_MS = 60_000;

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
export class OutboxService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxService.name);
  private readonly subscriptions = new Map<string, Subscription[]>();
  private stopping = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queue: JobQueueService,
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
    const [row] = (await manager.query('INSERT INTO outbox_events (type, payload) VALUES ($1, $2) RETURNING id', [
      type,
      payload,
    ])) as Array<{ id: string }>;
    const id = row!.id;
    await this.queue.boss.send(QUEUE, { eventId: id }, { db: { executeSql: async (text, values) => ({ rows: await manager.query(text, values) }) } });
    return id;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.createQueue({ name: QUEUE, retryLimit: 20, retryDelay: 1, retryBackoff: true, expireInMinutes: 5 });
    if (this.queue.working) await this.startWorker();
  }

  /** Starts taking jobs in this process. Separate so tests can stop and restart delivery. */
  async startWorker(): Promise<void> {
    await this.queue.boss.work<{ eventId: string }>(QUEUE, { batchSize: 10, pollingIntervalSeconds: 0.5 }, async (jobs) => {
      const failures: string[] = [];
      for (const job of jobs) {
        const failure = await this.deliverThroughOutage(job.data.eventId);
        if (failure) failures.push(failure);
      }
      // Throwing fails the whole batch: events already delivered are skipped on retry.
      if (failures.length > 0) throw new Error(failures.join('; '));
    });
  }

  /** Before pg-boss stops (onApplicationShutdown), so a delivery waiting out an outage gives up. */
  beforeApplicationShutdown(): void {
    this.stopping = true;
  }

  async stopWorker(): Promise<void> {
    await this.queue.boss.offWork(QUEUE);
  }

  /**
   * A delivery cut by a database restart is tried again here, once a second, until the
   * database is back: pg-boss could not record the failure either, and the job would sit
   * active until it expires (5 minutes). Handlers are idempotent, so running one again is safe.
   */
  private async deliverThroughOutage(eventId: string): Promise<string | undefined> {
    const giveUpAt = Date.now() + OUTAGE_PATIENCE_MS;
    for (;;) {
      try {
        return await this.deliver(eventId);
      } catch (error) {
        if (!isConnectionLoss(error) || this.stopping || Date.now() > giveUpAt) throw error;
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
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
}

import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { isConnectionLoss } from '../errors/connection-loss';
import { JobQueueService } from '../jobs/job-queue.service';
import { DomainEvent, DomainEventBatchHandler, DomainEventHandler } from './domain-event';

const QUEUE = 'outbox';
/** Jobs one worker takes per fetch; all their events are read and marked in one statement each. */
const BATCH_SIZE = 100;
/** Workers per process: while one waits on its handlers, the other fetches and delivers. */
const WORKERS = 2;

export interface SubscribeOptions {
  /**
   * How many events of one batch a per-event handler may take at once (default 1). Raise it
   * only for a handler that is safe to run concurrently with itself (its writes keyed or locked).
   */
  concurrency?: number;
}
// How long a delivery cut by a database outage is tried again before its jobs fail.
const OUTAGE_PATIENCE_MS = 60_000;

interface Subscription {
  name: string;
  /** Takes every event of its type in a batch; per-event handlers are wrapped into one. */
  handleBatch: DomainEventBatchHandler<any>;
}

interface OutboxRow {
  id: string;
  type: string;
  payload: Record<string, unknown>;
  occurred_at: Date;
}

/**
 * The transactional outbox. `record` writes the event and its delivery job in the
 * caller's transaction, so an event exists exactly when the change that caused it was
 * committed. pg-boss workers then hand it to every subscribed handler, at least once,
 * retrying with backoff while a handler fails.
 *
 * Delivery is batched: a worker takes up to BATCH_SIZE jobs, reads their events in one
 * query, gives each handler all events of its type together, marks the delivered ones in
 * one update, and fetches again at once while batches come full (pg-boss would otherwise
 * wait out its polling interval between batches). Handlers do not rely on order between
 * events: two workers (and replicas) deliver batches side by side.
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
  subscribe<P>(type: string, name: string, handle: DomainEventHandler<P>, options: SubscribeOptions = {}): void {
    const concurrency = Math.max(1, options.concurrency ?? 1);
    this.subscribeBatch<P>(type, name, async (events) => {
      let next = 0;
      const lane = async () => {
        while (next < events.length) await handle(events[next++]!);
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, events.length) }, lane));
    });
  }

  /**
   * Like `subscribe`, for a handler that does its work for many events at once (one insert
   * for all of them). When it throws, each event of the batch is handed to it alone, so one
   * bad event does not hold back the others.
   */
  subscribeBatch<P>(type: string, name: string, handleBatch: DomainEventBatchHandler<P>): void {
    const list = this.subscriptions.get(type) ?? [];
    list.push({ name, handleBatch });
    this.subscriptions.set(type, list);
  }

  async record(manager: EntityManager, type: string, payload: Record<string, unknown>): Promise<string> {
    const [id] = await this.recordMany(manager, type, [payload]);
    return id!;
  }

  /** Records several events of one type with two statements, whatever their number. Returns their ids in order. */
  async recordMany(manager: EntityManager, type: string, payloads: Array<Record<string, unknown>>): Promise<string[]> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error(`outbox: record "${type}" inside the transaction that makes the change`);
    }
    if (payloads.length === 0) return [];
    const rows = (await manager.query(
      `INSERT INTO outbox_events (type, payload)
       SELECT $1, u.payload FROM unnest($2::jsonb[]) WITH ORDINALITY AS u (payload, n) ORDER BY u.n
       RETURNING id`,
      [type, payloads.map((p) => JSON.stringify(p))],
    )) as Array<{ id: string }>;
    const ids = rows.map((r) => r.id);
    await this.queue.boss.insert(
      ids.map((eventId) => ({ name: QUEUE, data: { eventId } })),
      { db: { executeSql: async (text, values) => ({ rows: await manager.query(text, values) }) } },
    );
    return ids;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.createQueue({ name: QUEUE, retryLimit: 20, retryDelay: 1, retryBackoff: true, expireInMinutes: 5 });
    if (this.queue.working) await this.startWorker();
  }

  /** Starts taking jobs in this process. Separate so tests can stop and restart delivery. */
  async startWorker(): Promise<void> {
    for (let i = 0; i < WORKERS; i++) {
      const worker = { id: '' };
      worker.id = await this.queue.boss.work<{ eventId: string }>(
        QUEUE,
        { batchSize: BATCH_SIZE, pollingIntervalSeconds: 0.5 },
        async (jobs) => {
          const failed = await this.deliverThroughOutage(jobs.map((job) => ({ jobId: job.id, eventId: job.data.eventId })));
          // A full batch means more are waiting: fetch again without the polling pause.
          if (jobs.length === BATCH_SIZE && worker.id) this.queue.boss.notifyWorker(worker.id);
          // Only the failed jobs are retried (with backoff); pg-boss completes the rest.
          // (The messages are in outbox_events.last_error.)
          if (failed.length > 0) await this.queue.boss.fail(QUEUE, failed.map((f) => f.jobId));
        },
      );
    }
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
   * database is back: pg-boss could not record the failure either, and the jobs would sit
   * active until they expire (5 minutes). Handlers are idempotent, so running one again is safe.
   */
  private async deliverThroughOutage(jobs: Array<{ jobId: string; eventId: string }>): Promise<Array<{ jobId: string }>> {
    const giveUpAt = Date.now() + OUTAGE_PATIENCE_MS;
    for (;;) {
      try {
        return await this.deliver(jobs);
      } catch (error) {
        if (!isConnectionLoss(error) || this.stopping || Date.now() > giveUpAt) throw error;
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  }

  /** Delivers a batch; returns the jobs whose event a handler failed on, so they are retried. */
  private async deliver(jobs: Array<{ jobId: string; eventId: string }>): Promise<Array<{ jobId: string }>> {
    const rows = (await this.dataSource.query(
      `SELECT id, type, payload, occurred_at FROM outbox_events
       WHERE id = ANY($1::uuid[]) AND delivered_at IS NULL ORDER BY occurred_at, id`,
      [jobs.map((j) => j.eventId)],
    )) as OutboxRow[];
    if (rows.length === 0) return [];
    const byType = new Map<string, DomainEvent[]>();
    for (const row of rows) {
      const events = byType.get(row.type) ?? [];
      events.push({ id: row.id, type: row.type, payload: row.payload, occurredAt: row.occurred_at });
      byType.set(row.type, events);
    }
    const errors = new Map<string, string>();
    // Types side by side, so quick ones (match.found → digests) do not wait behind slow ones
    // (listing.published → matching) in the same batch; a type's handlers one after another.
    await Promise.all(
      [...byType].map(async ([type, events]) => {
        for (const subscription of this.subscriptions.get(type) ?? []) {
          const pending = events.filter((e) => !errors.has(e.id));
          if (pending.length > 0) await this.handOver(subscription, pending, errors);
        }
      }),
    );
    const delivered = rows.filter((r) => !errors.has(r.id)).map((r) => r.id);
    if (delivered.length > 0) {
      await this.dataSource.query(
        `UPDATE outbox_events SET attempts = attempts + 1, delivered_at = now(), last_error = NULL WHERE id = ANY($1::uuid[])`,
        [delivered],
      );
    }
    if (errors.size === 0) return [];
    await this.dataSource.query(
      `UPDATE outbox_events e SET attempts = attempts + 1, last_error = f.message
       FROM unnest($1::uuid[], $2::text[]) AS f (id, message) WHERE e.id = f.id`,
      [[...errors.keys()], [...errors.values()].map((m) => m.slice(0, 2000))],
    );
    return jobs.filter((j) => errors.has(j.eventId));
  }

  private async handOver(subscription: Subscription, events: DomainEvent[], errors: Map<string, string>): Promise<void> {
    try {
      await subscription.handleBatch(events);
      return;
    } catch (error) {
      // The database went away: the whole batch waits for it (deliverThroughOutage), not the backoff.
      if (isConnectionLoss(error)) throw error;
      if (events.length === 1) return this.failed(subscription, events[0]!, error, errors);
    }
    // Find the bad ones: each event alone (handlers are idempotent, so the good ones may repeat).
    for (const event of events) {
      try {
        await subscription.handleBatch([event]);
      } catch (error) {
        if (isConnectionLoss(error)) throw error;
        this.failed(subscription, event, error, errors);
      }
    }
  }

  private failed(subscription: Subscription, event: DomainEvent, error: unknown, errors: Map<string, string>): void {
    const message = `${subscription.name} failed on ${event.type} ${event.id}: ${error instanceof Error ? error.message : String(error)}`;
    this.logger.warn({ eventId: event.id, handler: subscription.name, err: error }, 'event handler failed; will retry');
    errors.set(event.id, message);
  }
}

import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { findUserByPhone } from '@psar/identity';
import { Environment, JobQueueService } from '@psar/platform';
import { DataSource, EntityManager } from 'typeorm';
import { SmsOutbox } from '../outbound/sms-outbox.service';
import { takeFromWindow } from '../outbound/sms-rate-windows';
import { SmsSendWorker } from '../outbound/sms-send.worker';
import { SmsCommandParser, type SmsCommandContext } from './sms-command';
import { SmsCommandRegistry } from './sms-command.registry';
import { SmsConversationState, SmsNumber } from './sms-number.entity';
import { smsTexts } from './sms-texts';

export const SMS_INBOUND_QUEUE = 'sms.inbound';
const BATCH_SIZE = 20;
const WORKERS = 2;

interface NumberRow {
  phone: string;
  user_id: string | null;
  locale: 'km' | 'en';
  province_code: string | null;
  stopped_at: Date | null;
  state: SmsConversationState | null;
  state_expires_at: Date | null;
  more_text: string | null;
  more_expires_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

function toNumber(row: NumberRow): SmsNumber {
  return Object.assign(new SmsNumber(), {
    phone: row.phone,
    userId: row.user_id,
    locale: row.locale,
    provinceCode: row.province_code,
    stoppedAt: row.stopped_at,
    state: row.state,
    stateExpiresAt: row.state_expires_at,
    moreText: row.more_text,
    moreExpiresAt: row.more_expires_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });
}

interface PendingInbound {
  id: string;
  text: string;
  created_at: Date;
}

/**
 * Answers stored inbound messages. A job names a number; its worker takes that number's
 * lock and handles every message of it not yet handled, oldest first, each in its own
 * transaction with its reply (keyed `sms-reply:<inbound id>`): messages of one number are
 * answered in order, whichever replica runs the job, and a message is answered once.
 */
@Injectable()
export class SmsDispatcher implements OnApplicationBootstrap {
  private readonly logger = new Logger(SmsDispatcher.name);
  private readonly workerIds: string[] = [];
  private busySlots = 0;
  private readonly slotWaiters: Array<() => void> = [];

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobQueueService,
    private readonly outbox: SmsOutbox,
    private readonly sender: SmsSendWorker,
    private readonly registry: SmsCommandRegistry,
    private readonly parser: SmsCommandParser,
    private readonly env: Environment,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.createQueue({ name: SMS_INBOUND_QUEUE, retryLimit: 10, retryDelay: 1, retryBackoff: true, expireInMinutes: 5 });
    if (!this.jobs.working || !this.outbox.enabled) return;
    // Two workers: while one waits on its batch, the other fetches the next.
    for (let i = 0; i < WORKERS; i++) {
      const workerId = await this.jobs.boss.work<{ phone: string }>(
        SMS_INBOUND_QUEUE,
        { batchSize: BATCH_SIZE, pollingIntervalSeconds: 0.5 },
        async (batch) => {
          const phones = [...new Set(batch.map((job) => job.data.phone))];
          await Promise.all(phones.map((phone) => this.withConnectionSlot(() => this.handleNumber(phone))));
          if (batch.length === BATCH_SIZE) this.notify();
        },
      );
      this.workerIds.push(workerId);
    }
  }

  /**
   * A message's transaction holds a connection while its command may open one more
   * (ListingsService.create, OffersService.accept): across this process's workers, at most a
   * third of the pool's connections are taken by numbers at once, so those inner
   * transactions always find one.
   */
  private async withConnectionSlot<T>(run: () => Promise<T>): Promise<T> {
    const slots = Math.max(1, Math.floor(this.env.DB_POOL_SIZE / 3));
    while (this.busySlots >= slots) await new Promise<void>((resolve) => this.slotWaiters.push(resolve));
    this.busySlots++;
    try {
      return await run();
    } finally {
      this.busySlots--;
      this.slotWaiters.shift()?.();
    }
  }

  notify(): void {
    for (const id of this.workerIds) this.jobs.boss.notifyWorker(id);
  }

  /** Handles every pending message of a number, in order. */
  async handleNumber(phone: string): Promise<void> {
    for (let more = true; more; ) {
      try {
        more = await this.dataSource.transaction((tx) => this.handleNext(tx, phone));
      } catch (error) {
        // The message's handling rolled back; it is marked failed (with an apology) so it does not block the number.
        more = await this.dataSource.transaction((tx) => this.failNext(tx, phone, error as Error));
      }
    }
    // The replies just committed: sent now rather than at the send worker's next poll.
    this.sender.notify();
  }

  /**
   * The number's row, locked until the transaction ends: the per-number lock that keeps its
   * messages in order across workers and replicas (the upsert makes the row if it is new).
   */
  private async lockNumber(tx: EntityManager, phone: string): Promise<SmsNumber> {
    const [row] = (await tx.query(
      `INSERT INTO sms_numbers AS n (phone) VALUES ($1)
       ON CONFLICT (phone) DO UPDATE SET phone = n.phone
       RETURNING phone, user_id, locale, province_code, stopped_at, state, state_expires_at, more_text, more_expires_at, created_at, updated_at`,
      [phone],
    )) as NumberRow[];
    const number = toNumber(row!);
    if (!number.userId) {
      // An account made on the web with this number: its language, and its messages link to it.
      const user = await findUserByPhone(tx, phone);
      if (user) {
        await tx.query('UPDATE sms_numbers SET user_id = $2, locale = $3, updated_at = now() WHERE phone = $1', [phone, user.id, user.locale]);
        number.userId = user.id;
        number.locale = user.locale;
      }
    }
    return number;
  }

  /** The oldest unhandled message of the number, and whether another waits after it. */
  private async nextPending(tx: EntityManager, phone: string): Promise<{ message?: PendingInbound; more: boolean }> {
    const rows = (await tx.query(
      `SELECT id, text, created_at FROM sms_messages
       WHERE phone = $1 AND direction = 'in' AND status = 'received'
       ORDER BY created_at, id LIMIT 2`,
      [phone],
    )) as PendingInbound[];
    return { message: rows[0], more: rows.length > 1 };
  }

  private async finish(tx: EntityManager, id: string, status: 'handled' | 'ignored' | 'failed', error?: string): Promise<void> {
    await tx.query('UPDATE sms_messages SET status = $2, handled_at = now(), last_error = $3 WHERE id = $1', [id, status, error ?? null]);
  }

  /** Handles the oldest pending message of the number; true when another is waiting. */
  private async handleNext(tx: EntityManager, phone: string): Promise<boolean> {
    const number = await this.lockNumber(tx, phone);
    const { message, more } = await this.nextPending(tx, phone);
    if (!message) return false;
    // Past the hourly limit a number's messages are kept but not answered (a loop with another machine, abuse).
    if (!(await takeFromWindow(tx, `from:${phone}`, 3600, this.env.SMS_INBOUND_PER_NUMBER_PER_HOUR))) {
      await this.finish(tx, message.id, 'ignored', 'rate_limited');
      return more;
    }
    const command = this.parser.parse(message.text, number.locale);
    // A stopped number is answered only when it says START (or STOP again).
    if (number.stoppedAt && command.name !== 'START' && command.name !== 'STOP') {
      await this.finish(tx, message.id, 'ignored', 'stopped');
      return more;
    }
    const context: SmsCommandContext = {
      manager: tx,
      number,
      inbound: { id: message.id, text: message.text, receivedAt: message.created_at },
      texts: smsTexts(number.locale),
      setState: async (state) => {
        await tx.query(
          `UPDATE sms_numbers SET state = $2, state_expires_at = CASE WHEN $2::jsonb IS NULL THEN NULL ELSE now() + make_interval(mins => $3) END,
             updated_at = now() WHERE phone = $1`,
          [phone, state === null ? null : JSON.stringify(state), this.env.SMS_STATE_TTL_MINUTES],
        );
        number.state = state;
      },
    };
    const reply = await this.registry.resolve(command.name).handle(command, context);
    if (reply) {
      await this.outbox.queueMessage({ to: phone, text: reply.text, key: `sms-reply:${message.id}` }, tx, {
        bypassStop: reply.bypassStop ?? false,
        number: { locale: number.locale, stoppedAt: number.stoppedAt },
      });
    }
    await this.finish(tx, message.id, 'handled');
    return more;
  }

  private async failNext(tx: EntityManager, phone: string, error: Error): Promise<boolean> {
    const number = await this.lockNumber(tx, phone);
    const { message, more } = await this.nextPending(tx, phone);
    if (!message) return false;
    this.logger.error({ messageId: message.id, err: error }, 'sms command failed');
    await this.finish(tx, message.id, 'failed', String(error.message ?? error).slice(0, 500));
    if (!number.stoppedAt) await this.outbox.queueMessage({ to: phone, text: smsTexts(number.locale).failed, key: `sms-reply:${message.id}` }, tx);
    return more;
  }
}

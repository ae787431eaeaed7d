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
import { SmsNumber } from './sms-number.entity';
import { smsTexts } from './sms-texts';

export const SMS_INBOUND_QUEUE = 'sms.inbound';
const BATCH_SIZE = 20;

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
  private workerId: string | null = null;

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
    this.workerId = await this.jobs.boss.work<{ phone: string }>(
      SMS_INBOUND_QUEUE,
      { batchSize: BATCH_SIZE, pollingIntervalSeconds: 0.5 },
      async (batch) => {
        const phones = [...new Set(batch.map((job) => job.data.phone))];
        // A message's transaction holds a connection while its command may open one more
        // (ListingsService.create, OffersService.accept): at most a third of the pool's
        // connections are taken by numbers at once, so those inner transactions always get one.
        const atOnce = Math.max(1, Math.floor(this.env.DB_POOL_SIZE / 3));
        for (let i = 0; i < phones.length; i += atOnce) {
          await Promise.all(phones.slice(i, i + atOnce).map((phone) => this.handleNumber(phone)));
        }
        if (batch.length === BATCH_SIZE) this.notify();
      },
    );
  }

  notify(): void {
    if (this.workerId) this.jobs.boss.notifyWorker(this.workerId);
  }

  /** Handles every pending message of a number, in order. */
  async handleNumber(phone: string): Promise<void> {
    let handled = 0;
    for (;;) {
      let failedId: string | null = null;
      let more: boolean;
      try {
        more = await this.dataSource.transaction((tx) => this.handleNext(tx, phone));
      } catch (error) {
        // The message's handling rolled back; it is marked failed (with an apology) so it does not block the number.
        failedId = await this.dataSource.transaction((tx) => this.failNext(tx, phone, error as Error));
        more = failedId !== null;
      }
      if (!more) break;
      handled++;
    }
    if (handled > 0) this.sender.notify();
  }

  private async lockNumber(tx: EntityManager, phone: string): Promise<SmsNumber> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('sms-number:' || $1, 0))`, [phone]);
    await tx.query('INSERT INTO sms_numbers (phone) VALUES ($1) ON CONFLICT (phone) DO NOTHING', [phone]);
    const number = await tx.getRepository(SmsNumber).findOneByOrFail({ phone });
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

  private async nextPending(tx: EntityManager, phone: string): Promise<PendingInbound | undefined> {
    const [message] = (await tx.query(
      `SELECT id, text, created_at FROM sms_messages
       WHERE phone = $1 AND direction = 'in' AND status = 'received'
       ORDER BY created_at, id LIMIT 1`,
      [phone],
    )) as PendingInbound[];
    return message;
  }

  private async finish(tx: EntityManager, id: string, status: 'handled' | 'ignored' | 'failed', error?: string): Promise<void> {
    await tx.query('UPDATE sms_messages SET status = $2, handled_at = now(), last_error = $3 WHERE id = $1', [id, status, error ?? null]);
  }

  /** Handles the oldest pending message of the number; false when there is none. */
  private async handleNext(tx: EntityManager, phone: string): Promise<boolean> {
    const number = await this.lockNumber(tx, phone);
    const message = await this.nextPending(tx, phone);
    if (!message) return false;
    // Past the hourly limit a number's messages are kept but not answered (a loop with another machine, abuse).
    if (!(await takeFromWindow(tx, `from:${phone}`, 3600, this.env.SMS_INBOUND_PER_NUMBER_PER_HOUR))) {
      await this.finish(tx, message.id, 'ignored', 'rate_limited');
      return true;
    }
    const command = this.parser.parse(message.text, number.locale);
    // A stopped number is answered only when it says START (or STOP again).
    if (number.stoppedAt && command.name !== 'START' && command.name !== 'STOP') {
      await this.finish(tx, message.id, 'ignored', 'stopped');
      return true;
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
      await this.outbox.queueMessage({ to: phone, text: reply.text, key: `sms-reply:${message.id}` }, tx, { bypassStop: reply.bypassStop ?? false });
    }
    await this.finish(tx, message.id, 'handled');
    return true;
  }

  private async failNext(tx: EntityManager, phone: string, error: Error): Promise<string | null> {
    const number = await this.lockNumber(tx, phone);
    const message = await this.nextPending(tx, phone);
    if (!message) return null;
    this.logger.error({ messageId: message.id, err: error }, 'sms command failed');
    await this.finish(tx, message.id, 'failed', String(error.message ?? error).slice(0, 500));
    if (!number.stoppedAt) await this.outbox.queueMessage({ to: phone, text: smsTexts(number.locale).failed, key: `sms-reply:${message.id}` }, tx);
    return message.id;
  }
}

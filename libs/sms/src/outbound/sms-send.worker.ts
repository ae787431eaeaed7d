import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Environment, JobQueueService } from '@psar/platform';
import type PgBoss from 'pg-boss';
import { DataSource } from 'typeorm';
import { SMS_SEND_QUEUE, SmsOutbox } from './sms-outbox.service';
import { takeFromWindow } from './sms-rate-windows';

/** Jobs one fetch takes; they are sent side by side. */
const BATCH_SIZE = 20;
const WORKERS = 2;
const RETRY_LIMIT = 8;

interface Claimed {
  id: string;
  phone: string;
  text: string;
}

type Outcome = 'done' | 'failed' | 'later';

interface SendJob {
  messageId: string;
  phone?: string;
}

/**
 * Hands queued SMS to the gateway. A message is claimed (queued/retrying → sending) before
 * the gateway is called and marked sent after, so a job delivered twice sends once. STOP is
 * checked again here (it may have come after the message was queued); a number past its
 * hourly limit gets nothing more (rate_limited); past the gateway's per-second limit, the
 * send waits for the next second.
 */
@Injectable()
export class SmsSendWorker implements OnApplicationBootstrap {
  private readonly logger = new Logger(SmsSendWorker.name);
  private readonly workerIds: string[] = [];

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobQueueService,
    private readonly outbox: SmsOutbox,
    private readonly env: Environment,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.createQueue({ name: SMS_SEND_QUEUE, retryLimit: RETRY_LIMIT, retryDelay: 2, retryBackoff: true, expireInMinutes: 5 });
    if (!this.jobs.working || !this.outbox.gateway) return;
    // Two workers: while one waits on its batch, the other fetches the next.
    for (let i = 0; i < WORKERS; i++) {
      const workerId = await this.jobs.boss.work<SendJob>(
        SMS_SEND_QUEUE,
        { batchSize: BATCH_SIZE, pollingIntervalSeconds: 0.5, includeMetadata: true },
        async (batch) => {
          // Numbers side by side; within a batch, one number's messages one after the other, in the order they were queued.
          const byPhone = new Map<string, typeof batch>();
          for (const job of batch) byPhone.set(job.data.phone ?? job.id, [...(byPhone.get(job.data.phone ?? job.id) ?? []), job]);
          const failed: string[] = [];
          await Promise.all(
            [...byPhone.values()].map(async (jobs) => {
              for (const job of jobs) {
                const outcome = await this.sendJob(job).catch(() => 'failed' as const);
                if (outcome === 'failed') failed.push(job.id);
              }
            }),
          );
          if (failed.length > 0) await this.jobs.boss.fail(SMS_SEND_QUEUE, failed);
          if (batch.length === BATCH_SIZE) this.notify();
        },
      );
      this.workerIds.push(workerId);
    }
  }

  /** Wakes this process's workers (after a commit that queued messages) instead of waiting for its next poll. */
  notify(): void {
    for (const id of this.workerIds) this.jobs.boss.notifyWorker(id);
  }

  private async sendJob(job: PgBoss.JobWithMetadata<SendJob>): Promise<Outcome> {
    const claimed = await this.claim(job.data.messageId);
    if (claimed === 'later') {
      // The gateway's second is full: the same message, a second later, not counted as a retry.
      await this.jobs.boss.send(SMS_SEND_QUEUE, job.data, { startAfter: 1 });
      return 'later';
    }
    if (!claimed) return 'done';
    try {
      const gatewayId = await this.outbox.gateway!.send({ to: claimed.phone, text: claimed.text, messageId: claimed.id });
      await this.dataSource.query(
        `UPDATE sms_messages SET status = 'sent', sent_at = now(), gateway_message_id = $2, last_error = NULL WHERE id = $1`,
        [claimed.id, gatewayId],
      );
      return 'done';
    } catch (error) {
      const last = job.retryCount >= job.retryLimit;
      await this.dataSource.query(`UPDATE sms_messages SET status = $2, last_error = $3 WHERE id = $1`, [
        claimed.id,
        last ? 'failed' : 'retrying',
        String((error as Error).message ?? error).slice(0, 500),
      ]);
      this.logger.warn({ messageId: claimed.id, attempt: job.retryCount + 1, err: error }, last ? 'sms send failed for good' : 'sms send failed; retrying');
      return last ? 'done' : 'failed';
    }
  }

  /** The message to send now, null when there is nothing to send, 'later' when the gateway's window is full. */
  private async claim(messageId: string): Promise<Claimed | null | 'later'> {
    try {
      return await this.dataSource.transaction(async (tx) => {
        const [message] = (await tx.query(
          `SELECT m.id, m.phone, m.text, m.bypass_stop, m.attempts, n.stopped_at
           FROM sms_messages m LEFT JOIN sms_numbers n ON n.phone = m.phone
           WHERE m.id = $1 AND m.direction = 'out' AND m.status IN ('queued', 'retrying')
           FOR UPDATE OF m`,
          [messageId],
        )) as Array<Claimed & { bypass_stop: boolean; attempts: number; stopped_at: Date | null }>;
        if (!message) return null;
        if (message.stopped_at && !message.bypass_stop) {
          await tx.query(`UPDATE sms_messages SET status = 'suppressed' WHERE id = $1`, [message.id]);
          return null;
        }
        // A message counts once against its number's limit, not once per retry.
        const counted = message.attempts > 0 || (await takeFromWindow(tx, `to:${message.phone}`, 3600, this.env.SMS_OUTBOUND_PER_NUMBER_PER_HOUR));
        if (!counted) {
          await tx.query(`UPDATE sms_messages SET status = 'rate_limited' WHERE id = $1`, [message.id]);
          return null;
        }
        await tx.query(`UPDATE sms_messages SET status = 'sending', attempts = attempts + 1 WHERE id = $1`, [message.id]);
        // Last before the commit: every send of the gateway meets on this counter's row, so its lock is held briefly.
        if (!(await takeFromWindow(tx, `gateway:${this.outbox.gateway!.name}`, 1, this.env.SMS_GATEWAY_SENDS_PER_SECOND))) throw new GatewayWindowFull();
        return { id: message.id, phone: message.phone, text: message.text };
      });
    } catch (error) {
      // Rolled back: the claim and the number's count with it.
      if (error instanceof GatewayWindowFull) return 'later';
      throw error;
    }
  }
}

class GatewayWindowFull extends Error {}

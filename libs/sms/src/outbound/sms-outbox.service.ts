import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { normalizePhone } from '@psar/identity';
import { Environment, JobQueueService, OutgoingSms, SmsSender } from '@psar/platform';
import { DataSource, EntityManager } from 'typeorm';
import { smsTexts } from '../conversations/sms-texts';
import { SMS_GATEWAYS, type SmsGateway } from '../gateways/sms-gateway';
import { fitSms } from '../segments/sms-segments';

export const SMS_SEND_QUEUE = 'sms.send';

/** Thrown by `queue` when SMS_GATEWAY is unset: callers check `enabled` first and say SMS is unavailable. */
export class SmsUnavailableError extends Error {
  constructor(key: string) {
    super(`SMS is not configured (SMS_GATEWAY is unset): cannot send ${key}`);
  }
}

export interface QueueOptions {
  /** Only for the confirmation of a STOP: everything else to a stopped number is suppressed. */
  bypassStop?: boolean;
  /** What the caller already read of the number (under its lock), so it is not read again. */
  number?: { locale: 'km' | 'en'; stoppedAt: Date | null };
}

/**
 * Outgoing SMS. `queue` stores the message (cut to two parts, the rest kept for MORE) and
 * its send job in the caller's transaction, so the text leaves only if the change that
 * asked for it commits; the send key makes a retried step a no-op. SmsSendWorker sends it.
 */
@Injectable()
export class SmsOutbox extends SmsSender {
  readonly gateway: SmsGateway | null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobQueueService,
    private readonly env: Environment,
    @Inject(SMS_GATEWAYS) gateways: SmsGateway[],
  ) {
    super();
    const name = env.SMS_GATEWAY;
    this.gateway = name === undefined ? null : (gateways.find((g) => g.name === name) ?? null);
    if (name !== undefined && !this.gateway) {
      throw new Error(`SMS_GATEWAY=${name}: no such adapter (known: ${gateways.map((g) => g.name).join(', ')})`);
    }
  }

  get enabled(): boolean {
    return this.gateway !== null;
  }

  async queue(message: OutgoingSms, manager?: EntityManager): Promise<void> {
    await this.queueMessage(message, manager);
  }

  /** Returns the stored message's id, or null when a message with this key was queued before. */
  async queueMessage(message: OutgoingSms, manager?: EntityManager, options: QueueOptions = {}): Promise<string | null> {
    if (!this.gateway) throw new SmsUnavailableError(message.key);
    const phone = normalizePhone(message.to);
    if (!phone) throw new Error(`sms ${message.key}: "${message.to}" is not a valid phone number`);
    if (!manager) return this.dataSource.transaction((tx) => this.insert(tx, { ...message, to: phone }, options));
    return this.insert(manager, { ...message, to: phone }, options);
  }

  private async insert(manager: EntityManager, message: OutgoingSms, options: QueueOptions): Promise<string | null> {
    const number =
      options.number ??
      ((await manager.query('SELECT locale, stopped_at AS "stoppedAt" FROM sms_numbers WHERE phone = $1', [message.to])) as Array<{
        locale: 'km' | 'en';
        stoppedAt: Date | null;
      }>)[0];
    const fitted = fitSms(message.text.trim(), smsTexts(number?.locale ?? 'km').moreHint);
    const suppressed = number?.stoppedAt != null && !options.bypassStop;
    const [row] = (await manager.query(
      `INSERT INTO sms_messages (direction, gateway, phone, text, encoding, parts, status, send_key, bypass_stop)
       VALUES ('out', $1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (send_key) WHERE direction = 'out' DO NOTHING
       RETURNING id`,
      [this.gateway!.name, message.to, fitted.text, fitted.encoding, fitted.parts, suppressed ? 'suppressed' : 'queued', message.key, options.bypassStop ?? false],
    )) as Array<{ id: string }>;
    if (!row) return null;
    if (suppressed) return row.id;
    if (fitted.rest !== null) {
      await manager.query(
        `INSERT INTO sms_numbers (phone, more_text, more_expires_at) VALUES ($1, $2, now() + make_interval(mins => $3))
         ON CONFLICT (phone) DO UPDATE SET more_text = excluded.more_text, more_expires_at = excluded.more_expires_at, updated_at = now()`,
        [message.to, fitted.rest, this.env.SMS_STATE_TTL_MINUTES],
      );
    }
    await this.jobs.boss.insert([{ name: SMS_SEND_QUEUE, data: { messageId: row.id, phone: message.to } }], {
      db: { executeSql: async (text, values) => ({ rows: await manager.query(text, values) }) },
    });
    return row.id;
  }
}

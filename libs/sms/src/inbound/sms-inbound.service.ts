import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { normalizePhone } from '@psar/identity';
import { JobQueueService, ValidationProblem } from '@psar/platform';
import { DataSource } from 'typeorm';
import { SMS_INBOUND_QUEUE, SmsDispatcher } from '../conversations/sms-dispatcher.service';
import type { InboundSms, SmsGateway } from '../gateways/sms-gateway';

/** Longest text stored: a concatenated SMS of 10 parts in GSM-7 is 1530 characters. */
const MAX_TEXT = 2000;

/** The phone number a gateway reports, in E.164; some SMSCs leave out the + of an international number. */
export function senderPhone(from: string): string | null {
  const trimmed = from.trim();
  if (/^[1-9][0-9]{9,14}$/.test(trimmed)) return normalizePhone(`+${trimmed}`) ?? normalizePhone(trimmed);
  return normalizePhone(trimmed);
}

/**
 * Stores what a gateway delivered, once per (gateway, gateway message id), with the job that
 * answers it in the same transaction: a retried delivery, or twenty at once, is one row and
 * one job. The webhook answers once it is stored; the answer goes out through the outbox.
 */
@Injectable()
export class SmsInboundService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobQueueService,
    private readonly dispatcher: SmsDispatcher,
  ) {}

  /** Returns how many of the messages were new. */
  async receive(gateway: SmsGateway, messages: InboundSms[]): Promise<number> {
    const checked = messages.map((message) => {
      const phone = senderPhone(message.from);
      if (!phone) throw new ValidationProblem([{ field: 'from', message: 'from must be a valid phone number' }]);
      if (message.text.length > MAX_TEXT) throw new ValidationProblem([{ field: 'text', message: `text must be at most ${MAX_TEXT} characters` }]);
      return { ...message, phone };
    });
    let created = 0;
    await this.dataSource.transaction(async (tx) => {
      for (const message of checked) {
        const rows = (await tx.query(
          `INSERT INTO sms_messages (direction, gateway, gateway_message_id, phone, text, status, created_at)
           VALUES ('in', $1, $2, $3, $4, 'received', now())
           ON CONFLICT (gateway, gateway_message_id) WHERE direction = 'in' DO NOTHING
           RETURNING id`,
          [gateway.name, message.gatewayMessageId, message.phone, message.text.normalize('NFC')],
        )) as Array<{ id: string }>;
        if (rows.length === 0) continue;
        created++;
        await this.jobs.boss.insert([{ name: SMS_INBOUND_QUEUE, data: { phone: message.phone } }], {
          db: { executeSql: async (text, values) => ({ rows: await tx.query(text, values) }) },
        });
      }
    });
    if (created > 0) this.dispatcher.notify();
    return created;
  }
}

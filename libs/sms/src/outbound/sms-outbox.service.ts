import { Injectable } from '@nestjs/common';
import { OutgoingSms, SmsSender } from '@psar/platform';
import type { EntityManager } from 'typeorm';

/** Outgoing SMS: stored, then sent by a worker through the configured gateway. */
@Injectable()
export class SmsOutbox extends SmsSender {
  // TODO(issue 17): the gateway adapters land with the channel; until then no SMS leaves.
  readonly enabled = false;

  async queue(message: OutgoingSms, _manager?: EntityManager): Promise<void> {
    throw new Error(`SMS is not configured: cannot send ${message.key}`);
  }
}

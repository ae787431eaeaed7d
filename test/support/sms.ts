import { type OutgoingSms, SmsSender } from '@psar/platform';
import type { EntityManager } from 'typeorm';

/**
 * An SmsSender that keeps what it is asked to send (as the real channel does, a second
 * message with the same key is dropped). `enabled = false` plays a server with no gateway.
 */
export class RecordingSmsSender extends SmsSender {
  enabled = true;
  readonly sent: OutgoingSms[] = [];

  async queue(message: OutgoingSms, _manager?: EntityManager): Promise<void> {
    if (!this.enabled) throw new Error(`SMS is not configured: cannot send ${message.key}`);
    if (this.sent.some((m) => m.key === message.key)) return;
    this.sent.push(message);
  }

  to(phone: string): OutgoingSms[] {
    return this.sent.filter((m) => m.to === phone);
  }

  /** The code of the last text to this phone (codes come first in the text). */
  lastCode(phone: string): string {
    const last = this.to(phone).at(-1);
    const code = last && /^(\d{6}) /.exec(last.text)?.[1];
    if (!code) throw new Error(`no code sent to ${phone}: ${JSON.stringify(this.to(phone))}`);
    return code;
  }
}

import type { EntityManager } from 'typeorm';

/** One text message to one phone. */
export interface OutgoingSms {
  /** E.164, e.g. +85512345678. */
  to: string;
  text: string;
  /**
   * Names the step that sends it (e.g. `password-reset:<code id>`, `sms-reply:<inbound id>`):
   * a second message with the same key is dropped, so a retried step never sends twice.
   */
  key: string;
}

/**
 * How any lib sends an SMS without depending on the SMS channel. The channel (libs/sms)
 * provides it: `queue` stores the message (in the caller's transaction when given its
 * manager) and a worker hands it to the gateway, so the text leaves only if the change
 * that asked for it committed.
 */
export abstract class SmsSender {
  /** false when no gateway is configured (SMS_GATEWAY unset): callers say SMS is unavailable rather than queue. */
  abstract readonly enabled: boolean;
  abstract queue(message: OutgoingSms, manager?: EntityManager): Promise<void>;
}

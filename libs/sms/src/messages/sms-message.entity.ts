import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { SmsEncoding } from '../segments/sms-segments';

export type SmsDirection = 'in' | 'out';
export type InboundStatus = 'received' | 'handled' | 'ignored' | 'failed';
export type OutboundStatus = 'queued' | 'sending' | 'retrying' | 'sent' | 'failed' | 'suppressed' | 'rate_limited';

/** One SMS that came in or went out (or was held back: suppressed by STOP, rate limited). */
@Entity({ name: 'sms_messages' })
export class SmsMessage {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  direction: SmsDirection;

  /** The adapter's name (SMS_GATEWAY). */
  @Column({ type: 'text' })
  gateway: string;

  /** Inbound: the gateway's id (a retried delivery carries the same). Outbound: the id the gateway gave, if any. */
  @Column({ name: 'gateway_message_id', type: 'text', nullable: true })
  gatewayMessageId: string | null;

  /** E.164 of the producer's phone: the sender of an inbound message, the recipient of an outbound one. */
  @Column({ type: 'text' })
  phone: string;

  @Column({ type: 'text' })
  text: string;

  @Column({ type: 'text', nullable: true })
  encoding: SmsEncoding | null;

  @Column({ type: 'integer', nullable: true })
  parts: number | null;

  @Column({ type: 'text' })
  status: InboundStatus | OutboundStatus;

  /** Outbound: names the step that sent it (`sms-reply:<inbound id>`); unique. */
  @Column({ name: 'send_key', type: 'text', nullable: true })
  sendKey: string | null;

  @Column({ name: 'bypass_stop', type: 'boolean', default: false })
  bypassStop: boolean;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'handled_at', type: 'timestamptz', nullable: true })
  handledAt: Date | null;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt: Date | null;
}

import type { Locale } from '@psar/identity';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** What Psar knows of one phone number that wrote to it or that it wrote to. */
@Entity({ name: 'sms_numbers' })
export class SmsNumber {
  /** E.164. */
  @PrimaryColumn({ type: 'text' })
  phone: string;

  /** The account of this number, once registered (the first message from it proved the SIM). */
  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId: string | null;

  @Column({ type: 'text', default: 'km' })
  locale: Locale;

  /** The province given at REGISTER. */
  @Column({ name: 'province_code', type: 'text', nullable: true })
  provinceCode: string | null;

  /** Set by STOP: nothing more is sent to it (but the STOP's confirmation) until START. */
  @Column({ name: 'stopped_at', type: 'timestamptz', nullable: true })
  stoppedAt: Date | null;

  /** A multi-step command's pending step (e.g. waiting for YES), until state_expires_at. */
  @Column({ type: 'jsonb', nullable: true })
  state: SmsConversationState | null;

  @Column({ name: 'state_expires_at', type: 'timestamptz', nullable: true })
  stateExpiresAt: Date | null;

  /** The rest of a reply cut to two parts, sent on MORE until more_expires_at. */
  @Column({ name: 'more_text', type: 'text', nullable: true })
  moreText: string | null;

  @Column({ name: 'more_expires_at', type: 'timestamptz', nullable: true })
  moreExpiresAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** A pending step: the command that asked, and what it needs to finish (e.g. on YES). */
export interface SmsConversationState {
  command: string;
  data: Record<string, unknown>;
}

import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const REGISTRATION_STATUSES = ['confirmed', 'waitlisted', 'cancelled'] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

/** `self`: a user for themselves or their organization; `walk_in`: entered by the supplier's staff. */
export const REGISTRATION_KINDS = ['self', 'walk_in'] as const;
export type RegistrationKind = (typeof REGISTRATION_KINDS)[number];

export const CANCEL_REASONS = ['by_registrant', 'by_supplier', 'session_cancelled', 'training_cancelled'] as const;
export type CancelReason = (typeof CANCEL_REASONS)[number];

export const PAYMENT_STATUSES = ['due', 'paid', 'waived'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

@Entity({ name: 'training_registrations' })
export class TrainingRegistration {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'session_id', type: 'uuid' })
  sessionId: string;

  @Column({ name: 'training_id', type: 'uuid' })
  trainingId: string;

  @Column({ type: 'text' })
  kind: RegistrationKind;

  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId: string | null;

  @Column({ name: 'organization_id', type: 'uuid', nullable: true })
  organizationId: string | null;

  @Column({ name: 'registered_by', type: 'uuid', nullable: true })
  registeredBy: string | null;

  @Column({ name: 'attendee_name', type: 'text', nullable: true })
  attendeeName: string | null;

  /** E.164. */
  @Column({ name: 'attendee_phone', type: 'text', nullable: true })
  attendeePhone: string | null;

  @Column({ type: 'int' })
  seats: number;

  @Column({ type: 'text' })
  status: RegistrationStatus;

  /** 1..n among the session's waitlisted registrations, no gaps; null unless waitlisted. */
  @Column({ name: 'waitlist_position', type: 'int', nullable: true })
  waitlistPosition: number | null;

  @Column({ name: 'check_in_code', type: 'text', nullable: true })
  checkInCode: string | null;

  @Column({ name: 'confirmed_at', type: 'timestamptz', nullable: true })
  confirmedAt: Date | null;

  @Column({ name: 'checked_in_at', type: 'timestamptz', nullable: true })
  checkedInAt: Date | null;

  @Column({ name: 'checked_in_by', type: 'uuid', nullable: true })
  checkedInBy: string | null;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  @Column({ name: 'cancel_reason', type: 'text', nullable: true })
  cancelReason: CancelReason | null;

  @Column({ name: 'reminded_at', type: 'timestamptz', nullable: true })
  remindedAt: Date | null;

  /** An exposure visit's meeting point (of this session): it takes a transport seat there. */
  @Column({ name: 'meeting_point_id', type: 'uuid', nullable: true })
  meetingPointId: string | null;

  /** Whether the other participants may see the organization's public profile ("who I met"). */
  @Column({ name: 'share_profile', type: 'boolean', default: false })
  shareProfile: boolean;

  /** The participant's share of the cost, fixed at registration; null for an event without cost. */
  @Column({ name: 'amount_due', type: 'numeric', precision: 14, scale: 2, nullable: true })
  amountDue: string | null;

  @Column({ name: 'amount_sponsored', type: 'numeric', precision: 14, scale: 2, nullable: true })
  amountSponsored: string | null;

  @Column({ name: 'amount_currency', type: 'text', nullable: true })
  amountCurrency: 'KHR' | 'USD' | null;

  @Column({ name: 'payment_status', type: 'text', nullable: true })
  paymentStatus: PaymentStatus | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

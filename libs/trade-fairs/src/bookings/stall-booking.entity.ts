import type { Currency } from '@psar/platform';
import { Column, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const BOOKING_STATUSES = ['requested', 'approved', 'rejected', 'cancelled', 'expired'] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];
/** Requested and approved bookings hold their stall (stall_bookings_one_live_per_stall). */
export const LIVE_BOOKING_STATUSES: readonly BookingStatus[] = ['requested', 'approved'];

export const PAYMENT_STATUSES = ['unpaid', 'paid', 'waived'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export type BookingSide = 'exhibitor' | 'organizer';

@Entity({ name: 'stall_bookings' })
export class StallBooking {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'fair_id', type: 'uuid' })
  fairId: string;

  @Column({ name: 'stall_id', type: 'uuid' })
  stallId: string;

  @Column({ name: 'exhibitor_id', type: 'uuid' })
  exhibitorId: string;

  @Column({ type: 'text' })
  status: BookingStatus;

  @Column({ name: 'showcase_listing_ids', type: 'uuid', array: true })
  showcaseListingIds: string[];

  @Column({ name: 'payment_status', type: 'text' })
  paymentStatus: PaymentStatus;

  /** The stall's price when requested: a later price change does not move a booking. */
  @Column({ name: 'price_amount', type: 'numeric' })
  priceAmount: string;

  @Column({ name: 'price_currency', type: 'text' })
  priceCurrency: Currency;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ name: 'requested_by', type: 'uuid', nullable: true })
  requestedBy: string | null;

  @Column({ name: 'requested_at', type: 'timestamptz' })
  requestedAt: Date;

  /** A request not decided by then expires (the trade-fairs.expire-booking-holds job). */
  @Column({ name: 'hold_until', type: 'timestamptz' })
  holdUntil: Date;

  @Column({ name: 'decided_by', type: 'uuid', nullable: true })
  decidedBy: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Column({ name: 'decision_reason', type: 'text', nullable: true })
  decisionReason: string | null;

  @Column({ name: 'cancelled_by_side', type: 'text', nullable: true })
  cancelledBySide: BookingSide | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

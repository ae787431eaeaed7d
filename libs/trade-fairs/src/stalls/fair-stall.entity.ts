import type { Currency } from '@psar/platform';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const STALL_TYPES = ['standard', 'corner', 'food', 'livestock'] as const;
export type StallType = (typeof STALL_TYPES)[number];

/**
 * A rectangle on the fair's plan. plan_width/plan_height are the fair's, kept in step by a
 * cascading foreign key so a CHECK can hold the stall inside the plan; `footprint` (a
 * generated box, not mapped here) carries the no-overlap exclusion constraint.
 */
@Entity({ name: 'fair_stalls' })
export class FairStall {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'fair_id', type: 'uuid' })
  fairId: string;

  @Column({ name: 'plan_width', type: 'numeric' })
  planWidth: string;

  @Column({ name: 'plan_height', type: 'numeric' })
  planHeight: string;

  @Column({ type: 'text' })
  code: string;

  @Column({ type: 'text', nullable: true })
  zone: string | null;

  @Column({ type: 'numeric' })
  x: string;

  @Column({ type: 'numeric' })
  y: string;

  @Column({ type: 'numeric' })
  width: string;

  @Column({ type: 'numeric' })
  height: string;

  @Column({ type: 'text' })
  type: StallType;

  @Column({ name: 'price_amount', type: 'numeric' })
  priceAmount: string;

  @Column({ name: 'price_currency', type: 'text' })
  priceCurrency: Currency;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** Taken off the plan (kept for the bookings that point at it); no longer shown or bookable. */
  @Column({ name: 'removed_at', type: 'timestamptz', nullable: true })
  removedAt: Date | null;

  @Column({ name: 'removed_by', type: 'uuid', nullable: true })
  removedBy: string | null;
}

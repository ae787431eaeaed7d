import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const FAIR_STATUSES = ['draft', 'open', 'closed', 'completed', 'cancelled'] as const;
export type FairStatus = (typeof FAIR_STATUSES)[number];

@Entity({ name: 'trade_fairs' })
export class TradeFair {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The organization with `organize_fairs` that runs the fair; its managers and owners act for it. */
  @Column({ name: 'organizer_id', type: 'uuid' })
  organizerId: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'province_code', type: 'text' })
  provinceCode: string;

  @Column({ type: 'text' })
  venue: string;

  @Column({ type: 'double precision', nullable: true })
  lat: number | null;

  @Column({ type: 'double precision', nullable: true })
  lng: number | null;

  /** Calendar dates in Cambodia (YYYY-MM-DD). */
  @Column({ name: 'starts_on', type: 'date' })
  startsOn: string;

  @Column({ name: 'ends_on', type: 'date' })
  endsOn: string;

  @Column({ name: 'applications_close_at', type: 'timestamptz' })
  applicationsCloseAt: Date;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  /** Metres, as numeric strings. */
  @Column({ name: 'plan_width', type: 'numeric' })
  planWidth: string;

  @Column({ name: 'plan_height', type: 'numeric' })
  planHeight: string;

  @Column({ name: 'booking_hold_hours', type: 'int' })
  bookingHoldHours: number;

  @Column({ name: 'max_stalls_per_exhibitor', type: 'int', nullable: true })
  maxStallsPerExhibitor: number | null;

  @Column({ type: 'text' })
  status: FairStatus;

  @Column({ name: 'cancellation_reason', type: 'text', nullable: true })
  cancellationReason: string | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const SESSION_STATUSES = ['scheduled', 'cancelled'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

/** One stop of a roving training: a date, a venue and its seats. */
@Entity({ name: 'training_sessions' })
export class TrainingSession {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'training_id', type: 'uuid' })
  trainingId: string;

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt: Date;

  @Column({ name: 'ends_at', type: 'timestamptz' })
  endsAt: Date;

  @Column({ name: 'province_code', type: 'text' })
  provinceCode: string;

  @Column({ type: 'text' })
  venue: string;

  @Column({ type: 'double precision', nullable: true })
  lat: number | null;

  @Column({ type: 'double precision', nullable: true })
  lng: number | null;

  @Column({ type: 'int' })
  capacity: number;

  /** Seats of confirmed registrations; CHECK (seats_confirmed <= capacity). */
  @Column({ name: 'seats_confirmed', type: 'int', default: 0 })
  seatsConfirmed: number;

  @Column({ type: 'text', default: 'scheduled' })
  status: SessionStatus;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { WaitlistRule } from '../registrations/waitlist';

export const TRAINING_STATUSES = ['active', 'cancelled'] as const;
export type TrainingStatus = (typeof TRAINING_STATUSES)[number];

/** A course an input supplier teaches for free, taken on the road as sessions (stops). */
@Entity({ name: 'trainings' })
export class Training {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'text' })
  topic: string;

  @Column({ name: 'value_chains', type: 'text', array: true })
  valueChains: string[];

  /** What the supplier offers with it, e.g. "free; vaccines on sale at the session". */
  @Column({ name: 'embedded_offer', type: 'text', nullable: true })
  embeddedOffer: string | null;

  @Column({ name: 'waitlist_rule', type: 'text', default: 'strict_order' })
  waitlistRule: WaitlistRule;

  @Column({ type: 'text', default: 'active' })
  status: TrainingStatus;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

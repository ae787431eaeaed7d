import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { WaitlistRule } from '../registrations/waitlist';

/** A training is one kind of event; exposure visits and business forums are the others. */
export const EVENT_KINDS = ['training', 'exposure_visit', 'business_forum'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export const TRAINING_STATUSES = ['active', 'cancelled'] as const;
export type TrainingStatus = (typeof TRAINING_STATUSES)[number];

/** A course an input supplier teaches for free, taken on the road as sessions (stops). */
@Entity({ name: 'trainings' })
export class Training {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId: string;

  @Column({ type: 'text', default: 'training' })
  kind: EventKind;

  /** The organization whose site or venue it is, when not the organizer. */
  @Column({ name: 'host_organization_id', type: 'uuid', nullable: true })
  hostOrganizationId: string | null;

  /** Cost per participant (null: free) and the share a sponsor or the organizer covers. */
  @Column({ name: 'cost_amount', type: 'numeric', precision: 14, scale: 2, nullable: true })
  costAmount: string | null;

  @Column({ name: 'cost_currency', type: 'text', nullable: true })
  costCurrency: 'KHR' | 'USD' | null;

  @Column({ name: 'sponsor_share_percent', type: 'smallint', nullable: true })
  sponsorSharePercent: number | null;

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

import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A (listing, demand) pair already announced; its primary key stops a second announcement. */
@Entity({ name: 'match_notifications' })
export class MatchNotification {
  @PrimaryColumn({ name: 'listing_id', type: 'uuid' })
  listingId: string;

  @PrimaryColumn({ name: 'demand_id', type: 'uuid' })
  demandId: string;

  @Column({ name: 'notified_organization_id', type: 'uuid' })
  notifiedOrganizationId: string;

  @Column({ type: 'numeric', precision: 5, scale: 3 })
  score: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One line of a user's feed, made from a domain event (see NotificationsService). */
@Entity({ name: 'notifications' })
export class Notification {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  /** The outbox event it came from: with userId and kind, what makes delivery idempotent. */
  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @Column({ type: 'text' })
  kind: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text', nullable: true })
  body: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'::jsonb" })
  data: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'read_at', type: 'timestamptz', nullable: true })
  readAt: Date | null;

  /** Set on a digest: one unread per (user, kind, digest key); see notification_digest_items. */
  @Column({ name: 'digest_key', type: 'text', nullable: true })
  digestKey: string | null;

  /** How many events a digest counts (1 for any other notification). */
  @Column({ name: 'item_count', type: 'int', default: 1 })
  itemCount: number;

  /** When a digest last took a new item. */
  @Column({ name: 'updated_at', type: 'timestamptz', nullable: true })
  updatedAt: Date | null;

  /** Writing transaction's id, for GET /sync (see the migration). */
  @Column({ type: 'bigint', default: () => '(pg_current_xact_id()::text)::bigint', select: false })
  txid: string;
}

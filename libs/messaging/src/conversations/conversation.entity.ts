import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const CONTEXT_TYPES = ['listing', 'demand', 'offer', 'deal', 'training', 'trade_fair'] as const;
export type ContextType = (typeof CONTEXT_TYPES)[number];

@Entity({ name: 'conversations' })
export class Conversation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text', nullable: true })
  subject: string | null;

  /** What the conversation is about, e.g. a listing; both set or both null. */
  @Column({ name: 'context_type', type: 'text', nullable: true })
  contextType: ContextType | null;

  @Column({ name: 'context_id', type: 'uuid', nullable: true })
  contextId: string | null;

  /** Set on a cooperative's or working group's forum: firms joining the group join it. */
  @Column({ name: 'group_id', type: 'uuid', nullable: true })
  groupId: string | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'activity_at', type: 'timestamptz', default: () => 'now()' })
  activityAt: Date;

  /** seq of the newest message; the next one gets last_seq + 1 under this row's lock. */
  @Column({ name: 'last_seq', type: 'bigint', default: 0 })
  lastSeq: string;
}

import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'messages' })
export class Message {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'conversation_id', type: 'uuid' })
  conversationId: string;

  /** Position in the conversation: 1, 2, 3… in commit order, never changed. */
  @Column({ type: 'bigint' })
  seq: string;

  /** Null once the sender's account is gone; the message stays. */
  @Column({ name: 'sender_id', type: 'uuid', nullable: true })
  senderId: string | null;

  @Column({ name: 'client_message_id', type: 'text' })
  clientMessageId: string;

  @Column({ type: 'text' })
  body: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'bigint', default: () => '(pg_current_xact_id()::text)::bigint', select: false })
  txid: string;
}

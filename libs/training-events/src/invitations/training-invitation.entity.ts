import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A cooperative or working group invited to a training; its member firms were notified. */
@Entity({ name: 'training_invitations' })
export class TrainingInvitation {
  @PrimaryColumn({ name: 'training_id', type: 'uuid' })
  trainingId: string;

  @PrimaryColumn({ name: 'group_id', type: 'uuid' })
  groupId: string;

  @Column({ name: 'invited_by', type: 'uuid', nullable: true })
  invitedBy: string | null;

  @Column({ name: 'member_count', type: 'int' })
  memberCount: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** One conversation another organization opened by writing to this one: minutes to its first reply, null while unanswered. */
export interface MessageResponseSample {
  organizationId: string;
  minutes: number | null;
}

/**
 * What messaging knows of an organization's responsiveness, for trade's reputation (which
 * combines it with offers answered): per direct conversation of the last `days` days whose
 * first message came from someone outside it (another organization, or a person for none), the time to the first message by one of
 * this organization's members. Group forums are not requests to anyone and do not count.
 */
@Injectable()
export class MessageResponsiveness {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** conversation_participants_organization_idx, then messages_conversation_seq_key for the first message and the reply. */
  async samples(organizationIds: string[], days: number, manager?: EntityManager): Promise<MessageResponseSample[]> {
    if (organizationIds.length === 0) return [];
    const rows = (await (manager ?? this.dataSource.manager).query(
      `SELECT p.organization_id,
         extract(epoch FROM (SELECT min(r.created_at) FROM messages r
                             JOIN conversation_participants rp ON rp.conversation_id = r.conversation_id AND rp.user_id = r.sender_id
                             WHERE r.conversation_id = p.conversation_id AND r.seq > f.seq AND rp.organization_id = p.organization_id) - f.created_at) / 60 AS minutes
       FROM (SELECT DISTINCT conversation_id, organization_id FROM conversation_participants WHERE organization_id = ANY($1::uuid[])) p
       JOIN conversations c ON c.id = p.conversation_id AND c.group_id IS NULL
       CROSS JOIN LATERAL (SELECT m.seq, m.created_at, m.sender_id, mp.organization_id AS from_organization_id
                           FROM messages m LEFT JOIN conversation_participants mp ON mp.conversation_id = m.conversation_id AND mp.user_id = m.sender_id
                           WHERE m.conversation_id = p.conversation_id ORDER BY m.seq LIMIT 1) f
       WHERE f.sender_id IS NOT NULL AND f.from_organization_id IS DISTINCT FROM p.organization_id
         AND f.created_at > now() - make_interval(days => $2)`,
      [organizationIds, days],
    )) as Array<{ organization_id: string; minutes: string | number | null }>;
    return rows.map((r) => ({ organizationId: r.organization_id, minutes: r.minutes === null ? null : Number(r.minutes) }));
  }

  /**
   * Organizations whose figures a message of the last `seconds` may have changed: the ones a
   * conversation's first message was addressed to (one more request) and the senders' own
   * (perhaps a first reply). conversations_activity_idx, then each conversation's messages.
   */
  async touchedSince(seconds: number): Promise<string[]> {
    const rows = (await this.dataSource.query(
      `SELECT DISTINCT p.organization_id
       FROM conversations c
       JOIN messages m ON m.conversation_id = c.id AND m.created_at > now() - make_interval(secs => $1)
       JOIN conversation_participants p ON p.conversation_id = c.id AND p.organization_id IS NOT NULL
       LEFT JOIN conversation_participants s ON s.conversation_id = c.id AND s.user_id = m.sender_id
       WHERE c.group_id IS NULL AND c.activity_at > now() - make_interval(secs => $1)
         AND (m.seq = 1 OR s.organization_id = p.organization_id)`,
      [seconds],
    )) as Array<{ organization_id: string }>;
    return rows.map((r) => r.organization_id);
  }
}

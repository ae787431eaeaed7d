import { HttpStatus, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  GROUP_JOIN_APPROVED,
  GROUP_KINDS,
  GROUP_LEFT,
  MEMBER_JOINED,
  MEMBER_LEFT,
  type GroupJoinEventPayload,
  type MemberEventPayload,
  OrganizationAccessService,
} from '@psar/identity';
import { decodeTimeKeyset, FieldError, OutboxService, Page, ProblemException, toPage } from '@psar/platform';
import { DataSource, EntityManager } from 'typeorm';
import { NotificationsService } from '../notifications/notifications.service';
import type { ContextType } from './conversation.entity';
import {
  ConversationDto,
  CreateConversationDto,
  ListConversationsQuery,
  MAX_PARTICIPANTS,
  ParticipantDto,
} from './dto/conversation.dto';
import { MessageRow, toMessageDto } from './dto/message.dto';

export const CONVERSATION_STARTED = 'conversation.started';

export interface ConversationStartedPayload {
  conversationId: string;
  startedBy: string;
  subject: string | null;
  /** Everyone brought in, the starter excepted. */
  participantIds: string[];
  [key: string]: unknown;
}

interface ConversationRow {
  id: string;
  subject: string | null;
  context_type: ContextType | null;
  context_id: string | null;
  group_id: string | null;
  created_by: string | null;
  created_at: Date;
  activity_at: Date;
  activity_key: string;
  last_seq: string;
  last_read_seq: string;
  participant_count: number;
  organization_ids: string[];
  last_message: (Omit<MessageRow, 'created_at'> & { created_at: string }) | null;
}

// A user's conversations start from conversation_participants_user_idx; the last message is
// found by messages_conversation_seq_key (seq = last_seq).
const CONVERSATION_SELECT = `
  SELECT c.id, c.subject, c.context_type, c.context_id, c.group_id, c.created_by, c.created_at, c.activity_at,
         c.activity_at::text AS activity_key, c.last_seq, p.last_read_seq,
         (SELECT count(*)::int FROM conversation_participants x WHERE x.conversation_id = c.id) AS participant_count,
         ARRAY(SELECT DISTINCT x.organization_id FROM conversation_participants x
               WHERE x.conversation_id = c.id AND x.organization_id IS NOT NULL) AS organization_ids,
         (SELECT to_jsonb(m) FROM (SELECT id, conversation_id, seq, sender_id, body, client_message_id, created_at
                                   FROM messages WHERE conversation_id = c.id AND seq = c.last_seq) m) AS last_message
  FROM conversation_participants p JOIN conversations c ON c.id = p.conversation_id`;

/** Who talks to whom: conversations, their participants and the group forums. */
@Injectable()
export class ConversationsService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: OrganizationAccessService,
    private readonly outbox: OutboxService,
    private readonly notifications: NotificationsService,
  ) {}

  onModuleInit(): void {
    this.notifications.registerEventType<ConversationStartedPayload>(CONVERSATION_STARTED, async (event) => {
      const { users } = await this.access.namesOf([event.payload.startedBy], []);
      const who = users.get(event.payload.startedBy) ?? 'Someone';
      const title = event.payload.subject ? `${who} started a conversation: ${event.payload.subject}` : `${who} started a conversation with you`;
      return event.payload.participantIds.map((userId) => ({
        recipient: { userId },
        kind: CONVERSATION_STARTED,
        title,
        data: { conversationId: event.payload.conversationId },
      }));
    });
    // A firm approved into a group joins the group's forums. Events may come late or out of
    // order: each handler acts on the membership as it is now, so join-then-leave ends outside.
    this.outbox.subscribe<GroupJoinEventPayload>(GROUP_JOIN_APPROVED, 'messaging: group forums', async (event) => {
      await this.dataSource.transaction(async (manager) => {
        const members = await this.access.memberOrganizationIdsOf(event.payload.groupId, manager);
        if (!members.includes(event.payload.organizationId)) return;
        const people = await this.access.userIdsOf(event.payload.organizationId, 'member', manager);
        await manager.query(
          `INSERT INTO conversation_participants (conversation_id, user_id, organization_id)
           SELECT c.id, u.user_id, $2 FROM conversations c CROSS JOIN unnest($3::uuid[]) AS u (user_id)
           WHERE c.group_id = $1
           ON CONFLICT (conversation_id, user_id) DO NOTHING`,
          [event.payload.groupId, event.payload.organizationId, people],
        );
      });
    });
    // A firm that left the group leaves its forums: the people who came in through that firm.
    this.outbox.subscribe<GroupJoinEventPayload>(GROUP_LEFT, 'messaging: group forums left', async (event) => {
      await this.dataSource.transaction(async (manager) => {
        const members = await this.access.memberOrganizationIdsOf(event.payload.groupId, manager);
        if (members.includes(event.payload.organizationId)) return;
        await manager.query(
          `DELETE FROM conversation_participants p USING conversations c
           WHERE c.id = p.conversation_id AND c.group_id = $1 AND p.organization_id = $2`,
          [event.payload.groupId, event.payload.organizationId],
        );
      });
    });
    // A person who joins a group, or a firm in groups, joins those groups' forums; one who
    // leaves it leaves the forums they were in through it. Checked against the membership now.
    this.outbox.subscribe<MemberEventPayload>(MEMBER_JOINED, 'messaging: group forums member joined', async (event) => {
      const { organizationId, userId } = event.payload;
      await this.dataSource.transaction(async (manager) => {
        if ((await this.access.roleOf(userId, organizationId, manager)) === null) return;
        const groups = [organizationId, ...(await this.access.groupIdsOf(organizationId, manager))];
        await manager.query(
          `INSERT INTO conversation_participants (conversation_id, user_id, organization_id)
           SELECT c.id, $2, $3 FROM conversations c WHERE c.group_id = ANY($1::uuid[])
           ON CONFLICT (conversation_id, user_id) DO NOTHING`,
          [groups, userId, organizationId],
        );
      });
    });
    this.outbox.subscribe<MemberEventPayload>(MEMBER_LEFT, 'messaging: group forums member left', async (event) => {
      const { organizationId, userId } = event.payload;
      await this.dataSource.transaction(async (manager) => {
        if ((await this.access.roleOf(userId, organizationId, manager)) !== null) return;
        await manager.query(
          `DELETE FROM conversation_participants p USING conversations c
           WHERE c.id = p.conversation_id AND c.group_id IS NOT NULL AND p.user_id = $1 AND p.organization_id = $2`,
          [userId, organizationId],
        );
      });
    });
  }

  async create(userId: string, dto: CreateConversationDto): Promise<ConversationDto> {
    const id = await this.dataSource.transaction(async (manager) => {
      const { people, groupId } = await this.expandParticipants(userId, dto, manager);
      if (dto.reuse && dto.context) {
        const existing = await this.findAbout(userId, dto, groupId, manager);
        if (existing) return existing;
      }
      const [row] = (await manager.query(
        `INSERT INTO conversations (subject, context_type, context_id, group_id, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [dto.subject?.trim() ?? null, dto.context?.type ?? null, dto.context?.id ?? null, groupId, userId],
      )) as Array<{ id: string }>;
      const conversationId = row!.id;
      await manager.query(
        `INSERT INTO conversation_participants (conversation_id, user_id, organization_id)
         SELECT $1, p.user_id, p.organization_id FROM unnest($2::uuid[], $3::uuid[]) AS p (user_id, organization_id)`,
        [conversationId, [...people.keys()], [...people.values()]],
      );
      const payload: ConversationStartedPayload = {
        conversationId,
        startedBy: userId,
        subject: dto.subject?.trim() ?? null,
        participantIds: [...people.keys()].filter((p) => p !== userId),
      };
      await this.outbox.record(manager, CONVERSATION_STARTED, payload);
      return conversationId;
    });
    return this.get(userId, id);
  }

  /**
   * The caller's newest conversation about `dto.context` that has every named person and
   * organization (someone who joined an organization later does not make it another one).
   * Two taps at once wait on one lock, so the second finds what the first started.
   */
  private async findAbout(userId: string, dto: CreateConversationDto, groupId: string | null, manager: EntityManager): Promise<string | null> {
    const context = dto.context!;
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`conversation-about:${userId}:${context.type}:${context.id}`]);
    const userIds = dto.participants.map((p) => p.userId).filter((id): id is string => !!id);
    const organizationIds = dto.participants.map((p) => p.organizationId).filter((id): id is string => !!id);
    const rows = (await manager.query(
      `SELECT c.id FROM conversation_participants me JOIN conversations c ON c.id = me.conversation_id
       WHERE me.user_id = $1 AND c.context_type = $2 AND c.context_id = $3 AND c.group_id IS NOT DISTINCT FROM $4
         AND NOT EXISTS (SELECT 1 FROM unnest($5::uuid[]) AS u (id) WHERE NOT EXISTS
               (SELECT 1 FROM conversation_participants x WHERE x.conversation_id = c.id AND x.user_id = u.id))
         AND NOT EXISTS (SELECT 1 FROM unnest($6::uuid[]) AS o (id) WHERE NOT EXISTS
               (SELECT 1 FROM conversation_participants x WHERE x.conversation_id = c.id AND x.organization_id = o.id))
       ORDER BY c.activity_at DESC, c.id DESC LIMIT 1`,
      [userId, context.type, context.id, groupId, userIds, organizationIds],
    )) as Array<{ id: string }>;
    return rows[0]?.id ?? null;
  }

  async list(userId: string, query: ListConversationsQuery): Promise<Page<ConversationDto>> {
    const params: unknown[] = [userId, query.limit + 1];
    let after = '';
    if (query.cursor) {
      const [activity, id] = decodeTimeKeyset(query.cursor);
      params.push(activity, id);
      after = 'AND (c.activity_at, c.id) < ($3::timestamptz, $4::uuid)';
    }
    if (query.groupId) {
      params.push(query.groupId);
      after += ` AND c.group_id = $${params.length}::uuid`;
    }
    // Newest activity first. A conversation that gets a message while a client pages moves
    // to the top: the client hears of it on the socket (message.created).
    const rows = (await this.dataSource.query(
      `${CONVERSATION_SELECT} WHERE p.user_id = $1 ${after} ORDER BY c.activity_at DESC, c.id DESC LIMIT $2`,
      params,
    )) as ConversationRow[];
    const page = toPage(rows, query.limit, (r) => [r.activity_key, r.id]);
    return { items: await this.toDtos(page.items), nextCursor: page.nextCursor };
  }

  /** Unread messages in all the user's conversations, for a badge. */
  async unreadCount(userId: string): Promise<{ count: number; conversations: number }> {
    const [row] = (await this.dataSource.query(
      `SELECT coalesce(sum(greatest(c.last_seq - p.last_read_seq, 0)), 0)::int AS count,
              count(*) FILTER (WHERE c.last_seq > p.last_read_seq)::int AS conversations
       FROM conversation_participants p JOIN conversations c ON c.id = p.conversation_id WHERE p.user_id = $1`,
      [userId],
    )) as Array<{ count: number; conversations: number }>;
    return { count: row!.count, conversations: row!.conversations };
  }

  /** A participant's view; 404 for anyone else, as if it did not exist. */
  async get(userId: string, conversationId: string): Promise<ConversationDto> {
    const rows = (await this.dataSource.query(`${CONVERSATION_SELECT} WHERE p.user_id = $1 AND c.id = $2`, [
      userId,
      conversationId,
    ])) as ConversationRow[];
    if (rows.length === 0) throw notFound();
    return (await this.toDtos(rows))[0]!;
  }

  async participants(userId: string, conversationId: string): Promise<ParticipantDto[]> {
    await this.assertParticipant(userId, conversationId);
    const rows = (await this.dataSource.query(
      'SELECT user_id, organization_id, last_read_seq FROM conversation_participants WHERE conversation_id = $1 ORDER BY joined_at, user_id',
      [conversationId],
    )) as Array<{ user_id: string; organization_id: string | null; last_read_seq: string }>;
    const { users } = await this.access.namesOf(
      rows.map((r) => r.user_id),
      [],
    );
    return rows.map((r) => ({
      userId: r.user_id,
      name: users.get(r.user_id) ?? '',
      organizationId: r.organization_id,
      lastReadSeq: Number(r.last_read_seq),
    }));
  }

  async assertParticipant(userId: string, conversationId: string): Promise<void> {
    const rows = (await this.dataSource.query('SELECT 1 FROM conversation_participants WHERE conversation_id = $1 AND user_id = $2', [
      conversationId,
      userId,
    ])) as unknown[];
    if (rows.length === 0) throw notFound();
  }

  /**
   * The people a new conversation brings in, each with the organization they came through:
   * the starter; each named user; each named organization's owners and managers, or with
   * `everyone` (its managers only) all its people and, for a group, its member firms' people.
   */
  private async expandParticipants(
    userId: string,
    dto: CreateConversationDto,
    manager: EntityManager,
  ): Promise<{ people: Map<string, string | null>; groupId: string | null }> {
    const errors: FieldError[] = [];
    const people = new Map<string, string | null>([[userId, null]]);
    const add = (ids: string[], organizationId: string | null) => {
      for (const id of ids) if (!people.has(id) || (people.get(id) === null && organizationId)) people.set(id, organizationId);
    };
    const organizationIds = dto.participants.map((p) => p.organizationId).filter((id): id is string => !!id);
    const userIds = dto.participants.map((p) => p.userId).filter((id): id is string => !!id);
    // One after the other: both run on the transaction's one connection, which pg cannot share
    // between queries in flight (deprecated in pg 8, an error in pg 9).
    const kinds = await this.access.kindsOf(organizationIds, manager);
    const existingUsers = await this.access.existingUserIds(userIds, manager);
    let groupId: string | null = null;

    for (const [index, participant] of dto.participants.entries()) {
      const field = `participants[${index}]`;
      if ((participant.userId === undefined) === (participant.organizationId === undefined)) {
        errors.push({ field, message: 'each participant needs either a userId or an organizationId' });
        continue;
      }
      if (participant.userId !== undefined) {
        if (participant.everyone !== undefined) errors.push({ field: `${field}.everyone`, message: 'everyone goes with an organizationId' });
        else if (!existingUsers.has(participant.userId)) errors.push({ field: `${field}.userId`, message: 'no such user' });
        else add([participant.userId], null);
        continue;
      }
      const organizationId = participant.organizationId!;
      const kind = kinds.get(organizationId);
      if (!kind) {
        errors.push({ field: `${field}.organizationId`, message: 'no such organization' });
        continue;
      }
      if (!participant.everyone) {
        add(await this.access.userIdsOf(organizationId, 'manager', manager), organizationId);
        continue;
      }
      // Bringing in everyone is for those who run the organization.
      await this.access.assertCanAct(userId, organizationId, { minRole: 'manager', manager, field: `${field}.organizationId` });
      add(await this.access.userIdsOf(organizationId, 'member', manager), organizationId);
      if (GROUP_KINDS.includes(kind)) {
        if (groupId && groupId !== organizationId) {
          errors.push({ field: `${field}.everyone`, message: 'a conversation can be the forum of one group only' });
          continue;
        }
        groupId = organizationId;
        for (const firmId of await this.access.memberOrganizationIdsOf(organizationId, manager)) {
          add(await this.access.userIdsOf(firmId, 'member', manager), firmId);
        }
      }
    }
    if (errors.length > 0) throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'invalid-participants', 'Some participants cannot be added', errors);
    // Starting a conversation acting for one of your organizations labels you with it.
    if (people.get(userId) === null) {
      for (const organizationId of organizationIds) {
        if ((await this.access.roleOf(userId, organizationId, manager)) !== null) {
          people.set(userId, organizationId);
          break;
        }
      }
    }
    if (people.size < 2) {
      throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'no-one-else', 'A conversation needs someone besides you', [
        { field: 'participants', message: 'names no one besides you' },
      ]);
    }
    if (people.size > MAX_PARTICIPANTS) {
      throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'too-many-participants', `A conversation has at most ${MAX_PARTICIPANTS} people`, [
        { field: 'participants', message: `brings in ${people.size} people; at most ${MAX_PARTICIPANTS}` },
      ]);
    }
    return { people, groupId };
  }

  private async toDtos(rows: ConversationRow[]): Promise<ConversationDto[]> {
    const { organizations } = await this.access.namesOf([], rows.flatMap((r) => r.organization_ids));
    return rows.map((r) => ({
      id: r.id,
      subject: r.subject,
      context: r.context_type && r.context_id ? { type: r.context_type, id: r.context_id } : null,
      groupId: r.group_id,
      createdBy: r.created_by,
      createdAt: r.created_at.toISOString(),
      lastActivityAt: r.activity_at.toISOString(),
      participantCount: r.participant_count,
      organizations: r.organization_ids
        .filter((id) => organizations.has(id))
        .map((id) => ({ id, name: organizations.get(id)! }))
        .sort((a, b) => a.name.localeCompare(b.name)),
      unreadCount: Math.max(0, Number(r.last_seq) - Number(r.last_read_seq)),
      lastReadSeq: Number(r.last_read_seq),
      lastMessage: r.last_message ? toMessageDto({ ...r.last_message, created_at: new Date(r.last_message.created_at) }) : null,
    }));
  }
}

export function notFound(): ProblemException {
  return new ProblemException(HttpStatus.NOT_FOUND, 'not-found', 'No such conversation');
}

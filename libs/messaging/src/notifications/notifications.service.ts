import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { OrganizationAccessService } from '@psar/identity';
import { DomainEvent, isUuid, OutboxService, Page, ProblemException, toPage } from '@psar/platform';
import { DataSource } from 'typeorm';
import { decodeTimeKeyset } from '../keyset';
import { RealtimePublisher } from '../realtime/realtime.publisher';
import { ListNotificationsQuery, NotificationDto, NotificationRow, toNotificationDto } from './dto/notification.dto';
import {
  clip,
  MAX_BODY_LENGTH,
  MAX_DATA_BYTES,
  MAX_TITLE_LENGTH,
  NOTIFICATION_KIND_PATTERN,
  NotificationDraft,
  NotificationDrafter,
} from './notification-draft';

const COLUMNS = 'id, kind, title, body, data, created_at, read_at';

/**
 * Each user's feed. Modules do not write to it: they record domain events in the outbox
 * and register, once, how an event type turns into notifications. Delivery is at least
 * once; the unique (event_id, user_id, kind) makes a redelivered event add nothing.
 */
@Injectable()
export class NotificationsService {
  private readonly logger = new Logger(NotificationsService.name);
  private readonly registered = new Set<string>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly access: OrganizationAccessService,
    private readonly realtime: RealtimePublisher,
  ) {}

  /**
   * Call in your module's onModuleInit: every event of `type` recorded with
   * OutboxService.record becomes the notifications `toDrafts` returns for it. `toDrafts`
   * must depend only on the event (it may run more than once for one event).
   */
  registerEventType<P = Record<string, unknown>>(type: string, toDrafts: NotificationDrafter<P>): void {
    if (this.registered.has(type)) throw new Error(`notifications: "${type}" is already registered`);
    this.registered.add(type);
    this.outbox.subscribe<P>(type, `notifications(${type})`, async (event) => {
      await this.createFromEvent(event as DomainEvent<unknown> as DomainEvent, await toDrafts(event));
    });
  }

  /** Stores the drafts of one event (skipping what an earlier delivery stored) and pushes the new ones. */
  async createFromEvent(event: DomainEvent, drafts: NotificationDraft[]): Promise<NotificationDto[]> {
    const rows = await this.expand(event, drafts);
    if (rows.length === 0) return [];
    const inserted = (await this.dataSource.query(
      `INSERT INTO notifications (event_id, user_id, kind, title, body, data)
       SELECT $1, r.user_id, r.kind, r.title, r.body, r.data
       FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::jsonb[]) AS r (user_id, kind, title, body, data)
       -- A user deleted since the event was recorded is skipped rather than failing delivery for everyone.
       WHERE EXISTS (SELECT 1 FROM users u WHERE u.id = r.user_id)
       ON CONFLICT (event_id, user_id, kind) DO NOTHING
       RETURNING user_id, ${COLUMNS}`,
      [
        event.id,
        rows.map((r) => r.userId),
        rows.map((r) => r.kind),
        rows.map((r) => r.title),
        rows.map((r) => r.body),
        rows.map((r) => JSON.stringify(r.data)),
      ],
    )) as Array<NotificationRow & { user_id: string }>;
    // Stored (and committed: one statement) before it is pushed.
    const created = inserted.map((row) => ({ userId: row.user_id, dto: toNotificationDto(row) }));
    for (const { userId, dto } of created) this.realtime.toUsers([userId], 'notification.created', dto);
    return created.map((c) => c.dto);
  }

  async list(userId: string, query: ListNotificationsQuery): Promise<Page<NotificationDto>> {
    const params: unknown[] = [userId, query.limit + 1];
    let after = '';
    if (query.cursor) {
      const [createdAt, id] = decodeTimeKeyset(query.cursor);
      params.push(createdAt, id);
      after = 'AND (created_at, id) < ($3::timestamptz, $4::uuid)';
    }
    // notifications_user_created_idx, or notifications_user_unread_idx for ?unread=true.
    const rows = (await this.dataSource.query(
      `SELECT ${COLUMNS}, created_at::text AS created_key FROM notifications
       WHERE user_id = $1 ${query.unread ? 'AND read_at IS NULL' : ''} ${after}
       ORDER BY created_at DESC, id DESC LIMIT $2`,
      params,
    )) as Array<NotificationRow & { created_key: string }>;
    return toPage(rows, query.limit, (r) => [r.created_key, r.id], toNotificationDto);
  }

  async unreadCount(userId: string): Promise<number> {
    const [row] = (await this.dataSource.query('SELECT count(*)::int AS count FROM notifications WHERE user_id = $1 AND read_at IS NULL', [
      userId,
    ])) as Array<{ count: number }>;
    return row!.count;
  }

  /** Marks one read (again: no change). Another user's notification is 404. */
  async markRead(userId: string, id: string): Promise<NotificationDto> {
    const [rows] = (await this.dataSource.query(
      `UPDATE notifications SET read_at = coalesce(read_at, now()) WHERE id = $1 AND user_id = $2 RETURNING ${COLUMNS}`,
      [id, userId],
    )) as [NotificationRow[], number];
    const updated = rows[0];
    if (!updated) throw new ProblemException(HttpStatus.NOT_FOUND, 'not-found', 'No such notification');
    return toNotificationDto(updated);
  }

  async markAllRead(userId: string): Promise<number> {
    const [, count] = (await this.dataSource.query('UPDATE notifications SET read_at = now() WHERE user_id = $1 AND read_at IS NULL', [
      userId,
    ])) as [unknown[], number];
    return count;
  }

  /** One row per (user, kind), organizations expanded to their people. */
  private async expand(event: DomainEvent, drafts: NotificationDraft[]) {
    const rows = new Map<string, { userId: string; kind: string; title: string; body: string | null; data: Record<string, unknown> }>();
    for (const draft of drafts) {
      if (!NOTIFICATION_KIND_PATTERN.test(draft.kind) || draft.kind.length > 100) {
        throw new Error(`notifications: kind "${draft.kind}" of event ${event.type} must be lower-case dotted words`);
      }
      const data = draft.data ?? {};
      if (Buffer.byteLength(JSON.stringify(data)) > MAX_DATA_BYTES) {
        throw new Error(`notifications: data of "${draft.kind}" is over ${MAX_DATA_BYTES} bytes; send ids, not content`);
      }
      const title = clip(draft.title, MAX_TITLE_LENGTH);
      if (title.length === 0) throw new Error(`notifications: "${draft.kind}" has an empty title`);
      const body = draft.body?.trim() ? clip(draft.body, MAX_BODY_LENGTH) : null;
      const userIds =
        'userId' in draft.recipient
          ? [draft.recipient.userId]
          : await this.access.userIdsOf(draft.recipient.organizationId, draft.recipient.minRole ?? 'manager');
      for (const userId of userIds.filter(isUuid)) {
        const key = `${userId} ${draft.kind}`;
        if (!rows.has(key)) rows.set(key, { userId, kind: draft.kind, title, body, data });
      }
    }
    if (drafts.length > 0 && rows.size === 0) this.logger.debug({ eventId: event.id, type: event.type }, 'no one to notify');
    return [...rows.values()];
  }
}

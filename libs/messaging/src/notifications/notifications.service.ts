import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { OrganizationAccessService } from '@psar/identity';
import { decodeTimeKeyset, DomainEvent, isUuid, OutboxService, Page, ProblemException, toPage } from '@psar/platform';
import { DataSource } from 'typeorm';
import { RealtimePublisher } from '../realtime/realtime.publisher';
import { ListNotificationsQuery, NotificationDto, NotificationRow, toNotificationDto } from './dto/notification.dto';
import {
  clip,
  MAX_BODY_LENGTH,
  MAX_DATA_BYTES,
  MAX_TITLE_LENGTH,
  NOTIFICATION_KIND_PATTERN,
  NotificationDigest,
  NotificationDraft,
  NotificationDrafter,
} from './notification-draft';
import { DigestItem, DigestWriter } from './digest-writer';

const COLUMNS = 'id, kind, title, body, data, item_count, created_at, read_at';

/**
 * Each user's feed. Modules do not write to it: they record domain events in the outbox
 * and register, once, how an event type turns into notifications. Delivery is at least
 * once; the unique (event_id, user_id, kind) makes a redelivered event add nothing, and a
 * digest counts each (event, user, kind) once (notification_digest_items).
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
    private readonly digests: DigestWriter,
  ) {}

  /**
   * Call in your module's onModuleInit: every event of `type` recorded with
   * OutboxService.record becomes the notifications `toDrafts` returns for it. `toDrafts`
   * must depend only on the event (it may run more than once for one event).
   */
  registerEventType<P = Record<string, unknown>>(type: string, toDrafts: NotificationDrafter<P>): void {
    if (this.registered.has(type)) throw new Error(`notifications: "${type}" is already registered`);
    this.registered.add(type);
    // A batch of events becomes one insert (and one digest transaction), not one per event.
    this.outbox.subscribeBatch<P>(type, `notifications(${type})`, async (events) => {
      const drafted = await Promise.all(events.map(async (event) => ({ event: event as DomainEvent<unknown> as DomainEvent, drafts: await toDrafts(event) })));
      await this.createFromEvents(drafted);
    });
  }

  /** Stores the drafts of one event (skipping what an earlier delivery stored) and pushes the new ones. */
  async createFromEvent(event: DomainEvent, drafts: NotificationDraft[]): Promise<NotificationDto[]> {
    return this.createFromEvents([{ event, drafts }]);
  }

  /**
   * The same for many events at once: one insert for the plain notifications, one
   * transaction for the digests. Returns what was created or updated, after pushing it.
   */
  async createFromEvents(batch: Array<{ event: DomainEvent; drafts: NotificationDraft[] }>): Promise<NotificationDto[]> {
    const lookups = new Map<string, Promise<string[]>>();
    const expanded = (await Promise.all(batch.map(({ event, drafts }) => this.expand(event, drafts, lookups)))).flat();
    const plain = expanded.filter((r) => !r.digest);
    const digestItems: DigestItem[] = expanded.filter((r) => r.digest).map((r) => ({ ...r, digest: r.digest! }));
    const inserted =
      plain.length === 0
        ? []
        : ((await this.dataSource.query(
            `INSERT INTO notifications (event_id, user_id, kind, title, body, data)
             SELECT r.event_id, r.user_id, r.kind, r.title, r.body, r.data
             FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::jsonb[]) AS r (event_id, user_id, kind, title, body, data)
             -- A user deleted since the event was recorded is skipped rather than failing delivery for everyone.
             WHERE EXISTS (SELECT 1 FROM users u WHERE u.id = r.user_id)
             ON CONFLICT (event_id, user_id, kind) DO NOTHING
             RETURNING user_id, ${COLUMNS}`,
            [
              plain.map((r) => r.eventId),
              plain.map((r) => r.userId),
              plain.map((r) => r.kind),
              plain.map((r) => r.title),
              plain.map((r) => r.body),
              plain.map((r) => JSON.stringify(r.data)),
            ],
          )) as Array<NotificationRow & { user_id: string }>);
    const digests = await this.digests.write(digestItems);
    // Stored (and committed) before it is pushed.
    const pushed: NotificationDto[] = [];
    for (const row of inserted) {
      const dto = toNotificationDto(row);
      this.realtime.toUsers([row.user_id], 'notification.created', dto);
      pushed.push(dto);
    }
    for (const digest of digests) {
      const dto = toNotificationDto(digest.row);
      this.realtime.toUsers([digest.userId], digest.created ? 'notification.created' : 'notification.updated', dto);
      pushed.push(dto);
    }
    return pushed;
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

  /** One row per (user, kind), organizations expanded to their people (each organization looked up once per batch). */
  private async expand(event: DomainEvent, drafts: NotificationDraft[], lookups: Map<string, Promise<string[]>>): Promise<ExpandedRow[]> {
    const rows = new Map<string, ExpandedRow>();
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
      if (draft.digest && !draft.digest.key) throw new Error(`notifications: digest of "${draft.kind}" has an empty key`);
      const body = draft.body?.trim() ? clip(draft.body, MAX_BODY_LENGTH) : null;
      let userIds: string[];
      if ('userId' in draft.recipient) {
        userIds = [draft.recipient.userId];
      } else {
        const { organizationId, minRole = 'manager' } = draft.recipient;
        const key = `${organizationId} ${minRole}`;
        if (!lookups.has(key)) lookups.set(key, this.access.userIdsOf(organizationId, minRole));
        userIds = await lookups.get(key)!;
      }
      for (const userId of userIds.filter(isUuid)) {
        const key = `${userId} ${draft.kind}`;
        if (!rows.has(key)) rows.set(key, { eventId: event.id, userId, kind: draft.kind, title, body, data, digest: draft.digest });
      }
    }
    if (drafts.length > 0 && rows.size === 0) this.logger.debug({ eventId: event.id, type: event.type }, 'no one to notify');
    return [...rows.values()];
  }
}

/** A digest item, or a plain notification when `digest` is absent. */
type ExpandedRow = Omit<DigestItem, 'digest'> & { digest?: NotificationDigest };

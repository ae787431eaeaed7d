import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MESSAGE_COLUMNS, MessageDto, MessageRow, toMessageDto } from '../conversations/dto/message.dto';
import { NotificationDto, NotificationRow, toNotificationDto } from '../notifications/dto/notification.dto';
import { decodeSyncCursor, encodeSyncCursor, Keyset, MAX_SNAPSHOT_LENGTH, snapshotXmax, SyncPosition, ZERO_UUID } from './sync-cursor';

export interface SyncPage {
  messages: MessageDto[];
  notifications: NotificationDto[];
  cursor: string;
  hasMore: boolean;
}

// Rows of transactions visible in the starting snapshot were committed before the start:
// the client loaded them. txid is a bigint from pg_current_xact_id(), so it casts to xid8.
const NOT_SEEN_AT_START = (txid: string) => `($4::pg_snapshot IS NULL OR NOT pg_visible_in_snapshot(${txid}::text::xid8, $4::pg_snapshot))`;

/** What a client missed while offline: messages and notifications since its cursor. */
@Injectable()
export class SyncService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async since(userId: string, cursor: string | undefined, limit: number): Promise<SyncPage> {
    if (!cursor) {
      // A starting point: everything already committed is what the client loads next.
      const [row] = (await this.dataSource.query(
        'SELECT pg_current_snapshot()::text AS snapshot, pg_snapshot_xmin(pg_current_snapshot())::text AS xmin',
      )) as Array<{ snapshot: string; xmin: string }>;
      const start: Keyset = { txid: row!.xmin, id: ZERO_UUID };
      // A snapshot too long for a cursor (very many transactions in progress): the xmin alone.
      const snapshot = row!.snapshot.length <= MAX_SNAPSHOT_LENGTH ? row!.snapshot : null;
      return { messages: [], notifications: [], cursor: encodeSyncCursor(this.keep({ messages: start, notifications: start, snapshot })), hasMore: false };
    }
    const position = decodeSyncCursor(cursor);
    // Every transaction below this horizon has ended, and the reads below start later, so
    // they see all its rows: serving rows below it in (txid, id) order never skips one.
    const [{ horizon }] = (await this.dataSource.query('SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS horizon')) as [{ horizon: string }];
    const [messages, notifications] = await Promise.all([
      this.dataSource.query(
        `SELECT ${MESSAGE_COLUMNS.split(', ').map((c) => `m.${c}`).join(', ')}, m.txid::text AS txid_key
         FROM conversation_participants p JOIN messages m ON m.conversation_id = p.conversation_id
         WHERE p.user_id = $1 AND (m.txid, m.id) > ($2::bigint, $3::uuid) AND m.txid < $5::bigint AND ${NOT_SEEN_AT_START('m.txid')}
         ORDER BY m.txid, m.id LIMIT $6`,
        [userId, position.messages.txid, position.messages.id, position.snapshot, horizon, limit + 1],
      ) as Promise<Array<MessageRow & { txid_key: string }>>,
      this.dataSource.query(
        `SELECT id, kind, title, body, data, item_count, created_at, read_at, txid::text AS txid_key FROM notifications
         WHERE user_id = $1 AND (txid, id) > ($2::bigint, $3::uuid) AND txid < $5::bigint AND ${NOT_SEEN_AT_START('txid')}
         ORDER BY txid, id LIMIT $6`,
        [userId, position.notifications.txid, position.notifications.id, position.snapshot, horizon, limit + 1],
      ) as Promise<Array<NotificationRow & { txid_key: string }>>,
    ]);
    const served = <R extends { id: string; txid_key: string }>(rows: R[], from: Keyset): { rows: R[]; next: Keyset } => {
      if (rows.length > limit) {
        const page = rows.slice(0, limit);
        const last = page[page.length - 1]!;
        return { rows: page, next: { txid: last.txid_key, id: last.id } };
      }
      // All of this user's rows below the horizon are served: the next read starts there
      // (no row has the zero uuid), which also lets the starting snapshot go.
      const atHorizon: Keyset = { txid: horizon, id: ZERO_UUID };
      return { rows, next: BigInt(horizon) > BigInt(from.txid) ? atHorizon : from };
    };
    const m = served(messages, position.messages);
    const n = served(notifications, position.notifications);
    return {
      messages: m.rows.map(toMessageDto),
      notifications: n.rows.map(toNotificationDto),
      cursor: encodeSyncCursor(this.keep({ messages: m.next, notifications: n.next, snapshot: position.snapshot })),
      hasMore: messages.length > limit || notifications.length > limit,
    };
  }

  /** Drops the starting snapshot once both positions have reached its xmax: it filters nothing there. */
  private keep(position: SyncPosition): SyncPosition {
    if (position.snapshot === null) return position;
    const xmax = snapshotXmax(position.snapshot);
    const below = BigInt(position.messages.txid) < xmax || BigInt(position.notifications.txid) < xmax;
    return below ? position : { ...position, snapshot: null };
  }
}

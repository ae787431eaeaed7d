import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MESSAGE_COLUMNS, MessageDto, MessageRow, toMessageDto } from '../conversations/dto/message.dto';
import { NotificationDto, NotificationRow, toNotificationDto } from '../notifications/dto/notification.dto';
import { decodeSyncCursor, encodeSyncCursor, Keyset, SyncPosition, ZERO_UUID } from './sync-cursor';

export interface SyncPage {
  messages: MessageDto[];
  notifications: NotificationDto[];
  cursor: string;
  hasMore: boolean;
}

const HORIZON = '(pg_snapshot_xmin(pg_current_snapshot())::text)::bigint';

/** What a client missed while offline: messages and notifications since its cursor. */
@Injectable()
export class SyncService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async since(userId: string, cursor: string | undefined, limit: number): Promise<SyncPage> {
    if (!cursor) {
      // A starting point: everything already committed is what the client loads next.
      const [row] = (await this.dataSource.query(`SELECT ${HORIZON}::text AS horizon`)) as Array<{ horizon: string }>;
      const start: Keyset = { txid: row!.horizon, id: ZERO_UUID };
      return { messages: [], notifications: [], cursor: encodeSyncCursor({ messages: start, notifications: start }), hasMore: false };
    }
    const position = decodeSyncCursor(cursor);
    // Each query's horizon is its own snapshot's; the two tables keep separate positions.
    const [messages, notifications] = await Promise.all([
      this.dataSource.query(
        `SELECT ${MESSAGE_COLUMNS.split(', ').map((c) => `m.${c}`).join(', ')}, m.txid::text AS txid_key
         FROM conversation_participants p JOIN messages m ON m.conversation_id = p.conversation_id
         WHERE p.user_id = $1 AND (m.txid, m.id) > ($2::bigint, $3::uuid) AND m.txid < ${HORIZON}
         ORDER BY m.txid, m.id LIMIT $4`,
        [userId, position.messages.txid, position.messages.id, limit + 1],
      ) as Promise<Array<MessageRow & { txid_key: string }>>,
      this.dataSource.query(
        `SELECT id, kind, title, body, data, item_count, created_at, read_at, txid::text AS txid_key FROM notifications
         WHERE user_id = $1 AND (txid, id) > ($2::bigint, $3::uuid) AND txid < ${HORIZON}
         ORDER BY txid, id LIMIT $4`,
        [userId, position.notifications.txid, position.notifications.id, limit + 1],
      ) as Promise<Array<NotificationRow & { txid_key: string }>>,
    ]);
    const served = <R extends { id: string; txid_key: string }>(rows: R[], from: Keyset): { rows: R[]; next: Keyset } => {
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return { rows: page, next: last ? { txid: last.txid_key, id: last.id } : from };
    };
    const m = served(messages, position.messages);
    const n = served(notifications, position.notifications);
    const next: SyncPosition = { messages: m.next, notifications: n.next };
    return {
      messages: m.rows.map(toMessageDto),
      notifications: n.rows.map(toNotificationDto),
      cursor: encodeSyncCursor(next),
      hasMore: messages.length > limit || notifications.length > limit,
    };
  }
}

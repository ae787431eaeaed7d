import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { decodeCursor, Page, ProblemException, toPage, ValidationProblem, violatedConstraint } from '@psar/platform';
import { DataSource } from 'typeorm';
import { RealtimePublisher } from '../realtime/realtime.publisher';
import { notFound } from './conversations.service';
import {
  ListMessagesQuery,
  MESSAGE_COLUMNS,
  MessageDto,
  MessageRow,
  ReadStateDto,
  SendMessageDto,
  toMessageDto,
} from './dto/message.dto';
import { inlineBody } from './message-body';

// One statement, so one round trip and its own transaction: the UPDATE takes the
// conversation's row lock and the next seq under it, so seq order is commit order; the
// sender's read marker moves to their own message; the participants come back for the
// emit. Not a participant (or no such conversation): no row. A retried clientMessageId
// fails on messages_client_message_key and rolls all of it back, seq included.
const SEND = `
  WITH sender AS (
    SELECT 1 FROM conversation_participants WHERE conversation_id = $1 AND user_id = $2
  ), bumped AS (
    UPDATE conversations SET last_seq = last_seq + 1, activity_at = now()
    WHERE id = $1 AND EXISTS (SELECT 1 FROM sender)
    RETURNING last_seq
  ), inserted AS (
    INSERT INTO messages (conversation_id, seq, sender_id, client_message_id, body)
    SELECT $1, last_seq, $2, $3, $4 FROM bumped
    RETURNING ${MESSAGE_COLUMNS}
  ), marker AS (
    UPDATE conversation_participants p SET last_read_seq = greatest(p.last_read_seq, i.seq)
    FROM inserted i WHERE p.conversation_id = $1 AND p.user_id = $2
  )
  SELECT i.*, ARRAY(SELECT user_id FROM conversation_participants WHERE conversation_id = $1) AS recipients
  FROM inserted i`;

// Several senders' messages to one conversation in one statement, in arrival order. Only
// participants' messages not stored before are numbered (so retries leave no gap in seq);
// the rest come back without a row and are answered one by one (sendOne). The UPDATE
// takes the conversation's row lock and reserves the seqs under it, as SEND does.
const SEND_BATCH = `
  WITH input AS (
    SELECT * FROM unnest($2::uuid[], $3::text[], $4::text[]) WITH ORDINALITY AS i (sender_id, client_message_id, body, ord)
  ), fresh AS (
    SELECT DISTINCT ON (i.sender_id, i.client_message_id) i.* FROM input i
    WHERE EXISTS (SELECT 1 FROM conversation_participants p WHERE p.conversation_id = $1 AND p.user_id = i.sender_id)
      AND NOT EXISTS (SELECT 1 FROM messages m
                      WHERE m.conversation_id = $1 AND m.sender_id = i.sender_id AND m.client_message_id = i.client_message_id)
    ORDER BY i.sender_id, i.client_message_id, i.ord
  ), bumped AS (
    UPDATE conversations SET last_seq = last_seq + (SELECT count(*) FROM fresh), activity_at = now()
    WHERE id = $1 AND EXISTS (SELECT 1 FROM fresh)
    RETURNING last_seq - (SELECT count(*) FROM fresh) AS base
  ), inserted AS (
    INSERT INTO messages (conversation_id, seq, sender_id, client_message_id, body)
    SELECT $1, b.base + row_number() OVER (ORDER BY f.ord), f.sender_id, f.client_message_id, f.body
    FROM fresh f CROSS JOIN bumped b
    RETURNING ${MESSAGE_COLUMNS}
  ), markers AS (
    UPDATE conversation_participants p SET last_read_seq = greatest(p.last_read_seq, x.seq)
    FROM (SELECT sender_id, max(seq) AS seq FROM inserted GROUP BY sender_id) x
    WHERE p.conversation_id = $1 AND p.user_id = x.sender_id
  )
  SELECT i.*, CASE WHEN i.seq = min(i.seq) OVER () THEN
           ARRAY(SELECT user_id FROM conversation_participants WHERE conversation_id = $1) END AS recipients
  FROM inserted i ORDER BY i.seq`;

// At most this many messages per statement; more wait for the next one.
const MAX_BATCH = 100;

interface PendingSend {
  userId: string;
  clientMessageId: string;
  body: string;
  resolve(sent: SentMessage): void;
  reject(error: unknown): void;
}

export interface SentMessage {
  message: MessageDto;
  /** A retry of a message already stored: nothing new was stored or emitted. */
  replayed: boolean;
}

/** Messages and read markers. REST and the socket both send through `send`. */
@Injectable()
export class MessagesService {
  /** Sends waiting for their conversation's statement in flight, by conversation. */
  private readonly queues = new Map<string, PendingSend[]>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly realtime: RealtimePublisher,
  ) {}

  /**
   * Stores a message (or finds the one a retry already stored) and, once committed, emits
   * it to every participant. Sends to one conversation are queued in this process and
   * stored in batches of one statement each: they would wait for the conversation's row
   * lock anyway, and waiting here keeps them from holding pooled connections meanwhile.
   */
  send(userId: string, conversationId: string, input: SendMessageDto): Promise<SentMessage> {
    return new Promise<SentMessage>((resolve, reject) => {
      const pending: PendingSend = { userId, clientMessageId: input.clientMessageId, body: input.body, resolve, reject };
      const queue = this.queues.get(conversationId);
      if (queue) {
        queue.push(pending);
        return;
      }
      this.queues.set(conversationId, [pending]);
      void this.drain(conversationId);
    });
  }

  private async drain(conversationId: string): Promise<void> {
    const queue = this.queues.get(conversationId)!;
    while (queue.length > 0) {
      const batch = queue.splice(0, MAX_BATCH);
      try {
        await this.storeBatch(conversationId, batch);
      } catch (error) {
        for (const pending of batch) pending.reject(error);
      }
    }
    this.queues.delete(conversationId);
  }

  private async storeBatch(conversationId: string, batch: PendingSend[]): Promise<void> {
    let rows: Array<MessageRow & { recipients: string[] | null }>;
    try {
      rows = (await this.dataSource.query(SEND_BATCH, [
        conversationId,
        batch.map((p) => p.userId),
        batch.map((p) => p.clientMessageId),
        batch.map((p) => p.body),
      ])) as Array<MessageRow & { recipients: string[] | null }>;
    } catch (error) {
      // A retry that another replica stored meanwhile, or any other failure: each on its own.
      if (violatedConstraint(error) !== 'messages_client_message_key' && batch.length === 1) throw error;
      for (const pending of batch) await this.sendOne(conversationId, pending);
      return;
    }
    const stored = new Map(rows.map((row) => [`${row.sender_id} ${row.client_message_id}`, row]));
    const answered = new Set<string>();
    const leftOver: PendingSend[] = [];
    for (const pending of batch) {
      const key = `${pending.userId} ${pending.clientMessageId}`;
      const row = stored.get(key);
      if (!row) {
        leftOver.push(pending);
        continue;
      }
      const replayed = answered.has(key);
      answered.add(key);
      if (replayed && row.body !== pending.body) pending.reject(reusedClientMessageId());
      else pending.resolve({ message: toMessageDto(row), replayed });
    }
    // Committed above (the statement was its own transaction); now tell every participant's
    // sockets. The participants come once, on the first row.
    const recipients = rows[0]?.recipients ?? [];
    for (const row of rows) this.realtime.toUsers(recipients, 'message.created', { ...toMessageDto(row), ...inlineBody(row.body) });
    // Not a participant, or a retry of a message stored earlier: answered one by one.
    for (const pending of leftOver) await this.sendOne(conversationId, pending);
  }

  /** One message in its own statement; also tells apart "not a participant" (404) and a retry. */
  private async sendOne(conversationId: string, pending: PendingSend): Promise<void> {
    try {
      const [row] = (await this.dataSource.query(SEND, [conversationId, pending.userId, pending.clientMessageId, pending.body])) as Array<
        MessageRow & { recipients: string[] }
      >;
      if (!row) throw notFound();
      const message = toMessageDto(row);
      this.realtime.toUsers(row.recipients, 'message.created', { ...message, ...inlineBody(message.body) });
      pending.resolve({ message, replayed: false });
    } catch (error) {
      if (violatedConstraint(error) !== 'messages_client_message_key') {
        pending.reject(error);
        return;
      }
      await this.replay(pending.userId, conversationId, pending).then(
        (message) => pending.resolve({ message, replayed: true }),
        (replayError: unknown) => pending.reject(replayError),
      );
    }
  }

  /** History, newest first, backwards from `before` (a message id) or the cursor. */
  async history(userId: string, conversationId: string, query: ListMessagesQuery): Promise<Page<MessageDto>> {
    await this.assertParticipant(userId, conversationId);
    let beforeSeq: string | null = null;
    if (query.cursor) {
      const [seq] = decodeCursor(query.cursor, 1);
      if (typeof seq !== 'string' || !/^\d{1,18}$/.test(seq)) throw new ValidationProblem([{ field: 'cursor', message: 'cursor is not one this API issued' }]);
      beforeSeq = seq;
    } else if (query.before) {
      const [found] = (await this.dataSource.query('SELECT seq FROM messages WHERE id = $1 AND conversation_id = $2', [
        query.before,
        conversationId,
      ])) as Array<{ seq: string }>;
      if (!found) throw new ValidationProblem([{ field: 'before', message: 'no such message in this conversation' }]);
      beforeSeq = found.seq;
    }
    // messages_conversation_seq_key, read backwards.
    const rows = (await this.dataSource.query(
      `SELECT ${MESSAGE_COLUMNS} FROM messages
       WHERE conversation_id = $1 AND ($2::bigint IS NULL OR seq < $2::bigint)
       ORDER BY seq DESC LIMIT $3`,
      [conversationId, beforeSeq, query.limit + 1],
    )) as MessageRow[];
    return toPage(rows, query.limit, (r) => [String(r.seq)], toMessageDto);
  }

  async get(userId: string, conversationId: string, messageId: string): Promise<MessageDto> {
    await this.assertParticipant(userId, conversationId);
    const [row] = (await this.dataSource.query(`SELECT ${MESSAGE_COLUMNS} FROM messages WHERE id = $1 AND conversation_id = $2`, [
      messageId,
      conversationId,
    ])) as MessageRow[];
    if (!row) throw new ProblemException(HttpStatus.NOT_FOUND, 'not-found', 'No such message');
    return toMessageDto(row);
  }

  /** Moves the caller's read marker forward to a message (never back) and tells the participants. */
  async markRead(userId: string, conversationId: string, upToMessageId: string): Promise<ReadStateDto> {
    const [[advanced]] = (await this.dataSource.query(
      `UPDATE conversation_participants p SET last_read_seq = m.seq
       FROM messages m
       WHERE p.conversation_id = $1 AND p.user_id = $2 AND m.id = $3 AND m.conversation_id = $1 AND m.seq > p.last_read_seq
       RETURNING p.last_read_seq`,
      [conversationId, userId, upToMessageId],
    )) as [Array<{ last_read_seq: string }>, number];
    const [state] = (await this.dataSource.query(
      `SELECT p.last_read_seq, c.last_seq,
              EXISTS (SELECT 1 FROM messages m WHERE m.id = $3 AND m.conversation_id = $1) AS message_found
       FROM conversation_participants p JOIN conversations c ON c.id = p.conversation_id
       WHERE p.conversation_id = $1 AND p.user_id = $2`,
      [conversationId, userId, upToMessageId],
    )) as Array<{ last_read_seq: string; last_seq: string; message_found: boolean }>;
    if (!state) throw notFound();
    if (!state.message_found) throw new ValidationProblem([{ field: 'upToMessageId', message: 'no such message in this conversation' }]);
    const marker = { conversationId, userId, lastReadSeq: Number(state.last_read_seq) };
    if (advanced) {
      const participants = (await this.dataSource.query('SELECT user_id FROM conversation_participants WHERE conversation_id = $1', [
        conversationId,
      ])) as Array<{ user_id: string }>;
      this.realtime.toUsers(
        participants.map((p) => p.user_id),
        'conversation.read',
        { conversationId, userId, lastReadSeq: Number(advanced.last_read_seq) },
      );
    }
    return { ...marker, unreadCount: Math.max(0, Number(state.last_seq) - Number(state.last_read_seq)) };
  }

  /** The participants of a conversation the caller is in (for relaying `typing`); 404 otherwise. */
  async otherParticipants(userId: string, conversationId: string): Promise<string[]> {
    const rows = (await this.dataSource.query(
      `SELECT user_id FROM conversation_participants
       WHERE conversation_id = $1 AND EXISTS (SELECT 1 FROM conversation_participants WHERE conversation_id = $1 AND user_id = $2)`,
      [conversationId, userId],
    )) as Array<{ user_id: string }>;
    if (rows.length === 0) throw notFound();
    return rows.map((r) => r.user_id).filter((id) => id !== userId);
  }

  private async replay(userId: string, conversationId: string, input: { clientMessageId: string; body: string }): Promise<MessageDto> {
    const [row] = (await this.dataSource.query(
      `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE conversation_id = $1 AND sender_id = $2 AND client_message_id = $3`,
      [conversationId, userId, input.clientMessageId],
    )) as MessageRow[];
    if (!row) throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, 'busy', 'The message collided with another; try again');
    if (row.body !== input.body) throw reusedClientMessageId();
    return toMessageDto(row);
  }

  private async assertParticipant(userId: string, conversationId: string): Promise<void> {
    const rows = (await this.dataSource.query('SELECT 1 FROM conversation_participants WHERE conversation_id = $1 AND user_id = $2', [
      conversationId,
      userId,
    ])) as unknown[];
    if (rows.length === 0) throw notFound();
  }
}

function reusedClientMessageId(): ProblemException {
  return new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'client-message-id-reused', 'This clientMessageId was already used for a different message', [
    { field: 'clientMessageId', message: 'already used for a different message' },
  ]);
}

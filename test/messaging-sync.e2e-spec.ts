import { encodeCursor } from '@psar/platform';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { bearer, registerUser, RegisteredUser } from './support/identity';
import { sendMessage, startConversation } from './support/messaging';
import { eventually, expectProblem } from './support/problem';
import { createTestApp, TestApp } from './support/test-app';

// GET /sync's starting cursor against transactions open elsewhere on the server: what was
// committed before the start never comes again, what commits after it always comes once.
describe('messaging: the reconnect fetch (GET /sync) and open transactions', () => {
  let t: TestApp;
  let db: DataSource;
  const clients: Client[] = [];

  /** A transaction with a txid, open on a connection of its own until `end()`. */
  const openTransaction = async () => {
    const client = new Client({ connectionString: t.db.url });
    clients.push(client);
    await client.connect();
    await client.query('BEGIN');
    await client.query('SELECT txid_current()');
    return { client, end: (how: 'COMMIT' | 'ROLLBACK') => client.query(how) };
  };
  const sync = async (user: RegisteredUser, cursor?: string, limit?: number) => {
    const query = new URLSearchParams({ ...(cursor ? { cursor } : {}), ...(limit ? { limit: String(limit) } : {}) });
    return (await t.http().get(`/api/v1/sync?${query}`).set(...bearer(user.accessToken)).expect(200)).body as {
      messages: Array<{ id: string; body: string }>;
      notifications: Array<{ id: string; kind: string }>;
      cursor: string;
      hasMore: boolean;
    };
  };
  /** Pages through with limit=1 until nothing more: every id served, in order. */
  const pageOneByOne = async (user: RegisteredUser, cursor: string) => {
    const messages: string[] = [];
    const notifications: string[] = [];
    for (let calls = 0; calls < 50; calls += 1) {
      const page = await sync(user, cursor, 1);
      messages.push(...page.messages.map((m) => m.id));
      notifications.push(...page.notifications.map((n) => n.id));
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    return { messages, notifications, cursor };
  };
  const pair = async () => {
    const [buyer, seller] = await Promise.all([registerUser(t.http), registerUser(t.http)]);
    const { id } = await startConversation(t.http, buyer.accessToken, { participants: [{ userId: seller.id }], subject: 'Roof tiles' });
    // The seller's conversation.started notification is committed (by the outbox worker) first.
    await eventually(async () => {
      const res = await t.http().get('/api/v1/notifications').set(...bearer(seller.accessToken)).expect(200);
      expect(res.body.items).toEqual([expect.objectContaining({ kind: 'conversation.started', data: { conversationId: id } })]);
    });
    return { buyer, seller, conversationId: id };
  };

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
    await t.close();
  });

  it('a start taken while another transaction is open serves exactly the messages sent after it, never one the client had', async () => {
    // Open before anything below, so the start's snapshot xmin lags behind all of it.
    const held = await openTransaction();
    const { buyer, seller, conversationId } = await pair();
    const before = await sendMessage(t.http, buyer.accessToken, conversationId, 'before the start');
    const loaded = await t.http().get(`/api/v1/conversations/${conversationId}/messages`).set(...bearer(seller.accessToken)).expect(200);
    expect(loaded.body.items.map((m: { id: string }) => m.id)).toContain(before.id);

    const start = await sync(seller);
    expect(start).toMatchObject({ messages: [], notifications: [], hasMore: false });
    const missed: Array<Record<string, unknown>> = [];
    for (const text of ['one', 'two', 'three']) missed.push(await sendMessage(t.http, buyer.accessToken, conversationId, text));
    await held.end('COMMIT');

    // Rows come out once every older transaction on the server has ended; other test files share it.
    await eventually(async () => {
      const res = await sync(seller, start.cursor);
      expect(res.messages).toEqual(missed);
      expect(res.notifications).toEqual([]);
    }, 40_000);
    const paged = await pageOneByOne(seller, start.cursor);
    expect(paged.messages).toEqual(missed.map((m) => m.id));
    expect(paged.notifications).toEqual([]);
    expect(await sync(seller, paged.cursor)).toMatchObject({ messages: [], notifications: [] });
  }, 60_000);

  it('a row of a transaction in progress at the start, committed later, is served once', async () => {
    const { buyer, seller, conversationId } = await pair();
    // A write in progress: a message (as the app sends one) and a notification.
    const late = await openTransaction();
    const [lateMessage] = (
      await late.client.query(
        `WITH bumped AS (UPDATE conversations SET last_seq = last_seq + 1 WHERE id = $1 RETURNING last_seq)
         INSERT INTO messages (conversation_id, seq, sender_id, client_message_id, body)
         SELECT $1, last_seq, $2, 'late-1', 'written slowly' FROM bumped RETURNING id`,
        [conversationId, buyer.id],
      )
    ).rows as Array<{ id: string }>;
    const [lateNotification] = (
      await late.client.query(`INSERT INTO notifications (user_id, event_id, kind, title) VALUES ($1, gen_random_uuid(), 'test.late', 'Late') RETURNING id`, [
        seller.id,
      ])
    ).rows as Array<{ id: string }>;

    const start = await sync(seller);
    // While it is in progress, a fetch serves nothing of it, and its cursor keeps it coming.
    const during = await sync(seller, start.cursor);
    expect(during).toMatchObject({ messages: [], notifications: [] });
    await late.end('COMMIT');
    const after = await sendMessage(t.http, buyer.accessToken, conversationId, 'after the start');

    for (const cursor of [start.cursor, during.cursor]) {
      await eventually(async () => {
        const res = await sync(seller, cursor);
        expect(res.messages.map((m) => m.id)).toEqual([lateMessage!.id, after.id]);
        expect(res.notifications.map((n) => n.id)).toEqual([lateNotification!.id]);
      }, 40_000);
      const paged = await pageOneByOne(seller, cursor);
      expect(paged).toMatchObject({ messages: [lateMessage!.id, after.id], notifications: [lateNotification!.id] });
      expect(await sync(seller, paged.cursor)).toMatchObject({ messages: [], notifications: [] });
    }
  }, 120_000);

  it('still reads cursors issued before snapshots (kept by clients)', async () => {
    const { buyer, seller, conversationId } = await pair();
    const sent: Array<Record<string, any>> = [];
    for (const text of ['a', 'b', 'c']) sent.push(await sendMessage(t.http, buyer.accessToken, conversationId, text));
    const [first] = (await db.query('SELECT txid::text AS txid FROM messages WHERE id = $1', [sent[0]!.id])) as Array<{ txid: string }>;
    const old = encodeCursor(['s1', first!.txid, sent[0]!.id, '0', '00000000-0000-0000-0000-000000000000']);
    await eventually(async () => {
      const res = await sync(seller, old);
      expect(res.messages.map((m) => m.id)).toEqual([sent[1]!.id, sent[2]!.id]);
      expect(res.notifications).toEqual([expect.objectContaining({ kind: 'conversation.started', data: { conversationId } })]);
    }, 40_000);
  }, 60_000);

  it('answers a malformed cursor with 400 naming it', async () => {
    const user = await registerUser(t.http);
    const zero = '00000000-0000-0000-0000-000000000000';
    for (const cursor of [
      'garbage',
      encodeCursor(['s2', '1', zero, '1', zero, '10:5:']),
      encodeCursor(['s2', '1', zero, '1', zero, '5:10:12']),
      encodeCursor(['s2', '99999999999999999999', zero, '1', zero, null]),
      encodeCursor(['s2', '1', zero, '1', zero, `1:2:${'1,'.repeat(1500)}1`]),
    ]) {
      expectProblem(await t.http().get(`/api/v1/sync?cursor=${cursor}`).set(...bearer(user.accessToken)), 400, 'cursor');
    }
  });
});

import { JwtService } from '@nestjs/jwt';
import type { Socket } from 'socket.io-client';
import { DataSource } from 'typeorm';
import { bearer, createOrganization, CreatedOrganization, registerUser, RegisteredUser } from './support/identity';
import {
  clientMessageId,
  connectSocket,
  emitWithAck,
  listen,
  nextEvent,
  quietFor,
  record,
  refusedConnection,
  sendMessage,
  startConversation,
} from './support/messaging';
import { eventually } from './support/problem';
import { createTestApp, TestApp } from './support/test-app';

describe('messaging: the realtime gateway', () => {
  let t: TestApp;
  let db: DataSource;
  let baseUrl: string;
  let buyer: RegisteredUser;
  let seller: RegisteredUser;
  let outsider: RegisteredUser;
  let sellerFirm: CreatedOrganization;
  let conversationId: string;
  let buyerSocket: Socket;
  let buyerPhone: Socket;
  let sellerSocket: Socket;
  let outsiderSocket: Socket;
  let toOutsider: { event: string; payload: unknown }[];
  const opened: Socket[] = [];
  const connect = async (token: string, options?: Parameters<typeof connectSocket>[2]) => {
    const socket = await connectSocket(baseUrl, token, options);
    opened.push(socket);
    return socket;
  };
  const count = async () => (await db.query('SELECT count(*)::int AS n FROM messages WHERE conversation_id = $1', [conversationId]))[0].n as number;

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    baseUrl = await listen(t.app);
    [buyer, seller, outsider] = await Promise.all([1, 2, 3].map(() => registerUser(t.http)));
    await createOrganization(t.http, buyer.accessToken, { name: 'Mekong Build', capabilities: ['buy'] });
    sellerFirm = await createOrganization(t.http, seller.accessToken, { name: 'Kampong Leav Kilns' });
    await createOrganization(t.http, outsider.accessToken, { name: 'Nosy Traders' });
    conversationId = (await startConversation(t.http, buyer.accessToken, { participants: [{ organizationId: sellerFirm.id }] })).id;
    [buyerSocket, buyerPhone, sellerSocket, outsiderSocket] = await Promise.all([
      connect(buyer.accessToken),
      connect(buyer.accessToken, { transports: ['polling'] }),
      connect(seller.accessToken),
      connect(outsider.accessToken),
    ]);
    toOutsider = [];
    outsiderSocket.onAny((event: string, payload: unknown) => toOutsider.push({ event, payload }));
  });

  afterAll(async () => {
    for (const socket of opened) socket.close();
    await t.close();
  });

  it('refuses a connection without a valid token: missing, malformed, foreign, expired', async () => {
    const jwt = t.app.get(JwtService, { strict: false });
    const expired = await jwt.signAsync({ sub: buyer.id, sid: buyer.id }, { expiresIn: -60 });
    const foreign = await new JwtService({ secret: 'x'.repeat(40) }).signAsync({ sub: buyer.id, sid: buyer.id }, { issuer: 'psar', audience: 'psar-api' });
    for (const token of [undefined, '', 'not-a-jwt', `${buyer.accessToken}x`, foreign, expired]) {
      const error = await refusedConnection(baseUrl, token);
      expect(error.message).toBe('unauthorized');
      expect(error.data).toMatchObject({ status: 401, type: expect.stringContaining('unauthenticated'), detail: expect.any(String) });
    }
  });

  it('closes a socket when its token expires', async () => {
    const jwt = t.app.get(JwtService, { strict: false });
    // The buyer's own live session: a token of an unknown session is refused outright.
    const { sid } = jwt.decode<{ sid: string }>(buyer.accessToken);
    const shortLived = await jwt.signAsync({ sub: buyer.id, sid }, { expiresIn: 2 });
    const socket = await connect(shortLived);
    const reason = await new Promise<string>((resolve) => socket.once('disconnect', resolve));
    expect(reason).toBe('io server disconnect');
  });

  it('two users of two organizations talk over sockets; the sender gets the stored message as the acknowledgement', async () => {
    const received = nextEvent(sellerSocket, 'message.created');
    const onPhone = nextEvent(buyerPhone, 'message.created');
    const ack = await emitWithAck(buyerSocket, 'message.send', { conversationId, body: 'សួស្តី! Tiles in stock?', clientMessageId: clientMessageId() });
    expect(ack).toMatchObject({ conversationId, senderId: buyer.id, body: 'សួស្តី! Tiles in stock?', seq: 1 });
    const stored = await t.http().get(`/api/v1/conversations/${conversationId}/messages`).set(...bearer(seller.accessToken)).expect(200);
    expect(stored.body.items).toEqual([ack]);
    expect(await received).toEqual({ ...ack, truncated: false });
    // The sender's other device (long-polling) gets it too.
    expect(await onPhone).toEqual({ ...ack, truncated: false });

    const reply = nextEvent(buyerSocket, 'message.created', (m) => m.senderId === seller.id);
    const sent = await sendMessage(t.http, seller.accessToken, conversationId, 'Yes, 30,000 ready now.');
    expect(await reply).toEqual({ ...sent, truncated: false });
  });

  it('relays typing to the other participants without storing it', async () => {
    const before = await count();
    const typing = nextEvent(sellerSocket, 'typing');
    const own = record(buyerSocket, 'typing');
    buyerSocket.emit('typing', { conversationId });
    expect(await typing).toEqual({ conversationId, userId: buyer.id });
    // Typing in a conversation one is not in goes nowhere.
    outsiderSocket.emit('typing', { conversationId });
    outsiderSocket.emit('typing', 'garbage');
    await quietFor(300);
    expect(own).toEqual([]);
    expect(await count()).toBe(before);
  });

  it('tells the participants when someone reads', async () => {
    const { body } = await t.http().get(`/api/v1/conversations/${conversationId}/messages?limit=1`).set(...bearer(buyer.accessToken)).expect(200);
    const marker = nextEvent(sellerSocket, 'conversation.read');
    await t.http().post(`/api/v1/conversations/${conversationId}/read`).set(...bearer(buyer.accessToken)).send({ upToMessageId: body.items[0].id }).expect(200);
    expect(await marker).toEqual({ conversationId, userId: buyer.id, lastReadSeq: body.items[0].seq });
  });

  it('a retried message.send with the same clientMessageId stores one message, even 15 retries at once', async () => {
    const before = await count();
    // A socket of its own: the per-socket rate limit (burst 20) is not what this is about.
    const socket = await connect(buyer.accessToken);
    const payload = { conversationId, body: 'Price per tile?', clientMessageId: clientMessageId() };
    const first = await emitWithAck(socket, 'message.send', payload);
    const retries = await Promise.all(Array.from({ length: 15 }, () => emitWithAck(socket, 'message.send', payload)));
    for (const ack of retries) expect(ack).toEqual(first);
    const viaRest = await t.http().post(`/api/v1/conversations/${conversationId}/messages`).set(...bearer(buyer.accessToken)).send({ body: payload.body, clientMessageId: payload.clientMessageId }).expect(201);
    expect(viaRest.body).toEqual(first);
    expect(await count()).toBe(before + 1);
  });

  it('acknowledges failures with {error} and never throws at the client', async () => {
    const socket = await connect(buyer.accessToken);
    const ask = (payload: unknown) => emitWithAck(socket, 'message.send', payload);
    expect(await ask({ conversationId, body: '', clientMessageId: clientMessageId() })).toMatchObject({
      error: { status: 400, errors: [expect.objectContaining({ field: 'body' })] },
    });
    expect(await ask({ conversationId: 'nope', body: 'hi', clientMessageId: clientMessageId() })).toMatchObject({
      error: { status: 400, errors: [expect.objectContaining({ field: 'conversationId' })] },
    });
    expect(await ask({ conversationId, body: 'hi', clientMessageId: clientMessageId(), admin: true })).toMatchObject({
      error: { status: 400, errors: [expect.objectContaining({ field: 'admin' })] },
    });
    expect(await ask('just a string')).toMatchObject({ error: { status: 400, errors: [expect.objectContaining({ field: 'payload' })] } });
    expect(await ask(null)).toMatchObject({ error: { status: 400 } });
    const notMine = await emitWithAck(outsiderSocket, 'message.send', { conversationId, body: 'let me in', clientMessageId: clientMessageId() });
    expect(notMine).toMatchObject({ error: { status: 404 } });
    // Without an acknowledgement callback: still stored, nothing breaks.
    const before = await count();
    socket.emit('message.send', { conversationId, body: 'fire and forget', clientMessageId: clientMessageId() });
    socket.emit('message.send', { conversationId, body: '' });
    await eventually(async () => expect(await count()).toBe(before + 1));
    expect(socket.connected).toBe(true);
  });

  it('sends long messages cut in the event, whole by id', async () => {
    const long = 'ក្បឿង '.repeat(600).trim();
    const event = nextEvent(sellerSocket, 'message.created', (m) => m.truncated);
    const ack = await emitWithAck(buyerSocket, 'message.send', { conversationId, body: long, clientMessageId: clientMessageId() });
    expect(ack.body).toBe(long);
    const pushed = await event;
    expect(pushed.truncated).toBe(true);
    expect(long.startsWith(pushed.body)).toBe(true);
    expect(Buffer.byteLength(pushed.body)).toBeLessThan(3000);
    const whole = await t.http().get(`/api/v1/conversations/${conversationId}/messages/${pushed.id}`).set(...bearer(seller.accessToken)).expect(200);
    expect(whole.body.body).toBe(long);
  });

  it('closes a connection that sends a packet over the size limit', async () => {
    const socket = await connect(buyer.accessToken);
    const reason = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    socket.emit('message.send', { conversationId, body: 'x'.repeat(40_000), clientMessageId: clientMessageId() });
    expect(await reason).toMatch(/transport (close|error)/);
  });

  it('a message sent while the recipient was disconnected comes back from the reconnect fetch, with the notifications missed', async () => {
    const start = await t.http().get('/api/v1/sync').set(...bearer(seller.accessToken)).expect(200);
    expect(start.body).toMatchObject({ messages: [], notifications: [], hasMore: false });
    sellerSocket.close();
    const missed: Array<Record<string, unknown>> = [];
    for (const text of ['one', 'two', 'three']) missed.push(await emitWithAck(buyerSocket, 'message.send', { conversationId, body: text, clientMessageId: clientMessageId() }));
    const other = await startConversation(t.http, outsider.accessToken, { participants: [{ userId: seller.id }], subject: 'Hello' });

    sellerSocket = await connect(seller.accessToken);
    await eventually(async () => {
      const res = await t.http().get(`/api/v1/sync?cursor=${start.body.cursor}`).set(...bearer(seller.accessToken)).expect(200);
      expect(res.body.messages).toEqual(missed);
      expect(res.body.notifications).toEqual([expect.objectContaining({ kind: 'conversation.started', data: { conversationId: other.id } })]);
      // Rows come out once every older transaction on the server has ended; other test files share this server.
    }, 40_000);
    // Paged: one at a time, in order, each exactly once.
    let cursor = start.body.cursor as string;
    const seen: string[] = [];
    for (;;) {
      const res = await t.http().get(`/api/v1/sync?cursor=${cursor}&limit=1`).set(...bearer(seller.accessToken)).expect(200);
      seen.push(...res.body.messages.map((m: { body: string }) => m.body), ...res.body.notifications.map((n: { kind: string }) => n.kind));
      cursor = res.body.cursor;
      if (!res.body.hasMore) break;
    }
    expect(seen.filter((s) => s !== 'conversation.started')).toEqual(['one', 'two', 'three']);
    expect(seen.filter((s) => s === 'conversation.started')).toHaveLength(1);
    const after = await t.http().get(`/api/v1/sync?cursor=${cursor}`).set(...bearer(seller.accessToken)).expect(200);
    expect(after.body).toMatchObject({ messages: [], notifications: [] });
    // The outsider's sync never shows this conversation.
    const theirs = await t.http().get(`/api/v1/sync?cursor=${start.body.cursor}`).set(...bearer(outsider.accessToken)).expect(200);
    expect(theirs.body.messages).toEqual([]);
    expect((await t.http().get('/api/v1/sync?cursor=garbage').set(...bearer(seller.accessToken))).status).toBe(400);
  }, 60_000);

  it('a third user’s socket received none of the conversation’s events', () => {
    expect(toOutsider).toEqual([]);
  });
});

describe('messaging: per-socket rate limit', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ REALTIME_EVENTS_PER_SECOND: '1', REALTIME_EVENTS_BURST: '5' });
  });

  afterAll(() => t.close());

  it('answers 429 past the burst, without storing, and lets the socket go on once refilled', async () => {
    const baseUrl = await listen(t.app);
    const [a, b] = await Promise.all([registerUser(t.http), registerUser(t.http)]);
    const { id } = await startConversation(t.http, a.accessToken, { participants: [{ userId: b.id }] });
    const socket = await connectSocket(baseUrl, a.accessToken);
    try {
      const acks = await Promise.all(
        Array.from({ length: 12 }, (_, i) => emitWithAck(socket, 'message.send', { conversationId: id, body: `m${i}`, clientMessageId: clientMessageId() })),
      );
      expect(acks.filter((ack) => ack.error?.status === 429)).toHaveLength(7);
      expect(acks.filter((ack) => ack.id)).toHaveLength(5);
      expect((await t.app.get(DataSource).query('SELECT count(*)::int AS n FROM messages WHERE conversation_id = $1', [id]))[0].n).toBe(5);
      await quietFor(1100);
      expect((await emitWithAck(socket, 'message.send', { conversationId: id, body: 'later', clientMessageId: clientMessageId() })).body).toBe('later');
    } finally {
      socket.close();
    }
  });
});

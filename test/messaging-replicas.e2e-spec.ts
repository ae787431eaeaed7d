import type { Socket } from 'socket.io-client';
import { DataSource } from 'typeorm';
import { bearer, createOrganization, registerUser, RegisteredUser } from './support/identity';
import { clientMessageId, connectSocket, emitWithAck, listen, nextEvent, quietFor, startConversation } from './support/messaging';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Two API processes' worth of app (two Nest apps, two HTTP servers, two socket.io servers,
 * two connection pools) on two ports against one database: events cross only through
 * Postgres LISTEN/NOTIFY, as between replicas. Only A runs the outbox worker, so every
 * notification is created on A.
 */
describe('messaging: across replicas', () => {
  let a: TestApp;
  let b: TestApp;
  let urlA: string;
  let urlB: string;
  let buyer: RegisteredUser;
  let seller: RegisteredUser;
  let outsider: RegisteredUser;
  let conversationId: string;
  const sockets: Socket[] = [];
  const connect = async (url: string, token: string) => {
    const socket = await connectSocket(url, token);
    sockets.push(socket);
    return socket;
  };

  beforeAll(async () => {
    a = await createTestApp();
    b = await createTestApp({ OUTBOX_WORKER: 'false' }, { database: a.db });
    [urlA, urlB] = [await listen(a.app), await listen(b.app)];
    expect(urlA).not.toBe(urlB);
    [buyer, seller, outsider] = await Promise.all([registerUser(a.http), registerUser(b.http), registerUser(a.http)]);
    const sellerFirm = await createOrganization(b.http, seller.accessToken, { name: 'Kampong Leav Kilns' });
    conversationId = (await startConversation(a.http, buyer.accessToken, { participants: [{ organizationId: sellerFirm.id }] })).id;
  });

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await b.close({ keepDatabase: true });
    await a.close();
  });

  it('a message sent through A reaches a socket connected to B in real time, and back', async () => {
    const [buyerOnA, sellerOnB, outsiderOnB] = await Promise.all([
      connect(urlA, buyer.accessToken),
      connect(urlB, seller.accessToken),
      connect(urlB, outsider.accessToken),
    ]);
    const leaked: string[] = [];
    outsiderOnB.onAny((event: string) => leaked.push(event));
    // Let both adapters' LISTEN connections settle before timing anything.
    await quietFor(300);

    const onB = nextEvent(sellerOnB, 'message.created', () => true, 2000);
    const started = Date.now();
    const ack = await emitWithAck(buyerOnA, 'message.send', { conversationId, body: 'ក្បឿង ៤០,០០០ សន្លឹក?', clientMessageId: clientMessageId() });
    expect(ack.id).toBeDefined();
    const received = await onB;
    expect(Date.now() - started).toBeLessThan(2000);
    expect(received).toEqual({ ...ack, truncated: false });

    // REST on B, socket on A.
    const onA = nextEvent(buyerOnA, 'message.created', (m) => m.senderId === seller.id, 2000);
    const reply = await b.http()
      .post(`/api/v1/conversations/${conversationId}/messages`)
      .set(...bearer(seller.accessToken))
      .send({ body: 'Yes, in stock.', clientMessageId: clientMessageId() })
      .expect(201);
    expect(await onA).toEqual({ ...reply.body, truncated: false });

    // Typing and read markers cross too.
    const typing = nextEvent(buyerOnA, 'typing', () => true, 2000);
    sellerOnB.emit('typing', { conversationId });
    expect(await typing).toEqual({ conversationId, userId: seller.id });
    const read = nextEvent(sellerOnB, 'conversation.read', () => true, 2000);
    await a.http().post(`/api/v1/conversations/${conversationId}/read`).set(...bearer(buyer.accessToken)).send({ upToMessageId: reply.body.id }).expect(200);
    expect(await read).toMatchObject({ userId: buyer.id, lastReadSeq: reply.body.seq });

    // The longest message crosses as a short preview: NOTIFY never needed the attachments table.
    const long = nextEvent(sellerOnB, 'message.created', (m) => m.truncated, 2000);
    await emitWithAck(buyerOnA, 'message.send', { conversationId, body: 'ក'.repeat(4000), clientMessageId: clientMessageId() });
    expect((await long).body.length).toBeLessThan(300);
    expect(await a.app.get(DataSource).query('SELECT count(*)::int AS n FROM socket_io_attachments')).toEqual([{ n: 0 }]);

    await quietFor(200);
    expect(leaked).toEqual([]);
  });

  it('a notification created on A reaches a socket on B', async () => {
    const [groupOwner, firmOwner] = await Promise.all([registerUser(b.http), registerUser(a.http)]);
    const group = await createOrganization(b.http, groupOwner.accessToken, { name: 'Fish Farmers Group', kind: 'working_group' });
    const firm = await createOrganization(a.http, firmOwner.accessToken, { name: 'Peam Ro Ponds' });
    const ownerOnB = await connect(urlB, groupOwner.accessToken);
    await quietFor(200);
    const pushed = nextEvent(ownerOnB, 'notification.created', () => true, 10_000);
    // Recorded by B's request, delivered by A's outbox worker (B has none), pushed from A.
    await b.http().post(`/api/v1/organizations/${group.id}/member-organizations`).set(...bearer(firmOwner.accessToken)).send({ organizationId: firm.id }).expect(201);
    expect(await pushed).toMatchObject({ kind: 'group.join_requested', data: { groupId: group.id, organizationId: firm.id } });
    const feed = await b.http().get('/api/v1/notifications').set(...bearer(groupOwner.accessToken)).expect(200);
    expect(feed.body.items.map((n: { kind: string }) => n.kind)).toEqual(['group.join_requested']);
  });
});

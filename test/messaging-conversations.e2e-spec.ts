import { DataSource } from 'typeorm';
import { addMember, bearer, createOrganization, CreatedOrganization, registerUser, RegisteredUser } from './support/identity';
import { clientMessageId, sendMessage, startConversation } from './support/messaging';
import { eventually, expectProblem } from './support/problem';
import { createTestApp, TestApp } from './support/test-app';

const KHMER = 'សួស្តី! យើងត្រូវការក្បឿងប្រភេទ A ចំនួន ៤០,០០០ សន្លឹក ដឹកទៅភ្នំពេញមុនថ្ងៃទី ១ ខែមីនា។';

describe('messaging: conversations and messages (REST)', () => {
  let t: TestApp;
  let db: DataSource;
  // Buyer firm: owner + manager + member; seller firm: owner + member; an outsider.
  let buyer: RegisteredUser;
  let buyerManager: RegisteredUser;
  let buyerMember: RegisteredUser;
  let seller: RegisteredUser;
  let sellerMember: RegisteredUser;
  let outsider: RegisteredUser;
  let buyerFirm: CreatedOrganization;
  let sellerFirm: CreatedOrganization;
  let conversation: { id: string } & Record<string, any>;

  const api = (path: string) => `/api/v1${path}`;

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    [buyer, buyerManager, buyerMember, seller, sellerMember, outsider] = await Promise.all([1, 2, 3, 4, 5, 6].map(() => registerUser(t.http)));
    buyerFirm = await createOrganization(t.http, buyer.accessToken, { name: 'Mekong Build', capabilities: ['buy'] });
    sellerFirm = await createOrganization(t.http, seller.accessToken, { name: 'Kampong Leav Kilns' });
    await createOrganization(t.http, outsider.accessToken, { name: 'Someone Else' });
    await addMember(t.http, buyer.accessToken, buyerFirm.id, buyerManager.id, 'manager');
    await addMember(t.http, buyer.accessToken, buyerFirm.id, buyerMember.id, 'member');
    await addMember(t.http, seller.accessToken, sellerFirm.id, sellerMember.id, 'member');
  });

  afterAll(() => t.close());

  it('starting a conversation with an organization brings in its owners and managers, with a context', async () => {
    const listingId = '6f1c2a8e-4b7d-4c3e-9a1f-2d3e4f5a6b7c';
    conversation = await startConversation(t.http, buyer.accessToken, {
      participants: [{ organizationId: sellerFirm.id }, { organizationId: buyerFirm.id }],
      subject: '40,000 grade-A roof tiles',
      context: { type: 'listing', id: listingId },
    });
    expect(conversation).toMatchObject({
      subject: '40,000 grade-A roof tiles',
      context: { type: 'listing', id: listingId },
      groupId: null,
      createdBy: buyer.id,
      participantCount: 3,
      unreadCount: 0,
      lastMessage: null,
    });
    expect(conversation.organizations.map((o: { name: string }) => o.name)).toEqual(['Kampong Leav Kilns', 'Mekong Build']);
    const participants = await t.http().get(api(`/conversations/${conversation.id}/participants`)).set(...bearer(seller.accessToken)).expect(200);
    expect(participants.body.items.map((p: { userId: string }) => p.userId).sort()).toEqual([buyer.id, buyerManager.id, seller.id].sort());
    expect(participants.body.items.find((p: { userId: string }) => p.userId === buyer.id)).toMatchObject({ organizationId: buyerFirm.id, name: buyer.name });
  });

  it('the people of the organization started with are told by a notification', async () => {
    await eventually(async () => {
      const res = await t.http().get(api('/notifications')).set(...bearer(seller.accessToken)).expect(200);
      expect(res.body.items).toEqual([
        expect.objectContaining({ kind: 'conversation.started', data: { conversationId: conversation.id }, title: expect.stringContaining('40,000 grade-A roof tiles') }),
      ]);
    });
    const own = await t.http().get(api('/notifications')).set(...bearer(buyer.accessToken)).expect(200);
    expect(own.body.items).toEqual([]);
  });

  it('a non-participant gets 404 on everything about the conversation, even a member of a participating firm', async () => {
    for (const user of [outsider, buyerMember, sellerMember]) {
      const auth = bearer(user.accessToken);
      expectProblem(await t.http().get(api(`/conversations/${conversation.id}`)).set(...auth), 404);
      expectProblem(await t.http().get(api(`/conversations/${conversation.id}/messages`)).set(...auth), 404);
      expectProblem(await t.http().get(api(`/conversations/${conversation.id}/participants`)).set(...auth), 404);
      expectProblem(
        await t.http().post(api(`/conversations/${conversation.id}/messages`)).set(...auth).send({ body: 'hi', clientMessageId: clientMessageId() }),
        404,
      );
      expectProblem(
        await t.http().post(api(`/conversations/${conversation.id}/read`)).set(...auth).send({ upToMessageId: '6f1c2a8e-4b7d-4c3e-9a1f-2d3e4f5a6b7c' }),
        404,
      );
      const list = await t.http().get(api('/conversations')).set(...auth).expect(200);
      expect(list.body.items.map((c: { id: string }) => c.id)).not.toContain(conversation.id);
    }
    expect(await db.query('SELECT count(*)::int AS n FROM messages WHERE conversation_id = $1', [conversation.id])).toEqual([{ n: 0 }]);
    expectProblem(await t.http().get(api('/conversations')), 401);
  });

  it('stores Khmer text exactly and answers with the stored message', async () => {
    const res = await t.http()
      .post(api(`/conversations/${conversation.id}/messages`))
      .set(...bearer(buyer.accessToken))
      .send({ body: KHMER, clientMessageId: 'first-message' })
      .expect(201);
    expect(res.body).toMatchObject({ conversationId: conversation.id, seq: 1, senderId: buyer.id, body: KHMER, clientMessageId: 'first-message' });
    const [row] = await db.query('SELECT body, char_length(body) AS n FROM messages WHERE id = $1', [res.body.id]);
    expect(row.body).toBe(KHMER);
    expect(row.n).toBe([...KHMER].length);
    const history = await t.http().get(api(`/conversations/${conversation.id}/messages`)).set(...bearer(seller.accessToken)).expect(200);
    expect(history.body.items[0].body).toBe(KHMER);
    expect(Buffer.from(history.body.items[0].body, 'utf8').equals(Buffer.from(KHMER, 'utf8'))).toBe(true);
  });

  it('a retried send with the same clientMessageId stores one message and answers the same, even 50 at once', async () => {
    const body = { body: 'Can you deliver by 1 March?', clientMessageId: 'retry-me' };
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => t.http().post(api(`/conversations/${conversation.id}/messages`)).set(...bearer(buyer.accessToken)).send(body)),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(50).fill(201));
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(answers.filter((a) => a.headers['idempotent-replayed'] === 'true')).toHaveLength(49);
    expect(await db.query("SELECT count(*)::int AS n FROM messages WHERE client_message_id = 'retry-me'")).toEqual([{ n: 1 }]);
    // The seq counter did not move for the retries: the next message is right after.
    const next = await sendMessage(t.http, seller.accessToken, conversation.id, 'Yes.');
    expect(next.seq).toBe(answers[0]!.body.seq + 1);
    // Another user may use the same clientMessageId: ids are per sender.
    const theirs = await t.http().post(api(`/conversations/${conversation.id}/messages`)).set(...bearer(seller.accessToken)).send(body).expect(201);
    expect(theirs.body.id).not.toBe(answers[0]!.body.id);
    // The same id for a different text is a client bug, not a retry.
    const reused = await t.http().post(api(`/conversations/${conversation.id}/messages`)).set(...bearer(buyer.accessToken)).send({ ...body, body: 'something else' });
    expectProblem(reused, 422, 'clientMessageId');
  });

  it('gives 50 simultaneous messages distinct, gap-free positions in the order they were stored', async () => {
    const before = (await t.http().get(api(`/conversations/${conversation.id}`)).set(...bearer(buyer.accessToken)).expect(200)).body.lastMessage.seq;
    const sent = await Promise.all(
      Array.from({ length: 50 }, (_, i) => sendMessage(t.http, i % 2 ? buyer.accessToken : buyerManager.accessToken, conversation.id, `parallel ${i}`)),
    );
    const seqs = sent.map((m) => m.seq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 50 }, (_, i) => before + 1 + i));
    // Commit order = seq order: created_at never decreases along seq.
    const rows = (await db.query('SELECT seq, created_at FROM messages WHERE conversation_id = $1 ORDER BY seq', [conversation.id])) as Array<{
      seq: string;
      created_at: Date;
    }>;
    for (let i = 1; i < rows.length; i += 1) expect(rows[i]!.created_at.getTime()).toBeGreaterThanOrEqual(rows[i - 1]!.created_at.getTime());
  });

  it('answers each of a mixed crowd of simultaneous sends rightly: new, retried, reused id, not a participant', async () => {
    const url = api(`/conversations/${conversation.id}/messages`);
    const retried = { body: 'retried in a crowd', clientMessageId: clientMessageId() };
    const before = (await db.query('SELECT last_seq FROM conversations WHERE id = $1', [conversation.id]))[0].last_seq;
    const requests = [
      ...Array.from({ length: 10 }, (_, i) => ({ user: buyer, body: { body: `crowd ${i}`, clientMessageId: clientMessageId() }, expect: 'new' })),
      ...Array.from({ length: 10 }, () => ({ user: seller, body: retried, expect: 'retried' })),
      ...Array.from({ length: 5 }, () => ({ user: seller, body: { ...retried, body: 'not the same text' }, expect: 'reused' })),
      ...Array.from({ length: 5 }, () => ({ user: outsider, body: { body: 'let me in', clientMessageId: clientMessageId() }, expect: 'outsider' })),
    ].sort(() => Math.random() - 0.5);
    const answers = await Promise.all(requests.map((r) => t.http().post(url).set(...bearer(r.user.accessToken)).send(r.body)));
    const of = (kind: string) => answers.filter((_, i) => requests[i]!.expect === kind);
    expect(of('new').map((a) => a.status)).toEqual(Array(10).fill(201));
    for (const a of of('outsider')) expectProblem(a, 404);
    // Fifteen sends share one clientMessageId with two texts: the first stored wins; every
    // send of its text gets that message, every send of the other text 422.
    const [stored] = await db.query('SELECT id, body FROM messages WHERE conversation_id = $1 AND client_message_id = $2', [conversation.id, retried.clientMessageId]);
    const [winners, losers] = stored.body === retried.body ? [of('retried'), of('reused')] : [of('reused'), of('retried')];
    expect(winners.map((a) => [a.status, a.body.id])).toEqual(winners.map(() => [201, stored.id]));
    for (const a of losers) expectProblem(a, 422, 'clientMessageId');
    const after = (await db.query('SELECT last_seq FROM conversations WHERE id = $1', [conversation.id]))[0].last_seq;
    // Exactly 11 new messages, numbered without a gap.
    expect(Number(after) - Number(before)).toBe(11);
    const seqs = (await db.query('SELECT seq FROM messages WHERE conversation_id = $1 AND seq > $2 ORDER BY seq', [conversation.id, before])).map(
      (r: { seq: string }) => Number(r.seq),
    );
    expect(seqs).toEqual(Array.from({ length: 11 }, (_, i) => Number(before) + 1 + i));
  });

  it('pages history backwards with before= and the cursor, newest first, never overlapping', async () => {
    const auth = bearer(seller.accessToken);
    const all: Array<{ id: string; seq: number }> = [];
    let cursor: string | null = null;
    do {
      const res: { body: { items: Array<{ id: string; seq: number }>; nextCursor: string | null } } = await t.http()
        .get(api(`/conversations/${conversation.id}/messages?limit=7${cursor ? `&cursor=${cursor}` : ''}`))
        .set(...auth)
        .expect(200);
      all.push(...res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor);
    const seqs = all.map((m) => m.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(seqs[seqs.length - 1]).toBe(1);
    const middle = all[10]!;
    const older = await t.http().get(api(`/conversations/${conversation.id}/messages?before=${middle.id}&limit=3`)).set(...auth).expect(200);
    expect(older.body.items.map((m: { seq: number }) => m.seq)).toEqual([middle.seq - 1, middle.seq - 2, middle.seq - 3]);
    expectProblem(await t.http().get(api(`/conversations/${conversation.id}/messages?before=nope`)).set(...auth), 400, 'before');
    expectProblem(await t.http().get(api(`/conversations/${conversation.id}/messages?before=6f1c2a8e-4b7d-4c3e-9a1f-2d3e4f5a6b7c`)).set(...auth), 400, 'before');
    expectProblem(await t.http().get(api(`/conversations/${conversation.id}/messages?cursor=garbage`)).set(...auth), 400, 'cursor');
    expectProblem(await t.http().get(api(`/conversations/${conversation.id}/messages?limit=1000`)).set(...auth), 400, 'limit');
  });

  it('refuses bad message bodies with 400 naming the field, never a 500', async () => {
    const send = (payload: unknown) => t.http().post(api(`/conversations/${conversation.id}/messages`)).set(...bearer(buyer.accessToken)).send(payload as object);
    for (const body of ['', '   \n ', 'a'.repeat(4001), 'ក'.repeat(4001), 'nul\u0000byte', 42, null, ['x']]) {
      expectProblem(await send({ body, clientMessageId: clientMessageId() }), 400, 'body');
    }
    expectProblem(await send({ clientMessageId: clientMessageId() }), 400, 'body');
    expectProblem(await send({ body: 'hi' }), 400, 'clientMessageId');
    expectProblem(await send({ body: 'hi', clientMessageId: 'has space' }), 400, 'clientMessageId');
    expectProblem(await send({ body: 'hi', clientMessageId: 'x'.repeat(101) }), 400, 'clientMessageId');
    expectProblem(await send({ body: 'hi', clientMessageId: clientMessageId(), extra: true }), 400, 'extra');
    const big = await t.http()
      .post(api(`/conversations/${conversation.id}/messages`))
      .set(...bearer(buyer.accessToken))
      .set('content-type', 'application/json')
      .send(JSON.stringify({ body: 'x'.repeat(2_000_000), clientMessageId: clientMessageId() }));
    expectProblem(big, 413);
    expectProblem(await t.http().post(api('/conversations/not-a-uuid/messages')).set(...bearer(buyer.accessToken)).send({ body: 'hi', clientMessageId: 'a' }), 400, 'id');
    // The longest allowed, in Khmer and in emoji (two UTF-16 units each), is stored whole.
    for (const longest of ['ក'.repeat(4000), '🧱'.repeat(4000)]) {
      const res = await send({ body: longest, clientMessageId: clientMessageId() }).expect(201);
      expect(res.body.body).toBe(longest);
    }
  });

  it('moves read markers forward only and derives unread counts from them', async () => {
    const { body: page } = await t.http().get(api(`/conversations/${conversation.id}/messages?limit=2`)).set(...bearer(seller.accessToken)).expect(200);
    const [newest, previous] = page.items;
    const state = (user: RegisteredUser) => t.http().get(api(`/conversations/${conversation.id}`)).set(...bearer(user.accessToken)).expect(200);
    // The seller last sent a message mid-way; everything after that is unread for them.
    const before = (await state(seller)).body;
    expect(before.unreadCount).toBe(newest.seq - before.lastReadSeq);
    expect(before.unreadCount).toBeGreaterThan(0);

    const read = await t.http().post(api(`/conversations/${conversation.id}/read`)).set(...bearer(seller.accessToken)).send({ upToMessageId: previous.id }).expect(200);
    expect(read.body).toEqual({ conversationId: conversation.id, userId: seller.id, lastReadSeq: previous.seq, unreadCount: 1 });
    await t.http().post(api(`/conversations/${conversation.id}/read`)).set(...bearer(seller.accessToken)).send({ upToMessageId: newest.id }).expect(200);
    // Never back.
    const back = await t.http().post(api(`/conversations/${conversation.id}/read`)).set(...bearer(seller.accessToken)).send({ upToMessageId: previous.id }).expect(200);
    expect(back.body).toMatchObject({ lastReadSeq: newest.seq, unreadCount: 0 });
    expect((await state(seller)).body.unreadCount).toBe(0);
    // Sending reads up to your own message.
    await sendMessage(t.http, buyerManager.accessToken, conversation.id, 'Thanks!');
    expect((await state(buyerManager)).body.unreadCount).toBe(0);
    expect((await state(seller)).body.unreadCount).toBe(1);

    expectProblem(await t.http().post(api(`/conversations/${conversation.id}/read`)).set(...bearer(seller.accessToken)).send({}), 400, 'upToMessageId');
    expectProblem(
      await t.http().post(api(`/conversations/${conversation.id}/read`)).set(...bearer(seller.accessToken)).send({ upToMessageId: '6f1c2a8e-4b7d-4c3e-9a1f-2d3e4f5a6b7c' }),
      400,
      'upToMessageId',
    );
  });

  it('lists conversations newest activity first, with unread counts and the last message, paginated', async () => {
    const quiet = await startConversation(t.http, seller.accessToken, { participants: [{ userId: buyer.id }], subject: 'Samples' });
    const third = await startConversation(t.http, buyer.accessToken, { participants: [{ userId: seller.id }] });
    await sendMessage(t.http, seller.accessToken, third.id, 'Newest activity');
    const first = await t.http().get(api('/conversations?limit=2')).set(...bearer(buyer.accessToken)).expect(200);
    expect(first.body.items.map((c: { id: string }) => c.id)).toEqual([third.id, quiet.id]);
    expect(first.body.items[0]).toMatchObject({ unreadCount: 1, lastMessage: { body: 'Newest activity', senderId: seller.id } });
    expect(first.body.items[1]).toMatchObject({ unreadCount: 0, lastMessage: null, subject: 'Samples' });
    const second = await t.http().get(api(`/conversations?limit=2&cursor=${first.body.nextCursor}`)).set(...bearer(buyer.accessToken)).expect(200);
    expect(second.body.items.map((c: { id: string }) => c.id)).toEqual([conversation.id]);
    expect(second.body.nextCursor).toBeNull();
    expect(second.body.items[0].lastMessage.body).toBe('Thanks!');
    expectProblem(await t.http().get(api('/conversations?cursor=xyz')).set(...bearer(buyer.accessToken)), 400, 'cursor');
  });

  it('counts unread messages over all of your conversations, for a badge', async () => {
    const before = (await t.http().get(api('/conversations/unread-count')).set(...bearer(outsider.accessToken)).expect(200)).body;
    expect(before).toEqual({ count: 0, conversations: 0 });
    const a = await startConversation(t.http, buyer.accessToken, { participants: [{ userId: outsider.id }] });
    const b = await startConversation(t.http, seller.accessToken, { participants: [{ userId: outsider.id }] });
    await sendMessage(t.http, buyer.accessToken, a.id, 'one');
    await sendMessage(t.http, buyer.accessToken, a.id, 'two');
    const last = await sendMessage(t.http, seller.accessToken, b.id, KHMER);
    const count = () => t.http().get(api('/conversations/unread-count')).set(...bearer(outsider.accessToken)).expect(200);
    expect((await count()).body).toEqual({ count: 3, conversations: 2 });
    await t.http().post(api(`/conversations/${b.id}/read`)).set(...bearer(outsider.accessToken)).send({ upToMessageId: last.id }).expect(200);
    expect((await count()).body).toEqual({ count: 2, conversations: 1 });
    expectProblem(await t.http().get(api('/conversations/unread-count')), 401);
  });

  it('refuses bad participants and contexts with the field named', async () => {
    const start = (body: unknown) => t.http().post(api('/conversations')).set(...bearer(buyer.accessToken)).send(body as object);
    expectProblem(await start({ participants: [] }), 400, 'participants');
    expectProblem(await start({}), 400, 'participants');
    expectProblem(await start({ participants: [{ organizationId: 'nope' }] }), 400, 'participants[0].organizationId');
    expectProblem(await start({ participants: [{}] }), 422, 'participants[0]');
    expectProblem(await start({ participants: [{ userId: seller.id, organizationId: sellerFirm.id }] }), 422, 'participants[0]');
    expectProblem(await start({ participants: [{ organizationId: '6f1c2a8e-4b7d-4c3e-9a1f-2d3e4f5a6b7c' }] }), 422, 'participants[0].organizationId');
    expectProblem(await start({ participants: [{ userId: '6f1c2a8e-4b7d-4c3e-9a1f-2d3e4f5a6b7c' }] }), 422, 'participants[0].userId');
    expectProblem(await start({ participants: [{ userId: buyer.id }] }), 422, 'participants');
    expectProblem(await start({ participants: [{ userId: seller.id }], context: { type: 'car', id: sellerFirm.id } }), 400, 'context.type');
    expectProblem(await start({ participants: [{ userId: seller.id }], context: { type: 'deal' } }), 400, 'context.id');
    expectProblem(await start({ participants: [{ userId: seller.id }], subject: '   ' }), 400, 'subject');
    expectProblem(await start({ participants: [{ userId: seller.id }], subject: 'x'.repeat(201) }), 400, 'subject');
    expectProblem(await start({ participants: Array.from({ length: 21 }, () => ({ userId: seller.id })) }), 400, 'participants');
    // Everyone of someone else's organization: only its managers may.
    expectProblem(await start({ participants: [{ organizationId: sellerFirm.id, everyone: true }] }), 403);
  });

  it('with reuse, answers the existing conversation about the same thing with the same party, and starts one only once', async () => {
    const demandId = '0b7a3f0e-9c1d-4e2f-8a3b-5c6d7e8f9a0b';
    const about = { participants: [{ organizationId: sellerFirm.id }], subject: 'Bricks', context: { type: 'demand', id: demandId }, reuse: true };
    // Five taps at once: one conversation.
    const started = await Promise.all([1, 2, 3, 4, 5].map(() => startConversation(t.http, buyer.accessToken, about)));
    const ids = new Set(started.map((c) => c.id));
    expect(ids.size).toBe(1);
    const [id] = [...ids];
    expect(await db.query('SELECT count(*)::int AS n FROM conversations WHERE context_id = $1', [demandId])).toEqual([{ n: 1 }]);
    await sendMessage(t.http, buyer.accessToken, id!, KHMER);
    const again = await startConversation(t.http, buyer.accessToken, about);
    expect(again).toMatchObject({ id, lastMessage: { body: KHMER } });
    // Someone else, another thing, or no reuse: another conversation.
    const other = await startConversation(t.http, outsider.accessToken, about);
    expect(other.id).not.toBe(id);
    const otherThing = await startConversation(t.http, buyer.accessToken, { ...about, context: { type: 'demand', id: sellerFirm.id } });
    expect(otherThing.id).not.toBe(id);
    const fresh = await startConversation(t.http, buyer.accessToken, { ...about, reuse: undefined });
    expect(fresh.id).not.toBe(id);
    // The seller is in the first one; asking from their side about it with the buyer's firm finds it too.
    const fromSeller = await startConversation(t.http, seller.accessToken, { ...about, participants: [{ userId: buyer.id }] });
    expect([id, fresh.id]).toContain(fromSeller.id);
    expectProblem(await t.http().post(api('/conversations')).set(...bearer(buyer.accessToken)).send({ ...about, reuse: 'yes' }), 400, 'reuse');
  });
});

describe('messaging: a group forum', () => {
  let t: TestApp;
  let groupOwner: RegisteredUser;
  let groupMember: RegisteredUser;
  let firmOwner: RegisteredUser;
  let firmMember: RegisteredUser;
  let lateOwner: RegisteredUser;
  let outsider: RegisteredUser;
  let group: CreatedOrganization;
  let firm: CreatedOrganization;
  let lateFirm: CreatedOrganization;

  beforeAll(async () => {
    t = await createTestApp();
    [groupOwner, groupMember, firmOwner, firmMember, lateOwner, outsider] = await Promise.all([1, 2, 3, 4, 5, 6].map(() => registerUser(t.http)));
    group = await createOrganization(t.http, groupOwner.accessToken, { name: 'Fish Farmers Group', kind: 'working_group' });
    firm = await createOrganization(t.http, firmOwner.accessToken, { name: 'Peam Ro Ponds' });
    lateFirm = await createOrganization(t.http, lateOwner.accessToken, { name: 'Late Ponds' });
    await addMember(t.http, groupOwner.accessToken, group.id, groupMember.id, 'member');
    await addMember(t.http, firmOwner.accessToken, firm.id, firmMember.id, 'member');
    const join = (token: string, organizationId: string) =>
      t.http().post(`/api/v1/organizations/${group.id}/member-organizations`).set(...bearer(token)).send({ organizationId }).expect(201);
    await join(firmOwner.accessToken, firm.id);
    await t.http().post(`/api/v1/organizations/${group.id}/member-organizations/${firm.id}/approve`).set(...bearer(groupOwner.accessToken)).expect(200);
    await join(lateOwner.accessToken, lateFirm.id);
  });

  afterAll(() => t.close());

  it('includes everyone of the group and its member firms; firms approved later join it', async () => {
    expectProblem(
      await t.http().post('/api/v1/conversations').set(...bearer(groupMember.accessToken)).send({ participants: [{ organizationId: group.id, everyone: true }] }),
      403,
    );
    const forum = await startConversation(t.http, groupOwner.accessToken, { participants: [{ organizationId: group.id, everyone: true }], subject: 'Dry season' });
    expect(forum.groupId).toBe(group.id);
    const ids = async () =>
      (await t.http().get(`/api/v1/conversations/${forum.id}/participants`).set(...bearer(firmMember.accessToken)).expect(200)).body.items
        .map((p: { userId: string }) => p.userId)
        .sort();
    expect(await ids()).toEqual([groupOwner.id, groupMember.id, firmOwner.id, firmMember.id].sort());
    await sendMessage(t.http, firmMember.accessToken, forum.id, 'Who orders fingerlings?');
    expectProblem(await t.http().get(`/api/v1/conversations/${forum.id}`).set(...bearer(outsider.accessToken)), 404);
    expectProblem(await t.http().get(`/api/v1/conversations/${forum.id}`).set(...bearer(lateOwner.accessToken)), 404);

    await t.http().post(`/api/v1/organizations/${group.id}/member-organizations/${lateFirm.id}/approve`).set(...bearer(groupOwner.accessToken)).expect(200);
    await eventually(async () => expect(await ids()).toContain(lateOwner.id));
    const seen = await t.http().get(`/api/v1/conversations/${forum.id}/messages`).set(...bearer(lateOwner.accessToken)).expect(200);
    expect(seen.body.items.map((m: { body: string }) => m.body)).toEqual(['Who orders fingerlings?']);
  });

  it('finds the group forums a member is in by groupId, and none for an outsider', async () => {
    const forum = await startConversation(t.http, groupOwner.accessToken, { participants: [{ organizationId: group.id, everyone: true }], subject: 'Prices' });
    await startConversation(t.http, firmOwner.accessToken, { participants: [{ userId: firmMember.id }], subject: 'Not a forum' });
    const forums = async (token: string, groupId: string) =>
      (await t.http().get('/api/v1/conversations').query({ groupId }).set(...bearer(token)).expect(200)).body.items.map((c: { id: string }) => c.id);
    expect(await forums(firmMember.accessToken, group.id)).toContain(forum.id);
    for (const id of await forums(firmMember.accessToken, group.id)) {
      const c = await t.http().get(`/api/v1/conversations/${id}`).set(...bearer(firmMember.accessToken)).expect(200);
      expect(c.body.groupId).toBe(group.id);
    }
    expect(await forums(outsider.accessToken, group.id)).toEqual([]);
    expect(await forums(firmMember.accessToken, firm.id)).toEqual([]);
    expectProblem(await t.http().get('/api/v1/conversations').query({ groupId: 'nope' }).set(...bearer(firmMember.accessToken)), 400);
  });

  it('a person added to a member firm (at once, or by an invitation honoured at sign-up) joins the forums; one removed leaves them', async () => {
    const forum = await startConversation(t.http, groupOwner.accessToken, { participants: [{ organizationId: group.id, everyone: true }], subject: 'Feed' });
    const ids = async () =>
      (await t.http().get(`/api/v1/conversations/${forum.id}/participants`).set(...bearer(groupOwner.accessToken)).expect(200)).body.items.map(
        (p: { userId: string }) => p.userId,
      );
    const worker = await registerUser(t.http);
    await addMember(t.http, firmOwner.accessToken, firm.id, worker.id, 'member');
    await eventually(async () => expect(await ids()).toContain(worker.id));
    const phone = `+8551${String(Date.now()).slice(-7)}`;
    const invited = await t.http().post(`/api/v1/organizations/${firm.id}/members`).set(...bearer(firmOwner.accessToken)).send({ phone, role: 'member' });
    expect(invited.status).toBe(202);
    const relative = await registerUser(t.http, { phone, email: undefined });
    await eventually(async () => expect(await ids()).toContain(relative.id));
    await t.http().delete(`/api/v1/organizations/${firm.id}/members/${worker.id}`).set(...bearer(firmOwner.accessToken)).expect(204);
    await eventually(async () => expect(await ids()).not.toContain(worker.id));
    expectProblem(await t.http().get(`/api/v1/conversations/${forum.id}`).set(...bearer(worker.accessToken)), 404);
    // Someone new in the group itself joins its forums too.
    const groupClerk = await registerUser(t.http);
    await addMember(t.http, groupOwner.accessToken, group.id, groupClerk.id, 'member');
    await eventually(async () => expect(await ids()).toContain(groupClerk.id));
  });

  it('a firm that leaves the group leaves its forums; the group’s own people stay', async () => {
    const forum = await startConversation(t.http, groupOwner.accessToken, { participants: [{ organizationId: group.id, everyone: true }], subject: 'Harvest' });
    await sendMessage(t.http, firmMember.accessToken, forum.id, 'Our ponds are ready');
    await t.http().delete(`/api/v1/organizations/${group.id}/member-organizations/${firm.id}`).set(...bearer(firmOwner.accessToken)).expect(204);
    await eventually(async () => expectProblem(await t.http().get(`/api/v1/conversations/${forum.id}`).set(...bearer(firmMember.accessToken)), 404));
    expectProblem(await t.http().get(`/api/v1/conversations/${forum.id}`).set(...bearer(firmOwner.accessToken)), 404);
    const left = (await t.http().get(`/api/v1/conversations/${forum.id}/participants`).set(...bearer(groupOwner.accessToken)).expect(200)).body.items;
    expect(left.map((p: { userId: string }) => p.userId)).toEqual(expect.arrayContaining([groupOwner.id, groupMember.id, lateOwner.id]));
    expect(left.map((p: { userId: string }) => p.userId)).not.toContain(firmOwner.id);
    // What they wrote stays for the others to read.
    const history = await t.http().get(`/api/v1/conversations/${forum.id}/messages`).set(...bearer(groupMember.accessToken)).expect(200);
    expect(history.body.items.map((m: { body: string }) => m.body)).toEqual(['Our ponds are ready']);
  });
});

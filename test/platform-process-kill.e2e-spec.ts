import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { Socket } from 'socket.io-client';
import request from 'supertest';
import { type RunningApp, startListeningApp, stopAppProcess } from './support/app-process';
import { bearer, createOrganization, registerUser } from './support/identity';
import { createListing } from './support/listings';
import { clientMessageId, connectSocket, nextEvent, sendMessage, startConversation } from './support/messaging';
import { createTestDatabase, type TestDatabase } from './support/test-app';
import { createExhibitor, createOpenFair, createOrganizer } from './support/trade-fairs';

// Two API processes on one database, as two replicas behind a load balancer; one of them is
// killed (SIGKILL: no shutdown hook, no last flush) while 50 accepts and 50 stall requests
// are on their way. What either process acknowledged must be in the database, nothing may
// be booked twice, and a socket of the killed process must catch up on the other.
jest.setTimeout(240_000);

/** A request's outcome: its status, or null when the connection broke before an answer. */
type Outcome = { status: number | null; body: Record<string, any> };

/**
 * Sends as a phone's app does: a 503 (a pool full of requests queued on one listing's row
 * lock) is sent again after its Retry-After; a broken connection is the outcome.
 */
async function attempt(send: () => PromiseLike<{ status: number; body: unknown; headers: Record<string, string> }>): Promise<Outcome> {
  for (let tries = 1; ; tries++) {
    let res: { status: number; body: unknown; headers: Record<string, string> };
    try {
      res = await send();
    } catch {
      return { status: null, body: {} };
    }
    if (res.status !== 503 || tries === 20) return { status: res.status, body: res.body as Record<string, any> };
    await new Promise((r) => setTimeout(r, Number(res.headers['retry-after'] ?? '1') * 1000));
  }
}

describe('platform: an API process killed under load', () => {
  let db: TestDatabase;
  let pg: Client;
  let a: RunningApp;
  let b: RunningApp;
  const env = {
    // Both processes sign and check the same tokens, as replicas do.
    JWT_SECRET: randomBytes(32).toString('hex'),
    RATE_LIMIT_REGISTER_PER_IP: '10000',
  };
  const sockets: Socket[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    pg = new Client({ connectionString: db.url });
    await pg.connect();
    // Only B runs the outbox worker and the jobs: A is the one that dies.
    [a, b] = await Promise.all([startListeningApp(db.url, { ...env, OUTBOX_WORKER: 'false' }), startListeningApp(db.url, env)]);
  });

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await Promise.all([stopAppProcess(a), stopAppProcess(b)]);
    await pg?.end();
    await db?.drop();
  });

  it('loses no acknowledged accept or stall request and books nothing twice; a socket of the killed process catches up on the other', async () => {
    const httpA = () => request(a.url);
    const httpB = () => request(b.url);

    // A listing of 25,000 tiles and 50 orders of 1,000: at most 25 can be accepted.
    const [sellerUser, buyerUser] = await Promise.all([registerUser(httpB), registerUser(httpB)]);
    const seller = await createOrganization(httpB, sellerUser.accessToken, { name: 'Kampong Leav Kilns' });
    const buyer = await createOrganization(httpB, buyerUser.accessToken, { name: 'Mekong Builders', capabilities: ['buy'] });
    const listing = await createListing(httpB, sellerUser.accessToken, seller.id, { quantity: '25000' });
    const offers: string[] = [];
    for (let i = 0; i < 50; i++) {
      const res = await httpB()
        .post('/api/v1/offers')
        .set(...bearer(buyerUser.accessToken))
        .send({ kind: 'order', organizationId: buyer.id, listingId: listing.id, quantity: '1000' })
        .expect(201);
      offers.push(res.body.id);
    }

    // A fair with one stall, and 50 exhibitors who want it.
    const organizer = await createOrganizer(httpB);
    const fair = await createOpenFair(httpB, organizer, { stalls: 1 });
    const stallId = fair.stalls[0]!.id;
    const exhibitors = await Promise.all(Array.from({ length: 50 }, () => createExhibitor(httpB)));

    // The buyer's socket is on A; the seller will write to them while A is gone.
    const conversationId = (await startConversation(httpB, sellerUser.accessToken, { participants: [{ organizationId: buyer.id }] })).id;
    const start = await httpB()
      .get('/api/v1/sync')
      .set(...bearer(buyerUser.accessToken))
      .expect(200);
    const buyerOnA = await connectSocket(a.url, buyerUser.accessToken);
    sockets.push(buyerOnA);
    const disconnected = new Promise<void>((done) => buyerOnA.once('disconnect', () => done()));

    // Every other request goes to A; A is killed once the first answers are back.
    const via = (i: number) => (i % 2 === 0 ? httpA : httpB);
    let answered = 0;
    let killed = false;
    const killAfterFirstAnswers = () => {
      answered += 1;
      if (answered === 6 && !killed) {
        killed = true;
        a.app.child.kill('SIGKILL');
      }
    };
    const accepts = offers.map((id, i) =>
      attempt(() =>
        via(i)()
          .post(`/api/v1/offers/${id}/accept`)
          .set(...bearer(sellerUser.accessToken)),
      ).then((outcome) => (killAfterFirstAnswers(), outcome)),
    );
    const stallRequests = exhibitors.map((e, i) =>
      attempt(() =>
        via(i)()
          .post(`/api/v1/trade-fairs/${fair.id}/bookings`)
          .set(...bearer(e.user.accessToken))
          .send({ stallId, organizationId: e.org.id }),
      ).then((outcome) => (killAfterFirstAnswers(), outcome)),
    );
    const acceptOutcomes = await Promise.all(accepts);
    const stallOutcomes = await Promise.all(stallRequests);
    expect(killed).toBe(true);
    expect(await a.app.exited).toBeNull(); // killed by a signal, not exited
    // It died in the middle: some of its requests never got an answer.
    expect([...acceptOutcomes, ...stallOutcomes].filter((o) => o.status === null).length).toBeGreaterThan(0);

    // Nothing answered but 200/201 or the intended 409 in the end; B answered all of its own.
    const odd = [...acceptOutcomes, ...stallOutcomes].filter((o) => o.status !== null && ![200, 201, 409].includes(o.status));
    expect(odd).toEqual([]);
    expect(acceptOutcomes.filter((o, i) => i % 2 === 1 && o.status === null)).toEqual([]);
    expect(stallOutcomes.filter((o, i) => i % 2 === 1 && o.status === null)).toEqual([]);

    // Every acknowledged accept is a deal; none is booked twice and the listing adds up.
    const acknowledged = offers.filter((_, i) => acceptOutcomes[i]!.status === 200);
    expect(acknowledged.length).toBeGreaterThan(0);
    const deals = (await pg.query('SELECT offer_id, count(*)::int AS n FROM deals WHERE offer_id = ANY($1::uuid[]) GROUP BY offer_id', [offers])).rows as Array<{
      offer_id: string;
      n: number;
    }>;
    expect(deals.every((d) => d.n === 1)).toBe(true);
    const dealt = new Set(deals.map((d) => d.offer_id));
    for (const id of acknowledged) expect(dealt.has(id)).toBe(true);
    expect(dealt.size).toBeLessThanOrEqual(25);
    const [row] = (await pg.query('SELECT quantity_remaining::text AS q FROM listings WHERE id = $1', [listing.id])).rows;
    const [reserved] = (await pg.query('SELECT coalesce(sum(quantity), 0)::int AS total FROM deal_lines WHERE listing_id = $1', [listing.id])).rows;
    expect(reserved.total).toBe(dealt.size * 1000);
    expect(Number(row.q)).toBe(25000 - reserved.total);
    const [accepted] = (await pg.query(`SELECT count(*)::int AS n FROM offers WHERE id = ANY($1::uuid[]) AND status = 'accepted'`, [offers])).rows;
    expect(accepted.n).toBe(dealt.size);

    // One exhibitor at most holds the stall, and it is the one told so, if it was told.
    const holders = (await pg.query(`SELECT id FROM stall_bookings WHERE stall_id = $1 AND status IN ('requested', 'approved')`, [stallId])).rows;
    expect(holders.length).toBeLessThanOrEqual(1);
    const told = stallOutcomes.filter((o) => o.status === 201);
    expect(told.length).toBeLessThanOrEqual(1);
    if (told.length === 1) expect(holders.map((h) => h.id)).toEqual([told[0]!.body.id]);

    // The socket on A went with it; the seller writes meanwhile, through B.
    await disconnected;
    const missed = await sendMessage(httpB, sellerUser.accessToken, conversationId, 'ក្បឿង ២៥,០០០ សន្លឹក ត្រៀមរួចហើយ');
    // The buyer's app reconnects (the load balancer now sends it to B) and catches up.
    const buyerOnB = await connectSocket(b.url, buyerUser.accessToken);
    sockets.push(buyerOnB);
    const caughtUp = await httpB()
      .get(`/api/v1/sync?cursor=${encodeURIComponent(start.body.cursor)}`)
      .set(...bearer(buyerUser.accessToken))
      .expect(200);
    expect(caughtUp.body.messages.map((m: { id: string }) => m.id)).toContain(missed.id);
    // And it is live again on B.
    const live = nextEvent<{ conversationId: string; body: string }>(buyerOnB, 'message.created', (m) => m.conversationId === conversationId, 10_000);
    await httpB()
      .post(`/api/v1/conversations/${conversationId}/messages`)
      .set(...bearer(sellerUser.accessToken))
      .send({ body: 'Delivery on Friday', clientMessageId: clientMessageId() })
      .expect(201);
    expect((await live).body).toBe('Delivery on Friday');
  });
});

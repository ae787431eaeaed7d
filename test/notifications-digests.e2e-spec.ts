import { Injectable, Module, OnApplicationBootstrap } from '@nestjs/common';
import { JobQueueService, OutboxBacklogService, OutboxService } from '@psar/platform';
import type { Socket } from 'socket.io-client';
import { DataSource } from 'typeorm';
import { bearer, createOrganization, CreatedOrganization, registerUser, RegisteredUser } from './support/identity';
import { createDemand, createListing } from './support/listings';
import { connectSocket, listen, quietFor, record } from './support/messaging';
import { eventually } from './support/problem';
import { createTestApp, TestApp } from './support/test-app';
import { createSupplier, createTraining, registerUsers, sessionBody } from './support/training-events';

interface Notification {
  id: string;
  kind: string;
  title: string;
  body: string | null;
  count: number;
  data: Record<string, unknown>;
  readAt: string | null;
}

const MATCH_KIND = 'match.listing_for_your_demand';
// Each test waits for the outbox to drain; on a shared machine that can take a while.
jest.setTimeout(180_000);

/** Fails the first delivery of each match.found event of a listing titled "flaky…", after the notifications handler ran. */
@Injectable()
class FlakyMatchHandler implements OnApplicationBootstrap {
  static calls = new Map<string, number>();

  constructor(private readonly outbox: OutboxService) {}

  onApplicationBootstrap(): void {
    this.outbox.subscribe<{ listingTitle: string }>('match.found', 'probe.flaky-after-notifications', async (event) => {
      if (!event.payload.listingTitle.startsWith('flaky')) return;
      const calls = (FlakyMatchHandler.calls.get(event.id) ?? 0) + 1;
      FlakyMatchHandler.calls.set(event.id, calls);
      if (calls === 1) throw new Error('transient failure after the digest was written');
    });
  }
}

@Module({ providers: [FlakyMatchHandler] })
class FlakyModule {}

describe('notifications: digests, not floods', () => {
  let t: TestApp;
  let db: DataSource;
  let baseUrl: string;
  const sockets: Socket[] = [];

  const feed = async (user: RegisteredUser, kind = MATCH_KIND) =>
    ((await t.http().get('/api/v1/notifications?limit=100').set(...bearer(user.accessToken)).expect(200)).body.items as Notification[]).filter(
      (n) => n.kind === kind,
    );
  const drained = () =>
    eventually(async () => expect((await t.app.get(OutboxBacklogService).read()).waiting).toBe(0), 180_000, 250);
  /** Pairs announced per demand of the organization: what each digest must count. */
  const pairsPerDemand = async (organizationId: string) =>
    new Map(
      ((await db.query(
        `SELECT m.demand_id, count(*)::int AS n FROM match_notifications m JOIN demands d ON d.id = m.demand_id
         WHERE d.organization_id = $1 GROUP BY m.demand_id`,
        [organizationId],
      )) as Array<{ demand_id: string; n: number }>).map((r) => [r.demand_id, r.n]),
    );

  beforeAll(async () => {
    // A limit above the burst's 30 digests, so the later tests reach it on purpose.
    t = await createTestApp({ RATE_LIMIT_REGISTER_PER_IP: '1000', NOTIFICATIONS_PER_KIND_PER_HOUR: '45' }, { imports: [FlakyModule] });
    db = t.app.get(DataSource);
    baseUrl = await listen(t.app);
  });

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await t.close();
  });

  describe('a burst: 30 open demands, then 300 listings from 10 kilns', () => {
    let buyerUser: RegisteredUser;
    let buyer: CreatedOrganization;
    let pushes: { created: Notification[]; updated: Notification[] };

    beforeAll(async () => {
      buyerUser = await registerUser(t.http);
      buyer = await createOrganization(t.http, buyerUser.accessToken, { name: 'Mekong Builders', capabilities: ['buy'], provinceCode: 'KH-12' });
      for (let i = 0; i < 30; i++) {
        await createDemand(t.http, buyerUser.accessToken, buyer.id, { quantity: String(5000 + i * 1500) });
      }
      await drained();
      const socket = await connectSocket(baseUrl, buyerUser.accessToken);
      sockets.push(socket);
      pushes = { created: record(socket, 'notification.created'), updated: record(socket, 'notification.updated') };
      await quietFor(200);

      const kilns = await Promise.all(
        Array.from({ length: 10 }, async (_, k) => {
          const user = await registerUser(t.http);
          return { user, org: await createOrganization(t.http, user.accessToken, { name: `Kiln ${k + 1}` }) };
        }),
      );
      // Each kiln uploads its week's stock at once, side by side with the others.
      await Promise.all(
        kilns.map(async (kiln, k) => {
          for (let i = 0; i < 30; i++) {
            await createListing(t.http, kiln.user.accessToken, kiln.org.id, {
              title: `Kiln ${k + 1} tiles, batch ${i + 1}`,
              quantity: String(3000 + ((k * 30 + i) * 997) % 40000),
              price: { amount: String(600 + ((k * 7 + i) % 11) * 10), currency: 'KHR' },
            });
          }
        }),
      );
      await drained();
    }, 300_000);

    it('gives the buyer at most one notification per demand, each naming how many listings fit', async () => {
      const digests = await feed(buyerUser);
      const pairs = await pairsPerDemand(buyer.id);
      expect(pairs.size).toBeGreaterThan(0);
      expect(digests.length).toBeLessThanOrEqual(30);
      expect(digests).toHaveLength(pairs.size);
      expect(new Set(digests.map((d) => d.data.demandId)).size).toBe(digests.length);
      for (const digest of digests) {
        const count = pairs.get(digest.data.demandId as string)!;
        expect(digest.count).toBe(count);
        if (count >= 3) {
          expect(digest.title).toMatch(new RegExp(`^${count} new listings fit your demand for \\d+ piece of grade A Clay roof tile`));
          expect(digest.body).toMatch(/^Best: Kiln \d+: Kiln \d+ tiles, batch \d+ · .+ · .+$/);
        }
      }
      // Every match.found event was counted once, and no more.
      const [{ n: events }] = await db.query(
        `SELECT count(*)::int AS n FROM outbox_events e JOIN demands d ON d.id = (e.payload->>'demandId')::uuid
         WHERE e.type = 'match.found' AND d.organization_id = $1`,
        [buyer.id],
      );
      expect(digests.reduce((s, d) => s + d.count, 0)).toBe(events);
    });

    it('pushed each digest once as created and then its updates, never a new item per match', async () => {
      const digests = await feed(buyerUser);
      await eventually(async () => expect(new Set(pushes.created.map((n) => n.id))).toEqual(new Set(digests.map((d) => d.id))));
      expect(pushes.created).toHaveLength(digests.length);
      for (const digest of digests) {
        const counts = [...pushes.created, ...pushes.updated].filter((n) => n.id === digest.id).map((n) => n.count);
        expect(Math.max(...counts)).toBe(digest.count);
      }
    });

    it('reports the outbox in /health/ready: waiting and the oldest age', async () => {
      const res = await t.http().get('/health/ready').expect(200);
      expect(res.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' }, outbox: { status: 'up', state: 'ok', waiting: 0, oldestAgeSeconds: 0 } } });
    });
  });

  describe('a digest read, then a new match', () => {
    it('starts a new digest; the read one keeps its count', async () => {
      const buyerUser = await registerUser(t.http);
      const buyer = await createOrganization(t.http, buyerUser.accessToken, { name: 'Phnom Penh Fish Market', capabilities: ['buy'], provinceCode: 'KH-12' });
      const sellerUser = await registerUser(t.http);
      const seller = await createOrganization(t.http, sellerUser.accessToken, { name: 'Peam Ro Ponds' });
      const demand = await createDemand(t.http, buyerUser.accessToken, buyer.id, { productCode: 'tilapia', unit: 'kg', qualityGrade: undefined, quantity: '2000' });
      await drained();
      const fish = (n: number) =>
        createListing(t.http, sellerUser.accessToken, seller.id, {
          productCode: 'tilapia',
          unit: 'kg',
          qualityGrade: undefined,
          title: `Tilapia, pond ${n}`,
          quantity: '500',
          price: { amount: '9000', currency: 'KHR' },
        });
      const sync = (cursor?: string) =>
        t.http().get(`/api/v1/sync${cursor ? `?cursor=${cursor}` : ''}`).set(...bearer(buyerUser.accessToken)).expect(200);
      await fish(1);
      await drained();
      const cursor = (await sync()).body.cursor as string;
      await fish(2);
      await drained();
      const [first] = await feed(buyerUser);
      expect(first).toMatchObject({ count: 2, title: '2 new listings fit your demand for 2000 kg of Tilapia', data: { demandId: demand.id }, readAt: null });
      // A client that was offline while the digest grew gets it again from GET /sync.
      await eventually(async () => expect((await sync(cursor)).body.notifications).toEqual([first]));

      await t.http().post(`/api/v1/notifications/${first!.id}/read`).set(...bearer(buyerUser.accessToken)).expect(200);
      await fish(3);
      await drained();
      const after = await feed(buyerUser);
      expect(after).toHaveLength(2);
      const fresh = after.find((n) => n.id !== first!.id)!;
      expect(fresh).toMatchObject({ count: 1, title: 'Peam Ro Ponds listed Tilapia that fits your demand', readAt: null, data: { demandId: demand.id } });
      expect(after.find((n) => n.id === first!.id)).toMatchObject({ count: 2, readAt: expect.any(String) });
    });
  });

  describe('a handler failing once', () => {
    it('is retried without counting the match twice in its digest', async () => {
      const buyerUser = await registerUser(t.http);
      const buyer = await createOrganization(t.http, buyerUser.accessToken, { name: 'Siem Reap Hotels', capabilities: ['buy'], provinceCode: 'KH-17' });
      const sellerUser = await registerUser(t.http);
      const seller = await createOrganization(t.http, sellerUser.accessToken, { name: 'Kulen Bees' });
      await createDemand(t.http, buyerUser.accessToken, buyer.id, { productCode: 'wild_honey', unit: 'litre', qualityGrade: undefined, quantity: '300' });
      await drained();
      for (let i = 1; i <= 3; i++) {
        await createListing(t.http, sellerUser.accessToken, seller.id, {
          productCode: 'wild_honey',
          unit: 'litre',
          qualityGrade: undefined,
          title: `flaky honey ${i}`,
          quantity: '100',
          price: { amount: '30000', currency: 'KHR' },
        });
      }
      await drained();
      const events = (await db.query(
        `SELECT e.id FROM outbox_events e WHERE e.type = 'match.found' AND e.payload->>'notifiedOrganizationId' = $1`,
        [buyer.id],
      )) as Array<{ id: string }>;
      expect(events).toHaveLength(3);
      // Each event's delivery failed once after its digest took it, and was handed over again.
      for (const e of events) expect(FlakyMatchHandler.calls.get(e.id)).toBeGreaterThanOrEqual(2);
      const expectCountedOnce = async () => {
        const digests = await feed(buyerUser);
        expect(digests).toEqual([expect.objectContaining({ count: 3, title: expect.stringMatching(/^3 new listings fit your demand for 300 litre of Wild honey/) })]);
        const [{ n: items }] = await db.query('SELECT count(*)::int AS n FROM notification_digest_items WHERE notification_id = $1', [digests[0]!.id]);
        expect(items).toBe(3);
      };
      await expectCountedOnce();

      // And a whole redelivery of all three, as after a crash between the handler and the delivered mark.
      await db.query('UPDATE outbox_events SET delivered_at = NULL WHERE id = ANY($1::uuid[])', [events.map((e) => e.id)]);
      for (const e of events) await t.app.get(JobQueueService).boss.send('outbox', { eventId: e.id });
      await drained();
      await expectCountedOnce();
    });
  });

  describe('the hourly limit per user and kind', () => {
    it('folds what would be new notifications past the limit into one digest of the rest', async () => {
      const buyerUser = await registerUser(t.http);
      const buyer = await createOrganization(t.http, buyerUser.accessToken, { name: 'Kampot Traders', capabilities: ['buy'], provinceCode: 'KH-7' });
      const sellerUser = await registerUser(t.http);
      const seller = await createOrganization(t.http, sellerUser.accessToken, { name: 'Svay Rieng Pigs' });
      // As if 40 of this hour's 45 were already spent.
      for (let i = 0; i < 8; i++) {
        await createDemand(t.http, buyerUser.accessToken, buyer.id, { productCode: 'piglet', unit: 'head', qualityGrade: undefined, quantity: String(20 + i) });
      }
      await drained();
      const [user] = await db.query('SELECT id FROM users WHERE id = $1', [buyerUser.id]);
      await db.query(
        `INSERT INTO notifications (event_id, user_id, kind, title) SELECT gen_random_uuid(), $1, $2, 'earlier' FROM generate_series(1, 40)`,
        [user.id, MATCH_KIND],
      );
      await db.query('UPDATE notifications SET read_at = now() WHERE user_id = $1', [user.id]);
      await createListing(t.http, sellerUser.accessToken, seller.id, {
        productCode: 'piglet',
        unit: 'head',
        qualityGrade: undefined,
        title: 'Piglets, weaned',
        quantity: '200',
        price: { amount: '250000', currency: 'KHR' },
      });
      await drained();
      const fresh = (await feed(buyerUser)).filter((n) => n.title !== 'earlier');
      const perDemand = fresh.filter((n) => n.data.demandId);
      const folded = fresh.filter((n) => !n.data.demandId);
      expect(perDemand).toHaveLength(5);
      expect(folded).toEqual([expect.objectContaining({ count: 3, title: '3 more new listings fit your demands', body: expect.stringMatching(/^Best: /) })]);
      expect(fresh.reduce((s, n) => s + n.count, 0)).toBe(8);
    });
  });

  describe('registrations on a training', () => {
    it('reach its staff as one digest per training, not one per person; the registrants each get their own', async () => {
      const supplier = await createSupplier(t.http);
      const training = await createTraining(t.http, supplier.owner.accessToken, supplier.organization.id, {
        title: 'Fish feed that pays',
        sessions: [sessionBody(5, { capacity: 4 }), sessionBody(9, { capacity: 10 })],
      });
      const farmers = await registerUsers(t.http, 8);
      await Promise.all(
        farmers.map((farmer, i) =>
          t.http().post(`/api/v1/training-sessions/${training.sessions[i % 2 === 0 ? 0 : 1]!.id}/registrations`).set(...bearer(farmer.accessToken)).send({}).expect(201),
        ),
      );
      await drained();
      const staff = await feed(supplier.owner, 'training.registrations');
      // 4 to the first session (all confirmed) and 4 to the second.
      expect(staff).toEqual([expect.objectContaining({ count: 8, title: '8 new registrations for Fish feed that pays', data: { trainingId: training.id } })]);
      for (const farmer of farmers) expect(await feed(farmer, 'training.registration_confirmed')).toHaveLength(1);
    });
  });

  describe('a backlog', () => {
    it('makes /health/ready degraded, still 200, while the oldest event waits past the bound', async () => {
      const outbox = t.app.get(OutboxService);
      await outbox.stopWorker();
      try {
        const eventId = await db.transaction((m) => outbox.record(m, 'probe.waiting', {}));
        await db.query(`UPDATE outbox_events SET occurred_at = now() - interval '5 minutes' WHERE id = $1`, [eventId]);
        const res = await t.http().get('/health/ready').expect(200);
        expect(res.body).toMatchObject({
          status: 'degraded',
          info: { database: { status: 'up' }, outbox: { status: 'up', state: 'degraded', waiting: 1, boundSeconds: 60 } },
        });
        expect(res.body.info.outbox.oldestAgeSeconds).toBeGreaterThanOrEqual(299);
      } finally {
        await outbox.startWorker();
      }
      await drained();
      expect((await t.http().get('/health/ready').expect(200)).body.status).toBe('ok');
    });
  });
});

import { EXPIRY_JOB } from '@psar/listings';
import { MatchNotifier } from '@psar/listings/matching/match-notifier.service';
import { ScheduledJobsService } from '@psar/platform';
import { DataSource } from 'typeorm';
import { bearer, createOrganization, CreatedOrganization, registerUser, RegisteredUser } from './support/identity';
import { createDemand, createListing } from './support/listings';
import { eventually } from './support/problem';
import { createTestApp, TestApp } from './support/test-app';

interface Notification {
  kind: string;
  title: string;
  body: string | null;
  data: Record<string, unknown>;
}

describe('listings: match notifications and expiry', () => {
  let t: TestApp;
  let db: DataSource;
  let buyerUser: RegisteredUser;
  let sellerUser: RegisteredUser;
  let buyer: CreatedOrganization;
  let seller: CreatedOrganization;

  const feed = async (user: RegisteredUser) =>
    (await t.http().get('/api/v1/notifications?limit=100').set(...bearer(user.accessToken)).expect(200)).body.items as Notification[];
  const pairs = async (listingId: string) =>
    ((await db.query('SELECT demand_id FROM match_notifications WHERE listing_id = $1', [listingId])) as Array<{ demand_id: string }>).map(
      (r) => r.demand_id,
    );
  const matchEvents = async (listingId: string) =>
    (await db.query(`SELECT count(*)::int AS n FROM outbox_events WHERE type = 'match.found' AND payload->>'listingId' = $1`, [listingId]))[0].n as number;
  const delivered = (type: string, key: string, id: string) =>
    eventually(async () => {
      const rows = await db.query(`SELECT delivered_at FROM outbox_events WHERE type = $1 AND payload->>$2 = $3`, [type, key, id]);
      expect(rows.length).toBeGreaterThan(0);
      for (const r of rows) expect(r.delivered_at).not.toBeNull();
    }, 20_000);

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    [buyerUser, sellerUser] = await Promise.all([registerUser(t.http), registerUser(t.http)]);
    buyer = await createOrganization(t.http, buyerUser.accessToken, { name: 'Mekong Builders', capabilities: ['buy'], provinceCode: 'KH-12' });
    seller = await createOrganization(t.http, sellerUser.accessToken, { name: 'Resin Collectors' });
  });

  afterAll(() => t.close());

  it("posting a listing tells the owners of the demands it fits, once per pair, whichever side moves next", async () => {
    const demand = await createDemand(t.http, buyerUser.accessToken, buyer.id, {
      productCode: 'liquid_resin',
      unit: 'litre',
      quantity: '1000',
      qualityGrade: 'A',
      maxPrice: { amount: '5000', currency: 'KHR' },
    });
    await delivered('demand.published', 'demandId', demand.id);
    const listing = await createListing(t.http, sellerUser.accessToken, seller.id, {
      productCode: 'liquid_resin',
      unit: 'litre',
      title: 'Dipterocarp resin, Mondulkiri',
      quantity: '3000',
      price: { amount: '4200', currency: 'KHR' },
    });
    await eventually(async () => {
      const mine = (await feed(buyerUser)).filter((n) => n.data.listingId === listing.id);
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({
        kind: 'match.listing_for_your_demand',
        title: 'Resin Collectors listed Liquid resin (oleoresin) that fits your demand',
        data: { listingId: listing.id, demandId: demand.id },
      });
      expect(mine[0]!.body).toContain('covers 100 %');
    }, 20_000);

    // The listing changes and the demand changes: both re-run matching; the pair stays announced once.
    await t.http().patch(`/api/v1/listings/${listing.id}`).set(...bearer(sellerUser.accessToken)).send({ price: { amount: '4100', currency: 'KHR' } }).expect(200);
    await t.http().patch(`/api/v1/demands/${demand.id}`).set(...bearer(buyerUser.accessToken)).send({ quantity: '1200' }).expect(200);
    await delivered('listing.updated', 'listingId', listing.id);
    await delivered('demand.updated', 'demandId', demand.id);
    expect(await pairs(listing.id)).toEqual([demand.id]);
    expect(await matchEvents(listing.id)).toBe(1);
    expect((await feed(sellerUser)).filter((n) => n.data.listingId === listing.id)).toEqual([]);
  });

  it('posting a demand tells the sellers of the listings that fit it best', async () => {
    const listing = await createListing(t.http, sellerUser.accessToken, seller.id, {
      productCode: 'solid_resin',
      unit: 'kg',
      title: 'Solid resin, sorted',
      quantity: '500',
      qualityGrade: 'A',
      price: { amount: '3.50', currency: 'USD' },
    });
    await delivered('listing.published', 'listingId', listing.id);
    const demand = await createDemand(t.http, buyerUser.accessToken, buyer.id, { productCode: 'solid_resin', unit: 'kg', quantity: '200', qualityGrade: 'B' });
    await eventually(async () => {
      const mine = (await feed(sellerUser)).filter((n) => n.data.demandId === demand.id);
      expect(mine).toEqual([
        expect.objectContaining({
          kind: 'match.demand_for_your_listing',
          title: 'Mekong Builders wants Solid resin: your listing "Solid resin, sorted" fits',
          data: expect.objectContaining({ listingId: listing.id, demandId: demand.id }),
        }),
      ]);
    }, 20_000);
  });

  it('announces a pair once even when 50 handlers run at once', async () => {
    const demands = [];
    for (let i = 0; i < 3; i++) {
      demands.push(await createDemand(t.http, buyerUser.accessToken, buyer.id, { productCode: 'pork', unit: 'kg', qualityGrade: undefined, quantity: '100' }));
    }
    const listing = await createListing(t.http, sellerUser.accessToken, seller.id, {
      productCode: 'pork',
      unit: 'kg',
      qualityGrade: undefined,
      quantity: '800',
      price: { amount: '16000', currency: 'KHR' },
    });
    const notifier = t.app.get(MatchNotifier);
    const fresh = await Promise.all(Array.from({ length: 50 }, () => notifier.listingPosted(listing.id)));
    await delivered('listing.published', 'listingId', listing.id);
    expect(fresh.reduce((s, n) => s + n, 0)).toBeLessThanOrEqual(3);
    expect(new Set(await pairs(listing.id))).toEqual(new Set(demands.map((d) => d.id)));
    expect(await matchEvents(listing.id)).toBe(3);
  });

  it('tells the owners of the best 20 demands only', async () => {
    for (let i = 0; i < 22; i++) {
      await createDemand(t.http, buyerUser.accessToken, buyer.id, { productCode: 'piglet', unit: 'head', qualityGrade: undefined, quantity: String(10 + i) });
    }
    // Each demand's own matching runs first (finding no listing), so the listing's decides.
    await eventually(async () => {
      const [row] = await db.query(`SELECT count(*)::int AS n FROM outbox_events WHERE type = 'demand.published' AND delivered_at IS NULL`);
      expect(row.n).toBe(0);
    }, 20_000);
    const listing = await createListing(t.http, sellerUser.accessToken, seller.id, {
      productCode: 'piglet',
      unit: 'head',
      qualityGrade: undefined,
      quantity: '100',
      price: { amount: '250000', currency: 'KHR' },
    });
    await delivered('listing.published', 'listingId', listing.id);
    expect(await pairs(listing.id)).toHaveLength(20);
  });

  it('expires listings and demands past their dates by the scheduled job, and tells their owners once', async () => {
    const listing = await createListing(t.http, sellerUser.accessToken, seller.id, { productCode: 'clay_brick', title: 'Old bricks' });
    const demand = await createDemand(t.http, buyerUser.accessToken, buyer.id, { productCode: 'guided_tour', unit: 'piece', qualityGrade: undefined, quantity: '3' });
    const fresh = await createListing(t.http, sellerUser.accessToken, seller.id, { productCode: 'clay_brick', title: 'Fresh bricks' });
    await db.query(`UPDATE listings SET available_from = now() - interval '2 days', available_until = now() - interval '1 second' WHERE id = $1`, [listing.id]);
    await db.query(`UPDATE demands SET needed_by = now() - interval '1 second' WHERE id = $1`, [demand.id]);

    const jobs = t.app.get(ScheduledJobsService);
    await Promise.all(Array.from({ length: 50 }, () => jobs.runNow(EXPIRY_JOB)));
    await jobs.runNow(EXPIRY_JOB);

    const [l] = await db.query('SELECT status FROM listings WHERE id = $1', [listing.id]);
    const [d] = await db.query('SELECT status FROM demands WHERE id = $1', [demand.id]);
    const [f] = await db.query('SELECT status FROM listings WHERE id = $1', [fresh.id]);
    expect([l.status, d.status, f.status]).toEqual(['expired', 'expired', 'active']);
    const count = async (type: string, key: string, id: string) =>
      (await db.query(`SELECT count(*)::int AS n FROM outbox_events WHERE type = $1 AND payload->>$2 = $3`, [type, key, id]))[0].n;
    expect(await count('listing.expired', 'listingId', listing.id)).toBe(1);
    expect(await count('demand.expired', 'demandId', demand.id)).toBe(1);

    await eventually(async () => {
      expect((await feed(sellerUser)).filter((n) => n.kind === 'listing.expired')).toEqual([
        expect.objectContaining({ title: 'Your listing "Old bricks" has expired', data: { listingId: listing.id } }),
      ]);
      expect((await feed(buyerUser)).filter((n) => n.kind === 'demand.expired')).toEqual([
        expect.objectContaining({ title: 'Your demand for 3 piece of Guided day tour has expired', data: { demandId: demand.id } }),
      ]);
    }, 20_000);
    expect((await t.http().get(`/api/v1/listings?mine=true&status=expired`).set(...bearer(sellerUser.accessToken)).expect(200)).body.items).toHaveLength(1);
  });
});

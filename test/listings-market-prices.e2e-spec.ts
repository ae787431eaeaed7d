import { DataSource } from 'typeorm';
import { bearer, createOrganization, CreatedOrganization, registerUser, RegisteredUser } from './support/identity';
import { createListing, CreatedListing } from './support/listings';
import { expectProblem } from './support/problem';
import { createTestApp, TestApp, testEnvironment } from './support/test-app';

describe('listings: market prices', () => {
  let t: TestApp;
  let db: DataSource;
  let sellerUser: RegisteredUser;
  let buyerUser: RegisteredUser;
  let seller: CreatedOrganization;
  let buyer: CreatedOrganization;
  let listing: CreatedListing;

  const post = (user: RegisteredUser, path: string, body: object = {}) => t.http().post(`/api/v1${path}`).set(...bearer(user.accessToken)).send(body);

  /** order → accept → deliver → confirm, at this unit price. */
  async function completedDeal(amount: string, currency = 'KHR'): Promise<string> {
    const offer = await post(buyerUser, '/offers', {
      kind: 'order',
      organizationId: buyer.id,
      listingId: listing.id,
      quantity: '10',
      unitPrice: { amount, currency },
    }).expect(201);
    const { dealId } = (await post(sellerUser, `/offers/${offer.body.id}/accept`).expect(200)).body as { dealId: string };
    await post(sellerUser, `/deals/${dealId}/deliver`).expect(200);
    await post(buyerUser, `/deals/${dealId}/confirm`).expect(200);
    return dealId;
  }

  const prices = async (query: string) => (await t.http().get(`/api/v1/market-prices?${query}`).expect(200)).body;

  beforeAll(async () => {
    t = await createTestApp({ KHR_PER_USD: '4100' });
    db = t.app.get(DataSource);
    [sellerUser, buyerUser] = await Promise.all([registerUser(t.http), registerUser(t.http)]);
    seller = await createOrganization(t.http, sellerUser.accessToken, { name: 'Kampong Leav Kilns' });
    buyer = await createOrganization(t.http, buyerUser.accessToken, { name: 'Mekong Builders', capabilities: ['buy'] });
    listing = await createListing(t.http, sellerUser.accessToken, seller.id, { quantity: '10000', provinceCode: 'KH-14' });
  });

  afterAll(() => t.close());

  it('median and quartiles per product, province and week equal the ones worked out by hand, in either currency', async () => {
    // This week: 600, 620, 650, 700, 800 KHR and 0.20 USD (= 820 KHR at 4,100).
    for (const amount of ['700', '600', '800', '650', '620']) await completedDeal(amount);
    await completedDeal('0.20', 'USD');
    // Three weeks ago: one deal at 1,000 KHR.
    const old = await completedDeal('1000');
    await db.query(`UPDATE deals SET agreed_at = agreed_at - interval '21 days', delivered_at = delivered_at - interval '21 days',
      completed_at = completed_at - interval '21 days' WHERE id = $1`, [old]);
    // A cancelled deal counts for nothing.
    const cancelled = await post(buyerUser, '/offers', { kind: 'order', organizationId: buyer.id, listingId: listing.id, quantity: '10', unitPrice: { amount: '5', currency: 'KHR' } });
    const { dealId } = (await post(sellerUser, `/offers/${cancelled.body.id}/accept`).expect(200)).body;
    await post(buyerUser, `/deals/${dealId}/cancel`).expect(200);

    // Sorted: 600 620 650 700 800 820, n = 6. percentile_cont at p·(n−1):
    // p25 → 1.25 → 620 + 0.25·30 = 627.50; median → 2.5 → (650 + 700) / 2 = 675; p75 → 3.75 → 700 + 0.75·100 = 775.
    const [{ week }] = await db.query(`SELECT to_char(now() AT TIME ZONE 'Asia/Phnom_Penh', 'IYYY-"W"IW') AS week`);
    const khr = await prices('productCode=clay_roof_tile&province=KH-14&weeks=2');
    expect(khr).toEqual({
      currency: 'KHR',
      weeks: 2,
      items: [
        {
          productCode: 'clay_roof_tile',
          provinceCode: 'KH-14',
          week,
          weekStart: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
          median: { amount: '675.00', currency: 'KHR' },
          p25: { amount: '627.50', currency: 'KHR' },
          p75: { amount: '775.00', currency: 'KHR' },
          // Ten each, as agreed and delivered: (600 + 620 + 650 + 700 + 800 + 820) · 10 / 60 = 698.33.
          average: { amount: '698.33', currency: 'KHR' },
          quantity: '60',
          deals: 6,
        },
      ],
    });
    // In USD: 675 / 4100 = 0.1646 → 0.16; 627.5 / 4100 = 0.1530 → 0.15; 775 / 4100 = 0.1890 → 0.19.
    const usd = await prices('productCode=clay_roof_tile&province=KH-14&weeks=2&currency=USD');
    expect(usd.items[0]).toMatchObject({ median: { amount: '0.16', currency: 'USD' }, p25: { amount: '0.15' }, p75: { amount: '0.19' }, deals: 6 });

    // Twelve weeks (the default) reach the older deal, as its own week, oldest first.
    const twelve = await prices('productCode=clay_roof_tile');
    expect(twelve.weeks).toBe(12);
    expect(twelve.items.map((i: { deals: number; median: { amount: string } }) => [i.deals, i.median.amount])).toEqual([
      [1, '1000.00'],
      [6, '675.00'],
    ]);
    expect((await prices('productCode=clay_roof_tile&province=KH-12')).items).toEqual([]);
  });

  it('a completed deal shows in the figures at once on this replica (the cache lives at most 60 s elsewhere)', async () => {
    const before = (await prices('productCode=clay_roof_tile&province=KH-14&weeks=1')).items[0]?.deals ?? 0;
    await completedDeal('900');
    const after = (await prices('productCode=clay_roof_tile&province=KH-14&weeks=1')).items[0].deals;
    expect(after).toBe(before + 1);
    expect(() => testEnvironment('postgres://x/y', { MARKET_PRICES_CACHE_SECONDS: '61' })).toThrow(/MARKET_PRICES_CACHE_SECONDS/);
  });

  it('is public; bad parameters are 400 naming the field', async () => {
    expectProblem(await t.http().get('/api/v1/market-prices?weeks=105'), 400, 'weeks');
    expectProblem(await t.http().get('/api/v1/market-prices?weeks=0'), 400, 'weeks');
    expectProblem(await t.http().get('/api/v1/market-prices?currency=EUR'), 400, 'currency');
    expectProblem(await t.http().get('/api/v1/market-prices?province=Phnom%20Penh'), 400, 'province');
    expectProblem(await t.http().get('/api/v1/market-prices?productCode=DROP%20TABLE'), 400, 'productCode');
  });
});

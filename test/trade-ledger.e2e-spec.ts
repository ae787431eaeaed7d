import { DataSource } from 'typeorm';
import { bearer, createOrganization, CreatedOrganization, registerUser, RegisteredUser } from './support/identity';
import { createListing } from './support/listings';
import { expectProblem } from './support/problem';
import { createTestApp, TestApp } from './support/test-app';

// A tile maker's ledger (issue 18, item 9): its deals delivered on Psar, its own costs and a
// sale at the market, by month, by product and by customer, hand-computed below at the
// default 4,100 riel to the dollar; and nobody outside the firm sees any of it.
describe('trade: a producer’s ledger', () => {
  let t: TestApp;
  let db: DataSource;
  let kilnUser: RegisteredUser;
  let builderUser: RegisteredUser;
  let traderUser: RegisteredUser;
  let outsiderUser: RegisteredUser;
  let kiln: CreatedOrganization;
  let builder: CreatedOrganization;
  let trader: CreatedOrganization;
  let outsider: CreatedOrganization;
  const dealIds: Record<string, string> = {};
  const from = '2026-10-01';
  let to: string;

  const post = (user: RegisteredUser, path: string, body: object = {}) => t.http().post(`/api/v1${path}`).set(...bearer(user.accessToken)).send(body);
  const get = (user: RegisteredUser, path: string) => t.http().get(`/api/v1${path}`).set(...bearer(user.accessToken));

  /** An order of `quantity` from `listingId`, accepted by the kiln; its deal's id. */
  const deal = async (buyerUser: RegisteredUser, buyer: CreatedOrganization, listingId: string, quantity: string) => {
    const offer = await post(buyerUser, '/offers', { kind: 'order', organizationId: buyer.id, listingId, quantity }).expect(201);
    return (await post(kilnUser, `/offers/${offer.body.id}/accept`).expect(200)).body.dealId as string;
  };

  beforeAll(async () => {
    t = await createTestApp({ KHR_PER_USD: '4100' });
    db = t.app.get(DataSource);
    [kilnUser, builderUser, traderUser, outsiderUser] = await Promise.all([1, 2, 3, 4].map(() => registerUser(t.http)));
    kiln = await createOrganization(t.http, kilnUser.accessToken, { name: 'Kampong Leav Kilns' });
    builder = await createOrganization(t.http, builderUser.accessToken, { name: 'Mekong Builders', capabilities: ['buy'], provinceCode: 'KH-12' });
    trader = await createOrganization(t.http, traderUser.accessToken, { name: 'Neak Loeung Traders', capabilities: ['buy'] });
    outsider = await createOrganization(t.http, outsiderUser.accessToken, { name: 'Another kiln' });
    const tiles = await createListing(t.http, kilnUser.accessToken, kiln.id, { quantity: '20000', price: { amount: '650', currency: 'KHR' } });
    const bricks = await createListing(t.http, kilnUser.accessToken, kiln.id, {
      productCode: 'clay_brick',
      title: 'Solid bricks',
      quantity: '10000',
      price: { amount: '0.05', currency: 'USD' },
    });

    // Completed in October: 10,000 tiles × 650 = 6,500,000 riel.
    dealIds.october = await deal(builderUser, builder, tiles.id, '10000');
    await post(kilnUser, `/deals/${dealIds.october}/deliver`).expect(200);
    await post(builderUser, `/deals/${dealIds.october}/confirm`).expect(200);
    await db.query(`UPDATE deals SET delivered_at = '2026-10-15T10:00:00+07:00', completed_at = '2026-10-16T09:00:00+07:00' WHERE id = $1`, [dealIds.october]);
    // Delivered today, not yet confirmed: 4,000 bricks ordered, 3,900 delivered (100 broke on
    // the way) × $0.05 = $195.00 = 799,500 riel: the ledger counts what was delivered.
    dealIds.today = await deal(traderUser, trader, bricks.id, '4000');
    await post(kilnUser, `/deals/${dealIds.today}/deliver`, { lines: [{ lineNo: 1, deliveredQuantity: '3900' }] }).expect(200);
    // Agreed but not delivered, and cancelled: neither is in the ledger.
    dealIds.agreed = await deal(builderUser, builder, tiles.id, '1000');
    dealIds.cancelled = await deal(builderUser, builder, tiles.id, '500');
    await post(builderUser, `/deals/${dealIds.cancelled}/cancel`).expect(200);
    to = (await db.query(`SELECT to_char(now() AT TIME ZONE 'Asia/Phnom_Penh', 'YYYY-MM-DD') AS today`))[0].today;
  });

  afterAll(() => t.close());

  it('adds own costs and an off-Psar sale, amounts typed in Khmer digits too', async () => {
    const husk = await post(kilnUser, `/organizations/${kiln.id}/ledger-entries`, {
      kind: 'cost',
      date: '2026-11-05',
      description: 'អង្កាមសម្រាប់ឡ ២ រទេះ',
      amount: { amount: '៣០០០០០', currency: 'KHR' },
      productCode: 'clay_roof_tile',
    }).expect(201);
    expect(husk.body).toMatchObject({
      source: 'own',
      kind: 'cost',
      date: '2026-11-05',
      description: 'អង្កាមសម្រាប់ឡ ២ រទេះ',
      productCode: 'clay_roof_tile',
      amount: { amount: '300000', currency: 'KHR' },
      amountKhr: '300000',
      counterpart: { organizationId: null, name: null },
    });
    const labour = await post(kilnUser, `/organizations/${kiln.id}/ledger-entries`, { kind: 'cost', date: to, description: 'Labour, two days', amount: { amount: '50.00', currency: 'USD' } }).expect(201);
    expect(labour.body).toMatchObject({ amount: { amount: '50.00', currency: 'USD' }, amountKhr: '205000', productCode: null });
    await post(kilnUser, `/organizations/${kiln.id}/ledger-entries`, {
      kind: 'sale',
      date: '2026-11-20',
      description: 'Tiles sold at Prey Veng market',
      amount: { amount: '650000', currency: 'KHR' },
      productCode: 'clay_roof_tile',
      counterpart: 'Mrs Srey',
    }).expect(201);
    // One entered by mistake, then removed.
    const mistake = await post(kilnUser, `/organizations/${kiln.id}/ledger-entries`, { kind: 'cost', date: '2026-11-06', description: 'typo', amount: { amount: '1', currency: 'KHR' } }).expect(201);
    await t.http().delete(`/api/v1/organizations/${kiln.id}/ledger-entries/${mistake.body.id}`).set(...bearer(kilnUser.accessToken)).expect(204);
    expectProblem(await t.http().delete(`/api/v1/organizations/${kiln.id}/ledger-entries/${mistake.body.id}`).set(...bearer(kilnUser.accessToken)), 404);
  });

  it('totals the months, the margin per product and the best customers, as worked out by hand', async () => {
    const { body } = await get(kilnUser, `/organizations/${kiln.id}/ledger?from=${from}&to=${to}`).expect(200);
    expect(body).toMatchObject({ organizationId: kiln.id, from, to, khrPerUsd: '4100' });
    const months = Object.fromEntries((body.months as Array<{ month: string }>).map((m) => [m.month, m]));
    expect(months['2026-10']).toEqual({ month: '2026-10', sales: '6500000', purchases: '0', costs: '0', margin: '6500000' });
    expect(months['2026-11']).toEqual({ month: '2026-11', sales: '650000', purchases: '0', costs: '300000', margin: '350000' });
    expect(months[to.slice(0, 7)]).toEqual({ month: to.slice(0, 7), sales: '799500', purchases: '0', costs: '205000', margin: '594500' });
    expect(body.totals).toEqual({ sales: '7949500', purchases: '0', costs: '505000', margin: '7444500' });
    expect(body.products).toEqual([
      { productCode: 'clay_roof_tile', sales: '7150000', costs: '300000', margin: '6850000' },
      { productCode: 'clay_brick', sales: '799500', costs: '0', margin: '799500' },
      { productCode: null, sales: '0', costs: '205000', margin: '-205000' },
    ]);
    expect(body.bestCustomers).toEqual([
      { organizationId: builder.id, name: 'Mekong Builders', sales: '6500000', lines: 1 },
      { organizationId: trader.id, name: 'Neak Loeung Traders', sales: '799500', lines: 1 },
      { organizationId: null, name: 'Mrs Srey', sales: '650000', lines: 1 },
    ]);
    // Only delivered and completed deals; newest first.
    const deals = (body.lines as Array<{ source: string; id: string }>).filter((l) => l.source === 'deal').map((l) => l.id);
    expect(deals).toEqual([dealIds.today, dealIds.october]);
    expect(body.lines.find((l: { id: string }) => l.id === dealIds.today)).toMatchObject({
      kind: 'sale',
      counterpart: { organizationId: trader.id, name: 'Neak Loeung Traders' },
      productCode: 'clay_brick',
      quantity: '3900',
      unit: 'piece',
      amount: { amount: '195.00', currency: 'USD' },
      amountKhr: '799500',
    });
    // A period without them leaves them out.
    const november = (await get(kilnUser, `/organizations/${kiln.id}/ledger?from=2026-11-01&to=2026-11-30`).expect(200)).body;
    expect(november.totals).toEqual({ sales: '650000', purchases: '0', costs: '300000', margin: '350000' });
  });

  it("is the buyer's purchases ledger too", async () => {
    const { body } = await get(builderUser, `/organizations/${builder.id}/ledger?from=${from}&to=${to}`).expect(200);
    expect(body.totals).toEqual({ sales: '0', purchases: '6500000', costs: '0', margin: '-6500000' });
    expect(body.lines).toEqual([expect.objectContaining({ id: dealIds.october, kind: 'purchase', counterpart: { organizationId: kiln.id, name: 'Kampong Leav Kilns' } })]);
  });

  it('downloads as CSV with a row per line and the months', async () => {
    const res = await get(kilnUser, `/organizations/${kiln.id}/ledger.csv?from=${from}&to=${to}`).expect(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="ledger-${from}-${to}.csv"`);
    const lines = res.text.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('Date,Kind,Source,Counterpart,Product,Description,Quantity,Unit,Amount,Currency,Amount (KHR)');
    expect(lines).toContain('2026-11-20,sale,own,Mrs Srey,clay_roof_tile,Tiles sold at Prey Veng market,,,650000,KHR,650000');
    expect(lines).toContain('2026-10-15,sale,deal,Mekong Builders,clay_roof_tile,,10000,piece,6500000,KHR,6500000');
    expect(lines).toContain('Total,7949500,0,505000,7444500');
  });

  it('is private: another organization, or nobody signed in, sees and changes nothing', async () => {
    for (const path of [`/organizations/${kiln.id}/ledger`, `/organizations/${kiln.id}/ledger.csv`]) {
      expectProblem(await get(outsiderUser, path), 404);
      expectProblem(await get(builderUser, path), 404);
      expectProblem(await t.http().get(`/api/v1${path}`), 401);
    }
    expectProblem(await post(outsiderUser, `/organizations/${kiln.id}/ledger-entries`, { kind: 'cost', date: '2026-11-01', description: 'x', amount: { amount: '1', currency: 'KHR' } }), 404);
    const [{ id }] = await db.query(`SELECT id FROM ledger_entries WHERE organization_id = $1 LIMIT 1`, [kiln.id]);
    expectProblem(await t.http().delete(`/api/v1/organizations/${kiln.id}/ledger-entries/${id}`).set(...bearer(outsiderUser.accessToken)), 404);
    // Its own organization's id with the kiln's entry: still no.
    expectProblem(await t.http().delete(`/api/v1/organizations/${outsider.id}/ledger-entries/${id}`).set(...bearer(outsiderUser.accessToken)), 404);
    expect((await db.query('SELECT count(*)::int AS n FROM ledger_entries WHERE id = $1', [id]))[0].n).toBe(1);
  });

  it('answers bad input with 400 naming the field', async () => {
    const entry = (overrides: Record<string, unknown>) => ({ kind: 'cost', date: '2026-11-01', description: 'Clay', amount: { amount: '1000', currency: 'KHR' }, ...overrides });
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ kind: 'gift' }, 'kind'],
      [{ date: '2026-02-30' }, 'date'],
      [{ date: 'yesterday' }, 'date'],
      [{ description: '' }, 'description'],
      [{ description: 'x'.repeat(201) }, 'description'],
      [{ amount: { amount: '-5', currency: 'KHR' } }, 'amount.amount'],
      [{ amount: { amount: '0', currency: 'KHR' } }, 'amount.amount'],
      [{ amount: { amount: '12.50', currency: 'KHR' } }, 'amount.amount'],
      [{ amount: { amount: '5', currency: 'EUR' } }, 'amount.currency'],
      [{ amount: '5000' }, 'amount'],
      [{ productCode: 'no_such_product' }, 'productCode'],
      [{ counterpart: 'y'.repeat(201) }, 'counterpart'],
    ];
    for (const [overrides, field] of cases) expectProblem(await post(kilnUser, `/organizations/${kiln.id}/ledger-entries`, entry(overrides)), 400, field);
    expectProblem(await get(kilnUser, `/organizations/${kiln.id}/ledger?from=2026-12-01&to=2026-11-01`), 400, 'from');
    expectProblem(await get(kilnUser, `/organizations/${kiln.id}/ledger?from=2020-01-01&to=2026-11-01`), 400, 'from');
    expectProblem(await get(kilnUser, `/organizations/${kiln.id}/ledger?to=2026-13-01`), 400, 'to');
    expectProblem(await get(kilnUser, '/organizations/not-a-uuid/ledger'), 400);
  });
});

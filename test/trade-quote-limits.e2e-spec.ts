import { QuoteRequestsService } from '@psar/trade';
import { DataSource } from 'typeorm';
import { bearer, createOrganization, CreatedOrganization, registerUser, RegisteredUser } from './support/identity';
import { createDemand, createListing, daysFromNow } from './support/listings';
import { eventually, expectProblem } from './support/problem';
import { createTestApp, TestApp } from './support/test-app';

describe('trade: quote requests that close (quotesWanted, quotesUntil)', () => {
  let t: TestApp;
  let db: DataSource;
  let buyerUser: RegisteredUser;
  const sellerUsers: RegisteredUser[] = [];
  let buyer: CreatedOrganization;
  const sellers: CreatedOrganization[] = [];

  const post = (user: RegisteredUser, path: string, body: object = {}) => t.http().post(`/api/v1${path}`).set(...bearer(user.accessToken)).send(body);
  const quote = (i: number, demandId: string) =>
    post(sellerUsers[i]!, '/offers', {
      kind: 'quote',
      demandId,
      organizationId: sellers[i]!.id,
      deliverBy: daysFromNow(10),
      lines: [{ organizationId: sellers[i]!.id, quantity: '1000', unitPrice: { amount: '640', currency: 'KHR' } }],
    });
  const demandOf = async (id: string) => (await t.http().get(`/api/v1/demands/${id}`).expect(200)).body as { quotesWanted: number | null; quotesReceived: number; takesQuotes: boolean; quotesUntil: string | null };
  const closedNotices = async (demandId: string) =>
    ((await t.http().get('/api/v1/notifications?limit=100').set(...bearer(buyerUser.accessToken)).expect(200)).body.items as Array<{ kind: string; title: string; data: { demandId?: string } }>).filter(
      (n) => n.kind === 'demand.quotes_closed' && n.data.demandId === demandId,
    );

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    buyerUser = await registerUser(t.http);
    buyer = await createOrganization(t.http, buyerUser.accessToken, { name: 'Mekong Builders', capabilities: ['buy'], provinceCode: 'KH-12' });
    for (const name of ['Kampong Leav Kilns', 'Peam Ro Tiles', 'Ba Phnum Bricks']) {
      const user = await registerUser(t.http);
      sellerUsers.push(user);
      sellers.push(await createOrganization(t.http, user.accessToken, { name }));
    }
  });

  afterAll(() => t.close());

  it('a demand with quotesWanted: 2 refuses the third quote, and the buyer is told; counter-offers are no new quotes', async () => {
    const demand = await createDemand(t.http, buyerUser.accessToken, buyer.id, { quotesWanted: 2 });
    expect(await demandOf(demand.id)).toMatchObject({ quotesWanted: 2, quotesReceived: 0, takesQuotes: true, quotesUntil: null });

    const first = (await quote(0, demand.id).expect(201)).body;
    // The buyer haggles over the first quote: still one quote received.
    await post(buyerUser, `/offers/${first.id}/counter`, { unitPrice: { amount: '600', currency: 'KHR' } }).expect(201);
    expect(await demandOf(demand.id)).toMatchObject({ quotesReceived: 1, takesQuotes: true });

    await quote(1, demand.id).expect(201);
    expect(await demandOf(demand.id)).toMatchObject({ quotesWanted: 2, quotesReceived: 2, takesQuotes: false });
    const third = await quote(2, demand.id);
    expectProblem(third, 409);
    expect(third.body.type).toMatch(/quotes-closed$/);
    expect(await demandOf(demand.id)).toMatchObject({ quotesReceived: 2 });

    await eventually(async () => {
      const notices = await closedNotices(demand.id);
      expect(notices).toHaveLength(1);
      expect(notices[0]!.title).toContain('2 quotes');
    }, 20_000);

    // The buyer wants one more: quotes reopen, up to the new limit; it cannot go below what was received.
    expectProblem(await t.http().patch(`/api/v1/demands/${demand.id}`).set(...bearer(buyerUser.accessToken)).send({ quotesWanted: 1 }), 400, 'quotesWanted');
    await t.http().patch(`/api/v1/demands/${demand.id}`).set(...bearer(buyerUser.accessToken)).send({ quotesWanted: 3 }).expect(200);
    expect(await demandOf(demand.id)).toMatchObject({ quotesWanted: 3, quotesReceived: 2, takesQuotes: true });
    await quote(2, demand.id).expect(201);
    expectProblem(await quote(0, demand.id), 409);
  });

  it('50 quotes at once on a demand with quotesWanted: 2: exactly 2 are taken', async () => {
    const demand = await createDemand(t.http, buyerUser.accessToken, buyer.id, { quotesWanted: 2 });
    const listing = await createListing(t.http, sellerUsers[0]!.accessToken, sellers[0]!.id);
    const leads = async () =>
      ((await t.http().get(`/api/v1/listings/${listing.id}/matches`).set(...bearer(sellerUsers[0]!.accessToken)).expect(200)).body.items as Array<{ demandId?: string; demand?: { id: string } }>).map(
        (m) => m.demandId ?? m.demand?.id,
      );
    expect(await leads()).toContain(demand.id);
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => quote(i % 3, demand.id)));
    expect(answers.filter((r) => r.status === 201)).toHaveLength(2);
    for (const r of answers.filter((a) => a.status !== 201)) expectProblem(r, 409);
    const [{ n }] = (await db.query(`SELECT count(*)::int AS n FROM offers WHERE demand_id = $1`, [demand.id])) as Array<{ n: number }>;
    expect(n).toBe(2);
    expect(await demandOf(demand.id)).toMatchObject({ quotesReceived: 2, takesQuotes: false });
    await eventually(async () => expect(await closedNotices(demand.id)).toHaveLength(1), 20_000);
    // A request that takes no more quotes is no lead for a seller any more.
    expect(await leads()).not.toContain(demand.id);
  });

  it('past quotesUntil no quote is taken; the closing job tells the buyer once, even run twice at once', async () => {
    const demand = await createDemand(t.http, buyerUser.accessToken, buyer.id, { quotesUntil: daysFromNow(2) });
    await quote(0, demand.id).expect(201);
    expect(await demandOf(demand.id)).toMatchObject({ quotesWanted: null, quotesReceived: 1, takesQuotes: true });

    await db.query(`UPDATE demands SET quotes_until = now() - interval '1 minute' WHERE id = $1`, [demand.id]);
    expectProblem(await quote(1, demand.id), 409);
    expect(await demandOf(demand.id)).toMatchObject({ quotesReceived: 1, takesQuotes: false });

    const service = t.app.get(QuoteRequestsService);
    const runs = await Promise.all([service.closeDue(), service.closeDue()]);
    expect(runs.reduce((a, b) => a + b, 0)).toBe(1);
    expect(await service.closeDue()).toBe(0);
    await eventually(async () => {
      const notices = await closedNotices(demand.id);
      expect(notices).toHaveLength(1);
      expect(notices[0]!.title).toContain('1 quote;');
    }, 20_000);
  });

  it('bad limits are 400 problem+json naming the field', async () => {
    const body = {
      organizationId: buyer.id,
      productCode: 'clay_roof_tile',
      quantity: '5000',
      unit: 'piece',
      deliveryProvinceCode: 'KH-12',
      neededBy: daysFromNow(30),
    };
    const create = (extra: object) => post(buyerUser, '/demands', { ...body, ...extra });
    expectProblem(await create({ quotesWanted: 0 }), 400, 'quotesWanted');
    expectProblem(await create({ quotesWanted: 2.5 }), 400, 'quotesWanted');
    expectProblem(await create({ quotesWanted: 'ten' }), 400, 'quotesWanted');
    expectProblem(await create({ quotesWanted: 1001 }), 400, 'quotesWanted');
    expectProblem(await create({ quotesUntil: 'next week' }), 400, 'quotesUntil');
    expectProblem(await create({ quotesUntil: daysFromNow(-1) }), 400, 'quotesUntil');
    const demand = (await create({ quotesWanted: 10, quotesUntil: daysFromNow(5) }).expect(201)).body;
    expect(demand).toMatchObject({ quotesWanted: 10, quotesReceived: 0, takesQuotes: true });
    const patch = (extra: object) => t.http().patch(`/api/v1/demands/${demand.id}`).set(...bearer(buyerUser.accessToken)).send(extra);
    expectProblem(await patch({ quotesWanted: -1 }), 400, 'quotesWanted');
    expectProblem(await patch({ quotesUntil: daysFromNow(-1) }), 400, 'quotesUntil');
    expect((await patch({ quotesWanted: null, quotesUntil: null }).expect(200)).body).toMatchObject({ quotesWanted: null, quotesUntil: null, takesQuotes: true });
  });
});

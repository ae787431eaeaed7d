import { DataSource } from 'typeorm';
import { bearer, createOrganization, CreatedOrganization, registerUser, RegisteredUser } from './support/identity';
import { createDemand, createListing, CreatedListing, daysFromNow } from './support/listings';
import { eventually, expectProblem } from './support/problem';
import { createTestApp, TestApp } from './support/test-app';

/** Issue 18 item 2: on a cooperative's quote, each member firm sees and delivers its own line, and nothing of the others' prices. */
describe("trade: a cooperative's member firms and their own lines of its deal", () => {
  let t: TestApp;
  let db: DataSource;
  let buyerUser: RegisteredUser;
  let coopUser: RegisteredUser;
  let aUser: RegisteredUser;
  let bUser: RegisteredUser;
  let outsiderUser: RegisteredUser;
  let buyer: CreatedOrganization;
  let coop: CreatedOrganization;
  let a: CreatedOrganization;
  let b: CreatedOrganization;
  let aListing: CreatedListing;
  let bListing: CreatedListing;

  const as = (user: RegisteredUser) => bearer(user.accessToken);
  const post = (user: RegisteredUser, path: string, body: object = {}) => t.http().post(`/api/v1${path}`).set(...as(user)).send(body);
  const get = (user: RegisteredUser, path: string) => t.http().get(`/api/v1${path}`).set(...as(user));
  const feed = async (user: RegisteredUser) =>
    (await get(user, '/notifications?limit=100').expect(200)).body.items as Array<{ kind: string; data: Record<string, unknown> }>;
  const remaining = async (listingId: string) => ((await db.query('SELECT quantity_remaining::text AS q FROM listings WHERE id = $1', [listingId]))[0] as { q: string }).q;

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    [buyerUser, coopUser, aUser, bUser, outsiderUser] = await Promise.all([1, 2, 3, 4, 5].map(() => registerUser(t.http)));
    buyer = await createOrganization(t.http, buyerUser.accessToken, { name: 'Mekong Builders', capabilities: ['buy'], provinceCode: 'KH-12' });
    coop = await createOrganization(t.http, coopUser.accessToken, { name: 'Prey Veng Tile Cooperative', kind: 'cooperative' });
    a = await createOrganization(t.http, aUser.accessToken, { name: 'Peam Ro Tiles' });
    b = await createOrganization(t.http, bUser.accessToken, { name: 'Ba Phnom Kiln' });
    await createOrganization(t.http, outsiderUser.accessToken, { name: 'Outsider Traders', capabilities: ['buy', 'sell'] });
    for (const [user, org] of [
      [aUser, a],
      [bUser, b],
    ] as const) {
      await post(user, `/organizations/${coop.id}/member-organizations`, { organizationId: org.id }).expect(201);
      await post(coopUser, `/organizations/${coop.id}/member-organizations/${org.id}/approve`).expect(200);
    }
    aListing = await createListing(t.http, aUser.accessToken, a.id, { quantity: '4000' });
    bListing = await createListing(t.http, bUser.accessToken, b.id, { quantity: '3000' });
  });

  afterAll(() => t.close());

  it('each member sees and marks only its own line; the last mark delivers the deal; the cooperative sees all lines throughout', async () => {
    const demand = await createDemand(t.http, buyerUser.accessToken, buyer.id, { quantity: '5000' });
    const quote = await post(coopUser, '/offers', {
      kind: 'quote',
      demandId: demand.id,
      organizationId: coop.id,
      deliverBy: daysFromNow(10),
      lines: [
        { listingId: aListing.id, organizationId: a.id, quantity: '3000', unitPrice: { amount: '641', currency: 'KHR' } },
        { listingId: bListing.id, organizationId: b.id, quantity: '2000', unitPrice: { amount: '777', currency: 'KHR' } },
      ],
    }).expect(201);
    // The quote: each member firm sees its own line of it, the buyer and the cooperative all of it.
    expect(quote.body).toMatchObject({ ownLinesOnly: false });
    expect((await get(buyerUser, `/offers/${quote.body.id}`).expect(200)).body.lines).toHaveLength(2);
    const offerSeenByA = (await get(aUser, `/offers/${quote.body.id}`).expect(200)).body;
    expect(offerSeenByA).toMatchObject({ ownLinesOnly: true, quantity: '3000', deliverBy: expect.any(String), lines: [expect.objectContaining({ organizationId: a.id, quantity: '3000' })] });
    for (const leak of ['777.00', '"2000"', b.id, bListing.id]) expect(JSON.stringify(offerSeenByA)).not.toContain(leak);
    const offersListedByB = (await get(bUser, '/offers').expect(200)).body.items as Array<{ id: string; ownLinesOnly: boolean }>;
    expect(offersListedByB.map((o) => [o.id, o.ownLinesOnly])).toEqual([[quote.body.id, true]]);
    expect(JSON.stringify(offersListedByB)).not.toContain('641.00');
    expectProblem(await get(outsiderUser, `/offers/${quote.body.id}`), 404);
    // Seeing is not answering: a member firm cannot accept the cooperative's quote.
    expectProblem(await post(aUser, `/offers/${quote.body.id}/accept`), 404);

    const dealId = (await post(buyerUser, `/offers/${quote.body.id}/accept`).expect(200)).body.dealId as string;

    // Each member firm is told of its own line when the deal is agreed, nothing of the other's.
    await eventually(async () => {
      expect((await feed(aUser)).filter((n) => n.kind === 'deal.line_agreed').map((n) => n.data)).toEqual([{ dealId, lineNo: 1, provinceCode: expect.any(String) }]);
      expect((await feed(bUser)).filter((n) => n.kind === 'deal.line_agreed').map((n) => n.data)).toEqual([{ dealId, lineNo: 2, provinceCode: expect.any(String) }]);
    });
    for (const n of await feed(aUser)) expect(JSON.stringify(n)).not.toContain('"2000"');

    // The cooperative's managers see every line.
    const full = (await get(coopUser, `/deals/${dealId}`).expect(200)).body;
    expect(full).toMatchObject({ role: 'seller', quantity: '5000', agreedTotals: [{ amount: '3477000.00', currency: 'KHR' }] });
    expect(full.lines).toHaveLength(2);

    // Member A: its line only, nothing of B's price or quantity anywhere in the body.
    const seenByA = await get(aUser, `/deals/${dealId}`).expect(200);
    expect(seenByA.body).toMatchObject({
      role: 'supplier',
      quantity: '3000',
      deliverBy: expect.any(String),
      provinceCode: expect.any(String),
      buyerOrganizationId: buyer.id,
      agreedTotals: [{ amount: '1923000.00', currency: 'KHR' }],
      markableLines: [1],
      actions: [],
    });
    expect(seenByA.body.lines).toEqual([expect.objectContaining({ lineNo: 1, organizationId: a.id, quantity: '3000', unitPrice: { amount: '641.00', currency: 'KHR' } })]);
    for (const leak of ['777.00', '"2000"', '3477000.00', '1554000.00', b.id, bListing.id]) expect(JSON.stringify(seenByA.body)).not.toContain(leak);
    const seenByB = await get(bUser, `/deals/${dealId}`).expect(200);
    expect(seenByB.body.lines).toEqual([expect.objectContaining({ lineNo: 2, organizationId: b.id, quantity: '2000' })]);
    for (const leak of ['641.00', '"3000"', '3477000.00', '1923000.00', a.id, aListing.id]) expect(JSON.stringify(seenByB.body)).not.toContain(leak);
    // Lists: the member's deals include the one it supplies, cut the same way.
    const listedByA = (await get(aUser, '/deals').expect(200)).body.items as Array<{ id: string; role: string; lines: unknown[] }>;
    expect(listedByA.map((d) => [d.id, d.role, d.lines.length])).toEqual([[dealId, 'supplier', 1]]);
    expect(JSON.stringify(listedByA)).not.toContain('777.00');

    // An outsider sees nothing and marks nothing.
    expectProblem(await get(outsiderUser, `/deals/${dealId}`), 404);
    expect((await get(outsiderUser, '/deals').expect(200)).body.items).toEqual([]);
    expectProblem(await post(outsiderUser, `/deals/${dealId}/lines/1/deliver`), 404);
    // A cannot mark B's line (404), the buyer cannot mark a line (403), nor can A deliver the whole deal.
    expectProblem(await post(aUser, `/deals/${dealId}/lines/2/deliver`), 404);
    expectProblem(await post(buyerUser, `/deals/${dealId}/lines/1/deliver`), 403);
    expectProblem(await post(aUser, `/deals/${dealId}/deliver`), 404);
    expectProblem(await post(aUser, `/deals/${dealId}/lines/abc/deliver`), 400, 'lineNo');
    // The delivery tolerance of the deal-level deliver applies to a line.
    expectProblem(await post(aUser, `/deals/${dealId}/lines/1/deliver`, { deliveredQuantity: '1000' }), 400, 'deliveredQuantity');

    // Two marks of the same line at once act once.
    const twice = await Promise.all([1, 2].map(() => post(aUser, `/deals/${dealId}/lines/1/deliver`, { deliveredQuantity: '2950' })));
    expect(twice.map((r) => r.status).sort()).toEqual([200, 409]);
    const afterA = twice.find((r) => r.status === 200)!.body;
    expect(afterA).toMatchObject({ status: 'agreed', markableLines: [] });
    expect(afterA.lines).toEqual([expect.objectContaining({ lineNo: 1, markedQuantity: '2950', markedAt: expect.any(String) })]);
    // The cooperative is told, once; the buyer is not told of a line.
    await eventually(async () => {
      const marks = (await feed(coopUser)).filter((n) => n.kind === 'deal.line_marked');
      expect(marks.map((n) => n.data)).toEqual([{ dealId, lineNo: 1 }]);
    });
    expect((await feed(buyerUser)).some((n) => n.kind === 'deal.delivered' || n.kind === 'deal.line_marked')).toBe(false);
    expect((await get(coopUser, `/deals/${dealId}`).expect(200)).body.lines.map((l: { markedQuantity: string | null }) => l.markedQuantity)).toEqual(['2950', null]);

    // B marks its line: every line is marked, the deal is delivered with the marked quantities.
    const afterB = (await post(bUser, `/deals/${dealId}/lines/2/deliver`, { deliveredQuantity: '1990' }).expect(200)).body;
    expect(afterB).toMatchObject({ status: 'delivered', role: 'supplier', quantity: '2000', deliveredQuantity: '1990' });
    expect(JSON.stringify(afterB)).not.toContain('641.00');
    expectProblem(await post(bUser, `/deals/${dealId}/lines/2/deliver`), 409);
    const delivered = (await get(coopUser, `/deals/${dealId}`).expect(200)).body;
    expect(delivered).toMatchObject({ status: 'delivered', deliveredQuantity: '4940', totals: [{ amount: (2950 * 641 + 1990 * 777).toFixed(2), currency: 'KHR' }] });
    // What was not delivered (50 of A's, 10 of B's) went back to each listing, once.
    expect(await remaining(aListing.id)).toBe('1050.000');
    expect(await remaining(bListing.id)).toBe('1010.000');
    await eventually(async () => expect((await feed(buyerUser)).filter((n) => n.kind === 'deal.delivered')).toHaveLength(1));

    const completed = (await post(buyerUser, `/deals/${dealId}/confirm`).expect(200)).body;
    expect(completed.status).toBe('completed');
    expect((await get(aUser, `/deals/${dealId}`).expect(200)).body).toMatchObject({ status: 'completed', role: 'supplier', lines: [expect.objectContaining({ lineNo: 1, deliveredQuantity: '2950' })] });
    expect((await get(coopUser, `/deals/${dealId}`).expect(200)).body.lines).toHaveLength(2);
  });

  it("the cooperative may still deliver the whole deal itself, a member's marked quantity kept", async () => {
    const demand = await createDemand(t.http, buyerUser.accessToken, buyer.id, { quantity: '200' });
    const quote = await post(coopUser, '/offers', {
      kind: 'quote',
      demandId: demand.id,
      organizationId: coop.id,
      deliverBy: daysFromNow(10),
      lines: [
        { listingId: aListing.id, organizationId: a.id, quantity: '100', unitPrice: { amount: '600', currency: 'KHR' } },
        { listingId: bListing.id, organizationId: b.id, quantity: '100', unitPrice: { amount: '600', currency: 'KHR' } },
      ],
    }).expect(201);
    const dealId = (await post(buyerUser, `/offers/${quote.body.id}/accept`).expect(200)).body.dealId as string;
    await post(aUser, `/deals/${dealId}/lines/1/deliver`, { deliveredQuantity: '95' }).expect(200);
    const delivered = (await post(coopUser, `/deals/${dealId}/deliver`).expect(200)).body;
    expect(delivered.lines.map((l: { deliveredQuantity: string }) => l.deliveredQuantity)).toEqual(['95', '100']);
    expectProblem(await post(bUser, `/deals/${dealId}/lines/2/deliver`), 409);
  });
});

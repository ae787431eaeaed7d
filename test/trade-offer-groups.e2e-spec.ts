import { DataSource } from 'typeorm';
import { bearer, createOrganization, CreatedOrganization, registerUser, RegisteredUser } from './support/identity';
import { createDemand, createListing, CreatedListing } from './support/listings';
import { expectProblem } from './support/problem';
import { createTestApp, TestApp } from './support/test-app';

interface Match {
  kind: 'single' | 'pooled';
  listings: Array<{ listingId: string; organizationId: string; quantity: string }>;
}
interface GroupOffer {
  id: string;
  status: string;
  listingId: string;
  sellerOrganizationId: string;
  quantity: string;
  groupId: string;
  dealId: string | null;
}

describe('trade: pooled orders (offer groups)', () => {
  let t: TestApp;
  let db: DataSource;
  let buyerUser: RegisteredUser;
  let outsiderUser: RegisteredUser;
  let buyer: CreatedOrganization;
  const producerUsers: RegisteredUser[] = [];
  const producers: CreatedOrganization[] = [];

  const as = (user: RegisteredUser) => bearer(user.accessToken);
  const post = (user: RegisteredUser, path: string, body: object = {}) => t.http().post(`/api/v1${path}`).set(...as(user)).send(body);
  const get = (user: RegisteredUser, path: string) => t.http().get(`/api/v1${path}`).set(...as(user));
  const remaining = async (listingId: string) =>
    ((await db.query('SELECT quantity_remaining::text AS q FROM listings WHERE id = $1', [listingId]))[0] as { q: string }).q;
  const userOf = (organizationId: string) => producerUsers[producers.findIndex((p) => p.id === organizationId)]!;
  const list = (i: number, overrides: Record<string, unknown>) => createListing(t.http, producerUsers[i]!.accessToken, producers[i]!.id, overrides);

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    [buyerUser, outsiderUser] = await Promise.all([registerUser(t.http), registerUser(t.http)]);
    buyer = await createOrganization(t.http, buyerUser.accessToken, { name: 'Mekong Builders', capabilities: ['buy', 'sell'], provinceCode: 'KH-12' });
    await createOrganization(t.http, outsiderUser.accessToken, { name: 'Outsider Traders', capabilities: ['buy', 'sell'] });
    for (let i = 0; i < 5; i++) {
      producerUsers.push(await registerUser(t.http));
      producers.push(await createOrganization(t.http, producerUsers[i]!.accessToken, { name: `Kiln ${i}` }));
    }
  });

  afterAll(() => t.close());

  it('a pooled order to three producers: each sees only its own offer, two accept, one declines, the buyer replaces it from the match', async () => {
    const brick = { productCode: 'clay_brick', qualityGrade: 'A' };
    for (const [i, price] of [[0, '300'], [1, '310'], [2, '320'], [3, '380']] as const) {
      await list(i, { ...brick, title: 'Fired clay bricks', quantity: '15000', price: { amount: price, currency: 'KHR' } });
    }
    const demand = await createDemand(t.http, buyerUser.accessToken, buyer.id, { ...brick, quantity: '40000', maxPrice: { amount: '500', currency: 'KHR' } });
    const matches = (await get(buyerUser, `/demands/${demand.id}/matches`).expect(200)).body.items as Match[];
    const pooled = matches.find((m) => m.kind === 'pooled')!;
    expect(pooled.listings).toHaveLength(3);

    const created = await post(buyerUser, '/offer-groups', {
      demandId: demand.id,
      organizationId: buyer.id,
      lines: pooled.listings.map((l) => ({ listingId: l.listingId, quantity: l.quantity })),
    }).expect(201);
    const group = created.body as { id: string; offers: GroupOffer[]; progress: Record<string, string>; status: string };
    expect(group.status).toBe('open');
    expect(group.offers).toHaveLength(3);
    expect(new Set(group.offers.map((o) => o.sellerOrganizationId))).toEqual(new Set(pooled.listings.map((l) => l.organizationId)));
    expect(group.offers.every((o) => o.status === 'pending' && o.groupId === group.id)).toBe(true);
    expect(group.progress).toMatchObject({ quantityTarget: '40000', quantityAccepted: '0', quantityPending: '40000', quantityUncovered: '0' });

    // Each producer sees and answers only its own offer, never another's, nor the group.
    const [a, b, c] = group.offers as [GroupOffer, GroupOffer, GroupOffer];
    for (const own of group.offers) {
      const producer = userOf(own.sellerOrganizationId);
      expect((await get(producer, `/offers/${own.id}`).expect(200)).body).toMatchObject({ id: own.id, groupId: group.id });
      for (const other of group.offers.filter((o) => o.id !== own.id)) expectProblem(await get(producer, `/offers/${other.id}`), 404);
      const listed = (await get(producer, '/offers?limit=100').expect(200)).body.items as Array<{ id: string }>;
      expect(listed.map((o) => o.id).filter((id) => group.offers.some((o) => o.id === id))).toEqual([own.id]);
      expectProblem(await get(producer, `/offer-groups/${group.id}`), 404);
      expectProblem(await post(userOf(own.sellerOrganizationId), `/offers/${group.offers.find((o) => o.id !== own.id)!.id}/accept`), 404);
    }

    const before = { a: await remaining(a.listingId), b: await remaining(b.listingId) };
    await post(userOf(a.sellerOrganizationId), `/offers/${a.id}/accept`).expect(200);
    await post(userOf(b.sellerOrganizationId), `/offers/${b.id}/accept`).expect(200);
    await post(userOf(c.sellerOrganizationId), `/offers/${c.id}/reject`).expect(200);
    // Reservations per acceptance, as for any order.
    expect(Number(before.a) - Number(await remaining(a.listingId))).toBe(Number(a.quantity));
    expect(Number(before.b) - Number(await remaining(b.listingId))).toBe(Number(b.quantity));

    const progress = (await get(buyerUser, `/offer-groups/${group.id}`).expect(200)).body;
    const statusOf = (id: string) => (progress.offers as GroupOffer[]).find((o) => o.id === id)!.status;
    expect([statusOf(a.id), statusOf(b.id), statusOf(c.id)]).toEqual(['accepted', 'accepted', 'rejected']);
    const accepted = Number(a.quantity) + Number(b.quantity);
    expect(progress.progress).toEqual({
      quantityTarget: '40000',
      quantityAccepted: String(accepted),
      quantityPending: '0',
      quantityDeclined: c.quantity,
      quantityUncovered: String(40000 - accepted),
    });

    // The next-best producer from the match: a listing of the demand's matches not yet in the group.
    const again = (await get(buyerUser, `/demands/${demand.id}/matches`).expect(200)).body.items as Match[];
    const inGroup = new Set(group.offers.map((o) => o.listingId));
    const next = again.flatMap((m) => m.listings).find((l) => !inGroup.has(l.listingId))!;
    expect(next).toBeDefined();
    const uncovered = progress.progress.quantityUncovered as string;
    // The declined listing may not be taken twice in one request, nor an accepted one again.
    expectProblem(await post(buyerUser, `/offer-groups/${group.id}/lines`, { listingId: a.listingId, quantity: uncovered }), 400, 'listingId');
    const replaced = (await post(buyerUser, `/offer-groups/${group.id}/lines`, { listingId: next.listingId, quantity: uncovered }).expect(201)).body;
    expect(replaced.offers).toHaveLength(4);
    expect(replaced.progress).toMatchObject({ quantityPending: uncovered, quantityUncovered: '0' });
    const newOffer = (replaced.offers as GroupOffer[]).find((o) => o.listingId === next.listingId)!;
    const nextUser = userOf(next.organizationId);
    await post(nextUser, `/offers/${newOffer.id}/accept`).expect(200);
    const done = (await get(buyerUser, `/offer-groups/${group.id}`).expect(200)).body;
    expect(done.progress).toMatchObject({ quantityAccepted: '40000', quantityUncovered: '0' });
    // Three deals: the demand is covered and fulfilled.
    expect((await get(buyerUser, `/demands/${demand.id}`).expect(200)).body.status).toBe('fulfilled');
    expect((done.offers as GroupOffer[]).filter((o) => o.dealId).length).toBe(3);
  });

  it('cancel the rest: pending offers are withdrawn, an accepted one stays a deal, nothing more can be added', async () => {
    const ls: CreatedListing[] = [];
    for (const i of [0, 1, 2]) ls.push(await list(i, { quantity: '5000' }));
    const group = (
      await post(buyerUser, '/offer-groups', { organizationId: buyer.id, lines: ls.map((l) => ({ listingId: l.id, quantity: '4000', unitPrice: { amount: '600', currency: 'KHR' } })) }).expect(201)
    ).body as { id: string; offers: GroupOffer[] };
    expect((await get(buyerUser, `/offer-groups/${group.id}`).expect(200)).body.progress).toMatchObject({ quantityTarget: '12000', quantityPending: '12000' });
    const [first, second] = group.offers as [GroupOffer, GroupOffer];
    const accepted = (await post(userOf(first.sellerOrganizationId), `/offers/${first.id}/accept`).expect(200)).body;
    const cancelled = (await post(buyerUser, `/offer-groups/${group.id}/cancel`).expect(200)).body;
    expect(cancelled.status).toBe('cancelled');
    expect((cancelled.offers as GroupOffer[]).map((o) => o.status)).toEqual(['accepted', 'withdrawn', 'withdrawn']);
    expect(cancelled.progress).toMatchObject({ quantityAccepted: '4000', quantityPending: '0', quantityDeclined: '8000', quantityUncovered: '8000' });
    expect((await get(buyerUser, `/deals/${accepted.dealId}`).expect(200)).body.status).toBe('agreed');
    expectProblem(await post(userOf(second.sellerOrganizationId), `/offers/${second.id}/accept`), 409);
    expect(Number(await remaining(ls[1]!.id))).toBe(5000);
    expectProblem(await post(buyerUser, `/offer-groups/${group.id}/lines`, { listingId: (await list(3, { quantity: '5000' })).id, quantity: '1000' }), 409);
    // Cancelling again changes nothing.
    expect((await post(buyerUser, `/offer-groups/${group.id}/cancel`).expect(200)).body.cancelledAt).toBe(cancelled.cancelledAt);
  });

  it("a producer's counter-offer stays in the group, on its line, and the buyer sees it as the line's current offer", async () => {
    const ls = [await list(0, { quantity: '1000' }), await list(1, { quantity: '1000' })];
    const group = (await post(buyerUser, '/offer-groups', { organizationId: buyer.id, lines: ls.map((l) => ({ listingId: l.id, quantity: '500' })) }).expect(201)).body;
    const [first, second] = group.offers as [GroupOffer & { groupLineNo: number }, GroupOffer & { groupLineNo: number }];
    expect([first.listingId, second.listingId, first.groupLineNo, second.groupLineNo]).toEqual([ls[0]!.id, ls[1]!.id, 1, 2]);
    const counter = (await post(userOf(first.sellerOrganizationId), `/offers/${first.id}/counter`, { quantity: '400' }).expect(201)).body;
    expect(counter).toMatchObject({ groupId: group.id, groupLineNo: 1 });
    const shown = (await get(buyerUser, `/offer-groups/${group.id}`).expect(200)).body;
    expect((shown.offers as GroupOffer[]).map((o) => [o.id, o.status])).toEqual([[counter.id, 'pending'], [second.id, 'pending']]);
    expect(shown.progress).toMatchObject({ quantityTarget: '1000', quantityPending: '900', quantityUncovered: '100' });
  });

  it("another organization's token gets 404 on the group, its lines and its cancel", async () => {
    const l = await list(0, { quantity: '1000' });
    const group = (await post(buyerUser, '/offer-groups', { organizationId: buyer.id, lines: [{ listingId: l.id, quantity: '100' }] }).expect(201)).body;
    expectProblem(await get(outsiderUser, `/offer-groups/${group.id}`), 404);
    expectProblem(await post(outsiderUser, `/offer-groups/${group.id}/cancel`), 404);
    expectProblem(await post(outsiderUser, `/offer-groups/${group.id}/lines`, { listingId: (await list(1, { quantity: '1000' })).id, quantity: '100' }), 404);
    expectProblem(await get(outsiderUser, `/offer-groups/00000000-0000-4000-8000-000000000000`), 404);
    expectProblem(await get(outsiderUser, `/offer-groups/nope`), 400);
    expect((await get(buyerUser, `/offer-groups/${group.id}`).expect(200)).body.status).toBe('open');
    // The outsider cannot order for the buyer either.
    expectProblem(await post(outsiderUser, '/offer-groups', { organizationId: buyer.id, lines: [{ listingId: l.id, quantity: '100' }] }), 403);
  });

  it('bad bodies are 400 problem+json naming the field, and nothing is written', async () => {
    const tile = await list(0, { quantity: '1000', minOrderQuantity: '50' });
    const other = await list(1, { quantity: '1000' });
    const honey = await list(2, { productCode: 'farmed_honey', unit: 'litre', quantity: '100' });
    const own = await createListing(t.http, buyerUser.accessToken, buyer.id, { quantity: '1000' });
    const paused = await list(3, { quantity: '1000' });
    await t.http().patch(`/api/v1/listings/${paused.id}`).set(...as(producerUsers[3]!)).send({ status: 'paused' }).expect(200);
    const otherDemand = await createDemand(t.http, outsiderUser.accessToken, (await createOrganization(t.http, outsiderUser.accessToken, { capabilities: ['buy'] })).id);
    const honeyDemand = await createDemand(t.http, buyerUser.accessToken, buyer.id, { productCode: 'farmed_honey', unit: 'litre', quantity: '100' });
    const line = (listingId: string, quantity = '100') => ({ listingId, quantity });
    const body = (lines: object[], extra: object = {}) => ({ organizationId: buyer.id, lines, ...extra });
    const count = async () => ((await db.query('SELECT count(*)::int AS n FROM offer_groups'))[0] as { n: number }).n;
    const offersBefore = ((await db.query('SELECT count(*)::int AS n FROM offers'))[0] as { n: number }).n;
    const before = await count();

    expectProblem(await post(buyerUser, '/offer-groups', body([])), 400, 'lines');
    expectProblem(await post(buyerUser, '/offer-groups', { organizationId: buyer.id }), 400, 'lines');
    expectProblem(await post(buyerUser, '/offer-groups', body(Array.from({ length: 21 }, () => line(tile.id)))), 400, 'lines');
    expectProblem(await post(buyerUser, '/offer-groups', body([line(tile.id), line(tile.id)])), 400, 'lines[1].listingId');
    expectProblem(await post(buyerUser, '/offer-groups', body([line(tile.id), line('nope')])), 400, 'lines[1].listingId');
    expectProblem(await post(buyerUser, '/offer-groups', body([line(tile.id), line('00000000-0000-4000-8000-000000000000')])), 400, 'lines[1].listingId');
    expectProblem(await post(buyerUser, '/offer-groups', body([line(tile.id), line(honey.id)])), 400, 'lines[1].listingId');
    expectProblem(await post(buyerUser, '/offer-groups', body([line(tile.id), line(own.id)])), 400, 'lines[1].listingId');
    expectProblem(await post(buyerUser, '/offer-groups', body([line(tile.id), line(paused.id)])), 400, 'lines[1].listingId');
    expectProblem(await post(buyerUser, '/offer-groups', body([line(tile.id), line(other.id)], { demandId: honeyDemand.id })), 400, 'lines[0].listingId');
    expectProblem(await post(buyerUser, '/offer-groups', body([line(tile.id)], { demandId: otherDemand.id })), 400, 'demandId');
    expectProblem(await post(buyerUser, '/offer-groups', body([line(tile.id)], { demandId: 'x' })), 400, 'demandId');
    expectProblem(await post(buyerUser, '/offer-groups', body([line(other.id), line(tile.id, '10')])), 400, 'lines[1].quantity');
    expectProblem(await post(buyerUser, '/offer-groups', body([line(other.id), line(tile.id, '10.5')])), 400, 'lines[1].quantity');
    expectProblem(await post(buyerUser, '/offer-groups', body([line(other.id), line(tile.id, 'many')])), 400, 'lines[1].quantity');
    expectProblem(await post(buyerUser, '/offer-groups', body([line(other.id), { ...line(tile.id), unitPrice: { amount: '-1', currency: 'KHR' } }])), 400, 'lines[1].unitPrice.amount');
    expectProblem(await post(buyerUser, '/offer-groups', body([line(other.id), { ...line(tile.id), unitPrice: { amount: '1', currency: 'EUR' } }])), 400, 'lines[1].unitPrice.currency');
    expectProblem(await post(buyerUser, '/offer-groups', body([line(tile.id)], { surprise: 1 })), 400);
    expectProblem(await post(buyerUser, '/offer-groups', body([line(tile.id)], { deliverBy: 'soon' })), 400, 'deliverBy');
    expectProblem(await post(buyerUser, '/offer-groups', body([line(other.id), line(tile.id, '5000')])), 409);
    expect(await count()).toBe(before);
    expect(((await db.query('SELECT count(*)::int AS n FROM offers'))[0] as { n: number }).n).toBe(offersBefore);
  });

  it('cancel racing with accepts: each offer ends either accepted with its reservation or withdrawn with none', async () => {
    const listing = await list(4, { quantity: '10000' });
    const groups = await Promise.all(
      Array.from({ length: 8 }, async () => (await post(buyerUser, '/offer-groups', { organizationId: buyer.id, lines: [{ listingId: listing.id, quantity: '100' }] }).expect(201)).body),
    );
    const results = await Promise.all(
      groups.flatMap((g: { id: string; offers: GroupOffer[] }) => [
        post(producerUsers[4]!, `/offers/${g.offers[0]!.id}/accept`),
        post(buyerUser, `/offer-groups/${g.id}/cancel`),
      ]),
    );
    for (const res of results) expect([200, 409]).toContain(res.status);
    let accepted = 0;
    for (const g of groups) {
      const shown = (await get(buyerUser, `/offer-groups/${g.id}`).expect(200)).body;
      expect(shown.status).toBe('cancelled');
      const offer = shown.offers[0] as GroupOffer;
      expect(['accepted', 'withdrawn']).toContain(offer.status);
      expect(offer.dealId !== null).toBe(offer.status === 'accepted');
      if (offer.status === 'accepted') accepted++;
    }
    expect(Number(await remaining(listing.id))).toBe(10000 - 100 * accepted);
  });

  it('20 concurrent POSTs with the same Idempotency-Key make one group', async () => {
    const ls = [await list(0, { quantity: '1000' }), await list(1, { quantity: '1000' })];
    const body = { organizationId: buyer.id, lines: ls.map((l) => ({ listingId: l.id, quantity: '100' })) };
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => t.http().post('/api/v1/offer-groups').set(...as(buyerUser)).set('idempotency-key', 'pooled-order-1').send(body)),
    );
    for (const res of responses) expect([201, 409]).toContain(res.status);
    const groups = (await db.query('SELECT id FROM offer_groups WHERE id IN (SELECT group_id FROM offers WHERE listing_id = ANY($1::uuid[]))', [ls.map((l) => l.id)])) as Array<{ id: string }>;
    expect(groups).toHaveLength(1);
    expect(((await db.query('SELECT count(*)::int AS n FROM offers WHERE group_id = $1', [groups[0]!.id]))[0] as { n: number }).n).toBe(2);
    const replay = await t.http().post('/api/v1/offer-groups').set(...as(buyerUser)).set('idempotency-key', 'pooled-order-1').send(body).expect(201);
    expect(replay.body.id).toBe(groups[0]!.id);
    expect(responses.filter((r) => r.status === 201).every((r) => r.body.id === groups[0]!.id)).toBe(true);
  });
});

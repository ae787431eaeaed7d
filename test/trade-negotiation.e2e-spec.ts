import { DataSource } from 'typeorm';
import { bearer, createOrganization, CreatedOrganization, registerUser, RegisteredUser } from './support/identity';
import { createDemand, createListing, CreatedListing, daysFromNow } from './support/listings';
import { eventually, expectProblem } from './support/problem';
import { createTestApp, TestApp } from './support/test-app';

describe('trade: negotiation (counter-offers)', () => {
  let t: TestApp;
  let db: DataSource;
  let buyerUser: RegisteredUser;
  let sellerUser: RegisteredUser;
  let coopUser: RegisteredUser;
  let memberUser: RegisteredUser;
  let outsiderUser: RegisteredUser;
  let buyer: CreatedOrganization;
  let seller: CreatedOrganization;
  let coop: CreatedOrganization;
  let member: CreatedOrganization;
  let listing: CreatedListing;

  const as = (user: RegisteredUser) => bearer(user.accessToken);
  const post = (user: RegisteredUser, path: string, body: object = {}) => t.http().post(`/api/v1${path}`).set(...as(user)).send(body);
  const get = (user: RegisteredUser, path: string) => t.http().get(`/api/v1${path}`).set(...as(user));
  const remaining = async (listingId: string) =>
    ((await db.query('SELECT quantity_remaining::text AS q FROM listings WHERE id = $1', [listingId]))[0] as { q: string }).q;
  const order = async (quantity: string, price = '600') =>
    (
      await post(buyerUser, '/offers', { kind: 'order', organizationId: buyer.id, listingId: listing.id, quantity, unitPrice: { amount: price, currency: 'KHR' } }).expect(
        201,
      )
    ).body as { id: string };

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    [buyerUser, sellerUser, coopUser, memberUser, outsiderUser] = await Promise.all([1, 2, 3, 4, 5].map(() => registerUser(t.http)));
    buyer = await createOrganization(t.http, buyerUser.accessToken, { name: 'Mekong Builders', capabilities: ['buy'], provinceCode: 'KH-12' });
    seller = await createOrganization(t.http, sellerUser.accessToken, { name: 'Kampong Leav Kilns' });
    coop = await createOrganization(t.http, coopUser.accessToken, { name: 'Prey Veng Tile Cooperative', kind: 'cooperative' });
    member = await createOrganization(t.http, memberUser.accessToken, { name: 'Peam Ro Tiles' });
    await createOrganization(t.http, outsiderUser.accessToken, { name: 'Outsider Traders', capabilities: ['buy', 'sell'] });
    await post(memberUser, `/organizations/${coop.id}/member-organizations`, { organizationId: member.id }).expect(201);
    await post(coopUser, `/organizations/${coop.id}/member-organizations/${member.id}/approve`).expect(200);
    listing = await createListing(t.http, sellerUser.accessToken, seller.id, { quantity: '100000' });
  });

  afterAll(() => t.close());

  it('order → counter → counter back → accept: a superseded offer cannot be accepted, the thread is visible to both sides, nothing is reserved before acceptance', async () => {
    const first = await order('1000');
    const before = await remaining(listing.id);

    // The buyer made the order: it cannot counter it; a third organization does not see it at all.
    expectProblem(await post(buyerUser, `/offers/${first.id}/counter`, { unitPrice: { amount: '700', currency: 'KHR' } }), 403);
    expectProblem(await post(outsiderUser, `/offers/${first.id}/counter`, { unitPrice: { amount: '700', currency: 'KHR' } }), 404);

    const counter = (await post(sellerUser, `/offers/${first.id}/counter`, { unitPrice: { amount: '700', currency: 'KHR' }, note: 'Clay went up' }).expect(201)).body;
    expect(counter).toMatchObject({
      kind: 'order',
      status: 'pending',
      organizationId: seller.id,
      buyerOrganizationId: buyer.id,
      sellerOrganizationId: seller.id,
      previousOfferId: first.id,
      counteredByOfferId: null,
      quantity: '1000',
      lines: [{ listingId: listing.id, organizationId: seller.id, quantity: '1000', unitPrice: { amount: '700.00', currency: 'KHR' } }],
      note: 'Clay went up',
    });
    expect((await get(buyerUser, `/offers/${first.id}`).expect(200)).body).toMatchObject({ status: 'countered', counteredByOfferId: counter.id });
    expect(await remaining(listing.id)).toBe(before);

    // The superseded offer: neither accepted, nor countered again, nor rejected.
    const superseded = await post(sellerUser, `/offers/${first.id}/accept`);
    expectProblem(superseded, 409);
    expect(superseded.body.detail).toContain(counter.id);
    expectProblem(await post(sellerUser, `/offers/${first.id}/counter`, { quantity: '900' }), 409);
    expectProblem(await post(sellerUser, `/offers/${first.id}/reject`), 409);
    // The counter now waits for the buyer: the seller cannot accept its own counter-offer.
    expectProblem(await post(sellerUser, `/offers/${counter.id}/accept`), 403);
    await eventually(async () => {
      const feed = (await get(buyerUser, '/notifications?limit=100').expect(200)).body.items as Array<{ kind: string; data: Record<string, unknown> }>;
      expect(feed).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'offer.countered', data: expect.objectContaining({ offerId: counter.id }) })]));
    }, 20_000);

    // The buyer counters back: more tiles, a later date.
    const deliverBy = daysFromNow(20);
    const back = (await post(buyerUser, `/offers/${counter.id}/counter`, { quantity: '1500', deliverBy }).expect(201)).body;
    expect(back).toMatchObject({ organizationId: buyer.id, previousOfferId: counter.id, quantity: '1500', note: 'Clay went up' });
    expect(back.lines[0].unitPrice).toEqual({ amount: '700.00', currency: 'KHR' });
    expect(new Date(back.deliverBy).getTime()).toBe(new Date(deliverBy).getTime());
    expectProblem(await post(buyerUser, `/offers/${counter.id}/accept`), 409);
    expectProblem(await post(buyerUser, `/offers/${back.id}/accept`), 403);

    // Both sides see the thread, oldest first; the outsider sees none of it.
    for (const user of [buyerUser, sellerUser]) {
      const shown = (await get(user, `/offers/${counter.id}`).expect(200)).body;
      expect(shown.thread.map((o: { id: string; status: string; organizationId: string; quantity: string }) => [o.id, o.status, o.organizationId, o.quantity])).toEqual([
        [first.id, 'countered', buyer.id, '1000'],
        [counter.id, 'countered', seller.id, '1000'],
        [back.id, 'pending', buyer.id, '1500'],
      ]);
    }
    expectProblem(await get(outsiderUser, `/offers/${back.id}`), 404);
    const listed = (await get(sellerUser, '/offers?limit=100').expect(200)).body.items as Array<{ id: string; status: string; thread?: unknown }>;
    expect(listed.filter((o) => [first.id, counter.id, back.id].includes(o.id)).map((o) => o.status).sort()).toEqual(['countered', 'countered', 'pending']);
    expect(listed[0]!.thread).toBeUndefined();

    const accepted = (await post(sellerUser, `/offers/${back.id}/accept`).expect(200)).body;
    expect(accepted.offer).toMatchObject({ status: 'accepted', quantity: '1500' });
    const deal = (await get(buyerUser, `/deals/${accepted.dealId}`).expect(200)).body;
    expect(deal).toMatchObject({ quantity: '1500' });
    expect(Number(before) - Number(await remaining(listing.id))).toBe(1500);
  });

  it('bad counter bodies are 400 problem+json naming the field', async () => {
    const offer = await order('100');
    const path = `/offers/${offer.id}/counter`;
    expectProblem(await post(sellerUser, path, {}), 400, 'quantity');
    expectProblem(await post(sellerUser, path, { quantity: 'lots' }), 400, 'quantity');
    expectProblem(await post(sellerUser, path, { quantity: '10.5' }), 400, 'quantity');
    expectProblem(await post(sellerUser, path, { unitPrice: { amount: '-3', currency: 'KHR' } }), 400, 'unitPrice.amount');
    expectProblem(await post(sellerUser, path, { unitPrice: { amount: '3', currency: 'EUR' } }), 400, 'unitPrice.currency');
    expectProblem(await post(sellerUser, path, { deliverBy: daysFromNow(-1) }), 400, 'deliverBy');
    expectProblem(await post(sellerUser, path, { deliverBy: 'tomorrow' }), 400, 'deliverBy');
    expectProblem(await post(sellerUser, path, { lines: [{ lineNo: 2, quantity: '5' }] }), 400, 'lines[0].lineNo');
    expectProblem(await post(sellerUser, path, { lines: [{ lineNo: 'one' }] }), 400, 'lines[0].lineNo');
    expectProblem(await post(sellerUser, path, { note: 'x'.repeat(2001) }), 400, 'note');
    expectProblem(await post(sellerUser, path, { quantity: '5', surprise: true }), 400);
    expectProblem(await post(sellerUser, '/offers/not-a-uuid/counter', { quantity: '5' }), 400);
    expectProblem(await post(sellerUser, '/offers/00000000-0000-4000-8000-000000000000/counter', { quantity: '5' }), 404);
    expect((await get(sellerUser, `/offers/${offer.id}`).expect(200)).body.status).toBe('pending');
  });

  it("a cooperative's quote of several lines is countered line by line; the cooperative counters back", async () => {
    const memberListing = await createListing(t.http, memberUser.accessToken, member.id, { quantity: '4000' });
    const demand = await createDemand(t.http, buyerUser.accessToken, buyer.id, { quantity: '5000' });
    const quote = (
      await post(coopUser, '/offers', {
        kind: 'quote',
        demandId: demand.id,
        organizationId: coop.id,
        deliverBy: daysFromNow(10),
        lines: [
          { listingId: memberListing.id, organizationId: member.id, quantity: '3000', unitPrice: { amount: '640', currency: 'KHR' } },
          { organizationId: coop.id, quantity: '2000', unitPrice: { amount: '660', currency: 'KHR' } },
        ],
      }).expect(201)
    ).body;
    expectProblem(await post(buyerUser, `/offers/${quote.id}/counter`, { quantity: '5000' }), 400, 'quantity');
    expectProblem(await post(coopUser, `/offers/${quote.id}/counter`, { lines: [{ lineNo: 1, quantity: '2000' }] }), 403);
    const counter = (
      await post(buyerUser, `/offers/${quote.id}/counter`, { lines: [{ lineNo: 2, unitPrice: { amount: '620', currency: 'KHR' } }] }).expect(201)
    ).body;
    expect(counter).toMatchObject({ kind: 'quote', demandId: demand.id, organizationId: buyer.id, previousOfferId: quote.id, quantity: '5000' });
    expect(counter.lines.map((l: { organizationId: string; unitPrice: { amount: string } }) => [l.organizationId, l.unitPrice.amount])).toEqual([
      [member.id, '640.00'],
      [coop.id, '620.00'],
    ]);
    const back = (await post(coopUser, `/offers/${counter.id}/counter`, { lines: [{ lineNo: 2, unitPrice: { amount: '640', currency: 'KHR' } }] }).expect(201)).body;
    expect(back).toMatchObject({ organizationId: coop.id, previousOfferId: counter.id });
    expect((await get(buyerUser, `/offers/${quote.id}`).expect(200)).body.thread).toHaveLength(3);
    const accepted = (await post(buyerUser, `/offers/${back.id}/accept`).expect(200)).body;
    expect(accepted.offer.status).toBe('accepted');
    expect(await remaining(memberListing.id)).toBe('1000.000');
    expect((await get(buyerUser, `/demands/${demand.id}`).expect(200)).body.status).toBe('fulfilled');
  });

  it("a buyer's counter on an order keeps to the listing's minimum order", async () => {
    const small = await createListing(t.http, sellerUser.accessToken, seller.id, { quantity: '5000', minOrderQuantity: '500' });
    const offer = (await post(buyerUser, '/offers', { kind: 'order', organizationId: buyer.id, listingId: small.id, quantity: '600' }).expect(201)).body;
    const counter = (await post(sellerUser, `/offers/${offer.id}/counter`, { quantity: '1000' }).expect(201)).body;
    expectProblem(await post(buyerUser, `/offers/${counter.id}/counter`, { quantity: '400' }), 400, 'quantity');
    expectProblem(await post(buyerUser, `/offers/${counter.id}/counter`, { lines: [{ lineNo: 1, quantity: '400' }] }), 400, 'lines[0].quantity');
    await post(buyerUser, `/offers/${counter.id}/counter`, { quantity: '500' }).expect(201);
  });

  it('two counters, or a counter and an accept, racing on one offer: exactly one wins', async () => {
    for (let round = 0; round < 4; round++) {
      const offer = await order('10');
      const racers =
        round % 2 === 0
          ? [post(sellerUser, `/offers/${offer.id}/counter`, { quantity: '20' }), post(sellerUser, `/offers/${offer.id}/counter`, { quantity: '30' })]
          : [post(sellerUser, `/offers/${offer.id}/counter`, { quantity: '20' }), post(sellerUser, `/offers/${offer.id}/accept`)];
      racers.push(post(sellerUser, `/offers/${offer.id}/counter`, { quantity: '40' }));
      const answers = await Promise.all(racers);
      const won = answers.filter((r) => r.status === 200 || r.status === 201);
      expect(won).toHaveLength(1);
      for (const lost of answers.filter((r) => !won.includes(r))) expectProblem(lost, 409);
      const [{ n }] = (await db.query('SELECT count(*)::int AS n FROM offers WHERE previous_offer_id = $1', [offer.id])) as Array<{ n: number }>;
      const [{ deals }] = (await db.query('SELECT count(*)::int AS deals FROM deals WHERE offer_id = $1', [offer.id])) as Array<{ deals: number }>;
      expect(n + deals).toBe(1);
    }
  });
});

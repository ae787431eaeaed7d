import { OFFER_EXPIRY_JOB } from '@psar/trade';
import { ScheduledJobsService } from '@psar/platform';
import { DataSource } from 'typeorm';
import { bearer, createOrganization, CreatedOrganization, registerUser, RegisteredUser } from './support/identity';
import { createDemand, createListing, CreatedListing, daysFromNow } from './support/listings';
import { eventually, expectProblem } from './support/problem';
import { createTestApp, TestApp } from './support/test-app';

describe('listings: offers, deals, reviews and reputation', () => {
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
  let outsider: CreatedOrganization;
  let sellerListing: CreatedListing;
  let memberListing: CreatedListing;

  const as = (user: RegisteredUser) => bearer(user.accessToken);
  const post = (user: RegisteredUser, path: string, body: object = {}) => t.http().post(`/api/v1${path}`).set(...as(user)).send(body);
  const get = (user: RegisteredUser, path: string) => t.http().get(`/api/v1${path}`).set(...as(user));
  const remaining = async (listingId: string) =>
    (await db.query('SELECT quantity_remaining::text AS q, status FROM listings WHERE id = $1', [listingId]))[0] as { q: string; status: string };
  const feed = async (user: RegisteredUser) =>
    (await get(user, '/notifications?limit=100').expect(200)).body.items as Array<{ kind: string; data: Record<string, unknown> }>;
  const order = async (listingId: string, quantity: string, extra: object = {}) =>
    (await post(buyerUser, '/offers', { kind: 'order', organizationId: buyer.id, listingId, quantity, ...extra }).expect(201)).body as {
      id: string;
      status: string;
    };

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    [buyerUser, sellerUser, coopUser, memberUser, outsiderUser] = await Promise.all([1, 2, 3, 4, 5].map(() => registerUser(t.http)));
    buyer = await createOrganization(t.http, buyerUser.accessToken, { name: 'Mekong Builders', capabilities: ['buy'], provinceCode: 'KH-12' });
    seller = await createOrganization(t.http, sellerUser.accessToken, { name: 'Kampong Leav Kilns' });
    coop = await createOrganization(t.http, coopUser.accessToken, { name: 'Prey Veng Tile Cooperative', kind: 'cooperative' });
    member = await createOrganization(t.http, memberUser.accessToken, { name: 'Peam Ro Tiles' });
    outsider = await createOrganization(t.http, outsiderUser.accessToken, { name: 'Outsider Traders', capabilities: ['buy', 'sell'] });
    await post(memberUser, `/organizations/${coop.id}/member-organizations`, { organizationId: member.id }).expect(201);
    await post(coopUser, `/organizations/${coop.id}/member-organizations/${member.id}/approve`).expect(200);
    sellerListing = await createListing(t.http, sellerUser.accessToken, seller.id, { quantity: '3000' });
    memberListing = await createListing(t.http, memberUser.accessToken, member.id, { quantity: '4000' });
  });

  afterAll(() => t.close());

  it('quote → accept → deliver → confirm → review, every step by the wrong side refused, a third organization sees none of it', async () => {
    const demand = await createDemand(t.http, buyerUser.accessToken, buyer.id, { quantity: '5000' });
    const quote = {
      kind: 'quote',
      demandId: demand.id,
      organizationId: coop.id,
      deliverBy: daysFromNow(10),
      lines: [
        { listingId: memberListing.id, organizationId: member.id, quantity: '3000', unitPrice: { amount: '640', currency: 'KHR' } },
        { organizationId: coop.id, quantity: '2000', unitPrice: { amount: '0.16', currency: 'USD' } },
      ],
    };
    // A firm outside the cooperative cannot be one of its quote's lines.
    const outside = await post(coopUser, '/offers', { ...quote, lines: [...quote.lines, { organizationId: seller.id, quantity: '1', unitPrice: { amount: '1', currency: 'KHR' } }] });
    expectProblem(outside, 400, 'lines[2].organizationId');
    expect(JSON.stringify(outside.body.errors)).toContain('not an approved member');
    // Nor can a listing be quoted by someone else than its firm.
    expectProblem(
      await post(coopUser, '/offers', { ...quote, lines: [{ ...quote.lines[0], organizationId: coop.id }] }),
      400,
      'lines[0].listingId',
    );
    expectProblem(await post(memberUser, '/offers', quote), 403);

    const created = await post(coopUser, '/offers', quote).expect(201);
    const offerId = created.body.id as string;
    expect(created.body).toMatchObject({ kind: 'quote', status: 'pending', buyerOrganizationId: buyer.id, sellerOrganizationId: coop.id, quantity: '5000' });

    // The outsider sees nothing: not the offer, not in its lists.
    expectProblem(await get(outsiderUser, `/offers/${offerId}`), 404);
    expect((await get(outsiderUser, '/offers').expect(200)).body.items).toEqual([]);
    expectProblem(await post(outsiderUser, `/offers/${offerId}/accept`), 404);
    expectProblem(await post(outsiderUser, `/offers/${offerId}/withdraw`), 404);
    // The seller side may not accept its own quote, nor the buyer withdraw it.
    expectProblem(await post(coopUser, `/offers/${offerId}/accept`), 403);
    expectProblem(await post(buyerUser, `/offers/${offerId}/withdraw`), 403);
    expect((await get(buyerUser, `/offers/${offerId}`).expect(200)).body.status).toBe('pending');

    const accepted = await post(buyerUser, `/offers/${offerId}/accept`).expect(200);
    const dealId = accepted.body.dealId as string;
    expect(accepted.body.offer).toMatchObject({ status: 'accepted', dealId });
    expect(await remaining(memberListing.id)).toEqual({ q: '1000.000', status: 'active' });
    expect((await get(buyerUser, `/demands/${demand.id}`).expect(200)).body.status).toBe('fulfilled');
    expectProblem(await post(buyerUser, `/offers/${offerId}/accept`), 409);

    // The deal: the two sides only.
    expectProblem(await get(outsiderUser, `/deals/${dealId}`), 404);
    expect((await get(outsiderUser, '/deals').expect(200)).body.items).toEqual([]);
    for (const step of ['deliver', 'confirm', 'cancel']) expectProblem(await post(outsiderUser, `/deals/${dealId}/${step}`), 404);
    expectProblem(await post(buyerUser, `/deals/${dealId}/deliver`), 403);
    expectProblem(await post(coopUser, `/deals/${dealId}/confirm`), 403);
    expectProblem(await post(buyerUser, `/deals/${dealId}/confirm`), 409);
    expectProblem(await post(buyerUser, `/deals/${dealId}/reviews`, { rating: 5 }), 409);

    const delivered = await post(coopUser, `/deals/${dealId}/deliver`).expect(200);
    expect(delivered.body).toMatchObject({ status: 'delivered', quantity: '5000' });
    expectProblem(await post(buyerUser, `/deals/${dealId}/cancel`), 409);
    const completed = await post(buyerUser, `/deals/${dealId}/confirm`).expect(200);
    expect(completed.body.status).toBe('completed');
    expect((await get(coopUser, '/deals').expect(200)).body.items.map((d: { id: string }) => d.id)).toEqual([dealId]);

    // Reviews: once per side; a rating of 6 names the field.
    expectProblem(await post(buyerUser, `/deals/${dealId}/reviews`, { rating: 6 }), 400, 'rating');
    expectProblem(await post(buyerUser, `/deals/${dealId}/reviews`, { rating: 'five' }), 400, 'rating');
    expectProblem(await post(outsiderUser, `/deals/${dealId}/reviews`, { rating: 1 }), 404);
    const twice = await Promise.all([1, 2].map(() => post(buyerUser, `/deals/${dealId}/reviews`, { rating: 5, comment: 'On time, well packed' })));
    expect(twice.map((r) => r.status).sort()).toEqual([201, 409]);
    await post(coopUser, `/deals/${dealId}/reviews`, { rating: 4 }).expect(201);
    expectProblem(await post(coopUser, `/deals/${dealId}/reviews`, { rating: 4 }), 409);

    // The public profile shows the figures (kept by identity from reputation.updated) and links the reviews.
    await eventually(async () => {
      const profile = (await t.http().get(`/api/v1/organizations/${coop.id}`).expect(200)).body;
      expect(profile.reputation).toEqual({
        completedDeals: 1,
        ratedDeals: 1,
        averageRating: 5,
        onTimeShare: 1,
        disputesLost: 0,
        // One quote answered: too few requests to say how it answers.
        responseRate: null,
        medianResponseMinutes: null,
        reviewsUrl: `/api/v1/organizations/${coop.id}/reviews`,
      });
    }, 20_000);
    await eventually(async () => {
      const profile = (await t.http().get(`/api/v1/organizations/${buyer.id}`).expect(200)).body;
      expect(profile.reputation).toMatchObject({ completedDeals: 1, ratedDeals: 1, averageRating: 4, onTimeShare: null });
    }, 20_000);
    const reviews = (await t.http().get(`/api/v1/organizations/${coop.id}/reviews`).expect(200)).body;
    expect(reviews).toEqual({
      items: [expect.objectContaining({ dealId, side: 'buyer', rating: 5, comment: 'On time, well packed', reviewerName: 'Mekong Builders' })],
      nextCursor: null,
    });
    expect((await t.http().get(`/api/v1/organizations/${outsider.id}`).expect(200)).body.reputation).toMatchObject({ completedDeals: 0, averageRating: null });

    // Everyone concerned was told.
    await eventually(async () => {
      const kinds = (await feed(buyerUser)).map((n) => n.kind);
      expect(kinds).toEqual(expect.arrayContaining(['offer.received', 'deal.delivered', 'review.received']));
      const coopKinds = (await feed(coopUser)).map((n) => n.kind);
      expect(coopKinds).toEqual(expect.arrayContaining(['offer.accepted', 'deal.completed', 'review.received']));
      expect((await feed(outsiderUser)).filter((n) => n.kind.startsWith('offer.') || n.kind.startsWith('deal.'))).toEqual([]);
    }, 20_000);
  });

  it('order → accept by the seller; reject and withdraw; the buyer cannot accept its own order', async () => {
    const first = await order(sellerListing.id, '100');
    expectProblem(await post(buyerUser, `/offers/${first.id}/accept`), 403);
    expectProblem(await post(outsiderUser, `/offers/${first.id}/accept`), 404);
    const accepted = await post(sellerUser, `/offers/${first.id}/accept`).expect(200);
    expect(accepted.body.offer.status).toBe('accepted');
    expect((await get(buyerUser, `/deals/${accepted.body.dealId}`).expect(200)).body).toMatchObject({
      kind: 'order',
      status: 'agreed',
      lines: [{ listingId: sellerListing.id, organizationId: seller.id, quantity: '100', unitPrice: { amount: '650.00', currency: 'KHR' } }],
    });
    expect((await remaining(sellerListing.id)).q).toBe('2900.000');

    const second = await order(sellerListing.id, '50');
    expectProblem(await post(buyerUser, `/offers/${second.id}/reject`), 403);
    expect((await post(sellerUser, `/offers/${second.id}/reject`).expect(200)).body.status).toBe('rejected');
    expectProblem(await post(sellerUser, `/offers/${second.id}/accept`), 409);

    const third = await order(sellerListing.id, '50');
    expectProblem(await post(sellerUser, `/offers/${third.id}/withdraw`), 403);
    expect((await post(buyerUser, `/offers/${third.id}/withdraw`).expect(200)).body.status).toBe('withdrawn');
    expectProblem(await post(sellerUser, `/offers/${third.id}/accept`), 409);
    expect((await remaining(sellerListing.id)).q).toBe('2900.000');

    // More than remains, or malformed: refused up front.
    expectProblem(await post(buyerUser, '/offers', { kind: 'order', organizationId: buyer.id, listingId: sellerListing.id, quantity: '5000' }), 409);
    expectProblem(await post(buyerUser, '/offers', { kind: 'order', organizationId: buyer.id, listingId: sellerListing.id, quantity: '-3' }), 400, 'quantity');
    expectProblem(await post(buyerUser, '/offers', { kind: 'order', organizationId: buyer.id, listingId: 'nope', quantity: '3' }), 400, 'listingId');
    expectProblem(await post(buyerUser, '/offers', { kind: 'barter', organizationId: buyer.id }), 400, 'kind');
    expectProblem(await post(sellerUser, '/offers', { kind: 'order', organizationId: seller.id, listingId: sellerListing.id, quantity: '3' }), 403);
    const huge = await post(coopUser, '/offers', {
      kind: 'quote',
      organizationId: coop.id,
      demandId: '00000000-0000-4000-8000-000000000000',
      deliverBy: daysFromNow(5),
      lines: Array.from({ length: 51 }, () => ({ organizationId: coop.id, quantity: '1', unitPrice: { amount: '1', currency: 'KHR' } })),
    });
    expectProblem(huge, 400, 'lines');

    await eventually(async () => {
      expect((await feed(buyerUser)).map((n) => n.kind)).toEqual(expect.arrayContaining(['offer.accepted', 'offer.rejected']));
      expect((await feed(sellerUser)).map((n) => n.kind)).toEqual(expect.arrayContaining(['offer.received']));
    }, 20_000);
  });

  it('an expired offer cannot be accepted (422 offer-expired); the job marks it expired', async () => {
    const offer = await order(sellerListing.id, '10');
    await db.query(`UPDATE offers SET expires_at = now() - interval '1 minute' WHERE id = $1`, [offer.id]);
    const res = await post(sellerUser, `/offers/${offer.id}/accept`);
    expectProblem(res, 422);
    expect(res.body.type).toContain('offer-expired');
    expect((await get(buyerUser, `/offers/${offer.id}`).expect(200)).body.status).toBe('expired');
    await t.app.get(ScheduledJobsService).runNow(OFFER_EXPIRY_JOB);
    expect((await db.query('SELECT status FROM offers WHERE id = $1', [offer.id]))[0].status).toBe('expired');
    expect((await remaining(sellerListing.id)).q).toBe('2900.000');
    // New offers expire after OFFER_TTL_HOURS (72 by default).
    const fresh = await order(sellerListing.id, '10');
    const hours = (new Date((await get(buyerUser, `/offers/${fresh.id}`)).body.expiresAt).getTime() - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(71.9);
    expect(hours).toBeLessThanOrEqual(72);
  });

  it('cancelling before delivery gives the quantity back exactly once, even when sent twice at once; a sold-out listing is active again', async () => {
    const listing = await createListing(t.http, sellerUser.accessToken, seller.id, { quantity: '40' });
    const offer = await order(listing.id, '40');
    const { dealId } = (await post(sellerUser, `/offers/${offer.id}/accept`).expect(200)).body as { dealId: string };
    expect(await remaining(listing.id)).toEqual({ q: '0.000', status: 'sold_out' });
    const cancels = await Promise.all([post(buyerUser, `/deals/${dealId}/cancel`), post(sellerUser, `/deals/${dealId}/cancel`)]);
    expect(cancels.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await remaining(listing.id)).toEqual({ q: '40.000', status: 'active' });
    expectProblem(await post(buyerUser, `/deals/${dealId}/cancel`), 409);
    expectProblem(await post(sellerUser, `/deals/${dealId}/deliver`), 409);
    expect(await remaining(listing.id)).toEqual({ q: '40.000', status: 'active' });
    await eventually(async () => {
      expect((await feed(buyerUser)).concat(await feed(sellerUser)).filter((n) => n.kind === 'deal.cancelled' && n.data.dealId === dealId)).toHaveLength(1);
    }, 20_000);
  });

  it("a seller's ratings feed the matching score and reasons", async () => {
    const listing = await createListing(t.http, sellerUser.accessToken, seller.id, { quantity: '500', price: { amount: '700', currency: 'KHR' } });
    const rival = await createListing(t.http, outsiderUser.accessToken, outsider.id, { quantity: '500', price: { amount: '700', currency: 'KHR' } });
    const offer = await order(listing.id, '20');
    const { dealId } = (await post(sellerUser, `/offers/${offer.id}/accept`).expect(200)).body as { dealId: string };
    await post(sellerUser, `/deals/${dealId}/deliver`).expect(200);
    await post(buyerUser, `/deals/${dealId}/confirm`).expect(200);
    await post(buyerUser, `/deals/${dealId}/reviews`, { rating: 5 }).expect(201);
    // Reviews are blind (and count nowhere) until both sides reviewed or 14 days passed.
    await post(sellerUser, `/deals/${dealId}/reviews`, { rating: 5 }).expect(201);

    const demand = await createDemand(t.http, buyerUser.accessToken, buyer.id, { quantity: '400', maxPrice: { amount: '800', currency: 'KHR' } });
    const matches = (await get(buyerUser, `/demands/${demand.id}/matches`).expect(200)).body.items as Array<{
      listings: Array<{ listingId: string }>;
      score: number;
      reasons: string[];
    }>;
    const rated = matches.find((m) => m.listings[0]!.listingId === listing.id)!;
    const unrated = matches.find((m) => m.listings[0]!.listingId === rival.id)!;
    expect(rated.reasons).toContain('rated 5.0 from 1 deal');
    expect(unrated.reasons.some((r) => r.startsWith('rated'))).toBe(false);
    expect(rated.score).toBeGreaterThan(unrated.score);
  });
});

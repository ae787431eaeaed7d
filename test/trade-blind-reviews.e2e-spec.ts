import { ReviewsService } from '@psar/trade';
import { DataSource } from 'typeorm';
import { bearer, createOrganization, CreatedOrganization, registerUser, RegisteredUser } from './support/identity';
import { createListing, CreatedListing } from './support/listings';
import { eventually, expectProblem } from './support/problem';
import { createTestApp, TestApp } from './support/test-app';

describe('trade: blind reviews', () => {
  let t: TestApp;
  let db: DataSource;
  let buyerUser: RegisteredUser;
  let sellerUser: RegisteredUser;
  let outsiderUser: RegisteredUser;
  let buyer: CreatedOrganization;
  let seller: CreatedOrganization;
  let listing: CreatedListing;

  const post = (user: RegisteredUser, path: string, body: object = {}) => t.http().post(`/api/v1${path}`).set(...bearer(user.accessToken)).send(body);
  const get = (user: RegisteredUser | null, path: string) => (user ? t.http().get(`/api/v1${path}`).set(...bearer(user.accessToken)) : t.http().get(`/api/v1${path}`));
  const reviewsOf = async (viewer: RegisteredUser | null, org: CreatedOrganization, dealId: string) =>
    ((await get(viewer, `/organizations/${org.id}/reviews?limit=100`).expect(200)).body.items as Array<{ dealId: string; rating: number; hiddenUntil: string | null }>).filter(
      (r) => r.dealId === dealId,
    );
  const reputation = async (org: CreatedOrganization) => (await t.http().get(`/api/v1/organizations/${org.id}`).expect(200)).body.reputation as { ratedDeals: number; averageRating: number | null };
  /** order → accept → deliver → confirm: a completed deal. */
  const completedDeal = async () => {
    const offer = (await post(buyerUser, '/offers', { kind: 'order', organizationId: buyer.id, listingId: listing.id, quantity: '100' }).expect(201)).body;
    const { dealId } = (await post(sellerUser, `/offers/${offer.id}/accept`).expect(200)).body as { dealId: string };
    await post(sellerUser, `/deals/${dealId}/deliver`).expect(200);
    await post(buyerUser, `/deals/${dealId}/confirm`).expect(200);
    return dealId;
  };

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    [buyerUser, sellerUser, outsiderUser] = await Promise.all([1, 2, 3].map(() => registerUser(t.http)));
    buyer = await createOrganization(t.http, buyerUser.accessToken, { name: 'Mekong Builders', capabilities: ['buy'], provinceCode: 'KH-12' });
    seller = await createOrganization(t.http, sellerUser.accessToken, { name: 'Kampong Leav Kilns' });
    await createOrganization(t.http, outsiderUser.accessToken, { name: 'Outsider Traders', capabilities: ['buy', 'sell'] });
    listing = await createListing(t.http, sellerUser.accessToken, seller.id, { quantity: '10000' });
  });

  afterAll(() => t.close());

  it('a review is invisible to the other side and the public until both reviewed; ratings count it only then', async () => {
    const dealId = await completedDeal();
    const [{ completed }] = (await db.query('SELECT completed_at AS completed FROM deals WHERE id = $1', [dealId])) as Array<{ completed: Date }>;

    const mine = (await post(buyerUser, `/deals/${dealId}/reviews`, { rating: 5, comment: 'On time' }).expect(201)).body;
    expect(new Date(mine.hiddenUntil).getTime()).toBe(completed.getTime() + 14 * 86_400_000);

    // The seller (the other side), the public and a third organization see nothing of it; its author does.
    expect(await reviewsOf(sellerUser, seller, dealId)).toEqual([]);
    expect(await reviewsOf(null, seller, dealId)).toEqual([]);
    expect(await reviewsOf(outsiderUser, seller, dealId)).toEqual([]);
    expect(await reviewsOf(buyerUser, seller, dealId)).toEqual([expect.objectContaining({ rating: 5, hiddenUntil: mine.hiddenUntil })]);
    // Nor does the seller's notification give the rating away.
    await eventually(async () => {
      const feed = (await get(sellerUser, '/notifications?limit=100').expect(200)).body.items as Array<{ kind: string; title: string; data: { dealId?: string } }>;
      const received = feed.find((n) => n.kind === 'review.received' && n.data.dealId === dealId);
      expect(received).toBeDefined();
      expect(received!.title).not.toContain('5');
    }, 20_000);
    expect((await reputation(seller)).ratedDeals).toBe(0);

    // The seller reviews back: both show, to everyone, and count.
    await post(sellerUser, `/deals/${dealId}/reviews`, { rating: 3 }).expect(201);
    for (const viewer of [null, buyerUser, sellerUser, outsiderUser]) {
      expect(await reviewsOf(viewer, seller, dealId)).toEqual([expect.objectContaining({ rating: 5, hiddenUntil: null })]);
      expect(await reviewsOf(viewer, buyer, dealId)).toEqual([expect.objectContaining({ rating: 3, hiddenUntil: null })]);
    }
    await eventually(async () => {
      expect(await reputation(seller)).toMatchObject({ ratedDeals: 1, averageRating: 5 });
      expect(await reputation(buyer)).toMatchObject({ ratedDeals: 1, averageRating: 3 });
    }, 20_000);
    expectProblem(await post(buyerUser, `/deals/${dealId}/reviews`, { rating: 1 }), 409);
  });

  it('both sides reviewing at once: both reviews show', async () => {
    const dealId = await completedDeal();
    await Promise.all([post(buyerUser, `/deals/${dealId}/reviews`, { rating: 4 }).expect(201), post(sellerUser, `/deals/${dealId}/reviews`, { rating: 4 }).expect(201)]);
    expect(await reviewsOf(null, seller, dealId)).toHaveLength(1);
    expect(await reviewsOf(null, buyer, dealId)).toHaveLength(1);
  });

  it('a review the other side never answers shows to all 14 days after completion, and then counts', async () => {
    const dealId = await completedDeal();
    await post(buyerUser, `/deals/${dealId}/reviews`, { rating: 2, comment: 'Many broken' }).expect(201);
    // The seller's two earlier ratings (5, and 4), this one still blind.
    await eventually(async () => expect(await reputation(seller)).toMatchObject({ ratedDeals: 2, averageRating: 4.5 }), 20_000);
    expect(await reviewsOf(null, seller, dealId)).toEqual([]);

    // Thirteen days on: still blind.
    await db.query(`UPDATE deals SET delivered_at = delivered_at - interval '13 days', completed_at = completed_at - interval '13 days' WHERE id = $1`, [dealId]);
    expect(await reviewsOf(sellerUser, seller, dealId)).toEqual([]);
    // Fourteen days and a minute: everyone sees it, before any job ran.
    await db.query(`UPDATE deals SET delivered_at = delivered_at - interval '1 day 1 minute', completed_at = completed_at - interval '1 day 1 minute' WHERE id = $1`, [dealId]);
    for (const viewer of [null, buyerUser, sellerUser, outsiderUser]) {
      expect(await reviewsOf(viewer, seller, dealId)).toEqual([expect.objectContaining({ rating: 2, hiddenUntil: null })]);
    }

    // The reveal job publishes the reputation that now counts it; run twice at once, it reveals the review once.
    const reviews = t.app.get(ReviewsService);
    const runs = await Promise.all([reviews.revealDue(), reviews.revealDue()]);
    expect(runs.reduce((a, b) => a + b, 0)).toBe(1);
    expect(await reviews.revealDue()).toBe(0);
    await eventually(async () => {
      expect(await reputation(seller)).toMatchObject({ ratedDeals: 3, averageRating: 3.67 });
    }, 20_000);
    // The seller is told the rating now that it shows, once.
    await eventually(async () => {
      const feed = (await get(sellerUser, '/notifications?limit=100').expect(200)).body.items as Array<{ kind: string; title: string; data: { dealId?: string } }>;
      const about = feed.filter((n) => n.kind === 'review.received' && n.data.dealId === dealId).map((n) => n.title);
      expect(about).toHaveLength(2);
      expect(about.filter((title) => title.includes('now shows: 2 out of 5'))).toHaveLength(1);
    }, 20_000);
    // And the seller may still answer it.
    await post(sellerUser, `/deals/${dealId}/reviews`, { rating: 4 }).expect(201);
  });
});

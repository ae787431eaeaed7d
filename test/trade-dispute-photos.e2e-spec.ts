import { bearer, createOrganization, type CreatedOrganization, registerUser, type RegisteredUser } from './support/identity';
import { phoneJpeg } from './support/images';
import { createListing } from './support/listings';
import { expectProblem } from './support/problem';
import { createTestApp, TestApp } from './support/test-app';

// A dispute with what the buyer saw (issue 18, item 6: "reason, message, optional photo"):
// the broken tiles in a photo, seen by both sides in the deal; nobody else adds or sees one.
describe('trade: photos of a disputed delivery', () => {
  let t: TestApp;
  let buyerUser: RegisteredUser;
  let sellerUser: RegisteredUser;
  let outsiderUser: RegisteredUser;
  let buyer: CreatedOrganization;
  let seller: CreatedOrganization;

  const post = (user: RegisteredUser, path: string, body: object = {}) => t.http().post(`/api/v1${path}`).set(...bearer(user.accessToken)).send(body);
  const photo = async (user: RegisteredUser, dealId: string) => {
    const file = await phoneJpeg(1200, 900, { gps: true });
    return t.http().post(`/api/v1/deals/${dealId}/dispute/photos`).set(...bearer(user.accessToken)).attach('file', file, 'broken-tiles.jpg');
  };
  const deliveredDeal = async () => {
    const listing = await createListing(t.http, sellerUser.accessToken, seller.id, { quantity: '20000' });
    const offer = await post(buyerUser, '/offers', { kind: 'order', organizationId: buyer.id, listingId: listing.id, quantity: '10000' }).expect(201);
    const dealId = (await post(sellerUser, `/offers/${offer.body.id}/accept`).expect(200)).body.dealId as string;
    await post(sellerUser, `/deals/${dealId}/deliver`).expect(200);
    return dealId;
  };

  beforeAll(async () => {
    t = await createTestApp();
    [buyerUser, sellerUser, outsiderUser] = await Promise.all([1, 2, 3].map(() => registerUser(t.http)));
    buyer = await createOrganization(t.http, buyerUser.accessToken, { name: 'Mekong Builders', capabilities: ['buy'] });
    seller = await createOrganization(t.http, sellerUser.accessToken, { name: 'Kampong Leav Kilns' });
    await createOrganization(t.http, outsiderUser.accessToken, { name: 'Another kiln' });
  });

  afterAll(() => t.close());

  it('the buyer adds a photo to the open dispute; both sides see it in the deal; it can be removed', async () => {
    const dealId = await deliveredDeal();
    // Not before a dispute is open.
    expectProblem(await photo(buyerUser, dealId), 409);
    await post(buyerUser, `/deals/${dealId}/dispute`, { reason: 'quality', message: '600 tiles arrived broken' }).expect(200);
    const added = await photo(buyerUser, dealId);
    expect(added.status).toBe(201);
    expect(added.body.urls).toMatchObject({ '320': expect.any(String) });
    for (const user of [buyerUser, sellerUser]) {
      const deal = (await t.http().get(`/api/v1/deals/${dealId}`).set(...bearer(user.accessToken)).expect(200)).body;
      expect(deal.dispute.photos.map((p: { id: string }) => p.id)).toEqual([added.body.id]);
    }
    await t.http().delete(`/api/v1/deals/${dealId}/dispute/photos/${added.body.id}`).set(...bearer(buyerUser.accessToken)).expect(204);
    expect((await t.http().get(`/api/v1/deals/${dealId}`).set(...bearer(sellerUser.accessToken)).expect(200)).body.dispute.photos).toEqual([]);
  });

  it('the seller cannot add one (403), another organization does not even see the deal (404), nor does a stranger without a token (401)', async () => {
    const dealId = await deliveredDeal();
    await post(buyerUser, `/deals/${dealId}/dispute`, { reason: 'quantity', message: 'short by 400' }).expect(200);
    expectProblem(await photo(sellerUser, dealId), 403);
    expectProblem(await photo(outsiderUser, dealId), 404);
    expectProblem(await t.http().post(`/api/v1/deals/${dealId}/dispute/photos`).attach('file', await phoneJpeg(200, 200), 'x.jpg'), 401);
    const added = await photo(buyerUser, dealId);
    expect(added.status).toBe(201);
    expectProblem(await t.http().delete(`/api/v1/deals/${dealId}/dispute/photos/${added.body.id}`).set(...bearer(outsiderUser.accessToken)), 404);
    expectProblem(await t.http().delete(`/api/v1/deals/${dealId}/dispute/photos/${added.body.id}`).set(...bearer(sellerUser.accessToken)), 403);
    expect((await t.http().get(`/api/v1/deals/${dealId}`).set(...bearer(buyerUser.accessToken)).expect(200)).body.dispute.photos).toHaveLength(1);
  });
});

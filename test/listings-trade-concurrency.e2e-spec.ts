import { DataSource } from 'typeorm';
import { bearer, createOrganization, registerUser } from './support/identity';
import { createListing } from './support/listings';
import { createTestApp, TestApp } from './support/test-app';

describe('listings: no oversell under concurrent accepts', () => {
  let t: TestApp;
  let db: DataSource;

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
  });

  afterAll(() => t.close());

  it('a listing of 100 and 50 simultaneous accepts of 3-unit orders: 33 succeed, 17 get 409, 1 unit left, 99 reserved', async () => {
    const [sellerUser, buyerUser] = await Promise.all([registerUser(t.http), registerUser(t.http)]);
    const seller = await createOrganization(t.http, sellerUser.accessToken, { name: 'Kampong Leav Kilns' });
    const buyer = await createOrganization(t.http, buyerUser.accessToken, { name: 'Mekong Builders', capabilities: ['buy'] });
    const listing = await createListing(t.http, sellerUser.accessToken, seller.id, { quantity: '100' });
    const offers: string[] = [];
    for (let i = 0; i < 50; i++) {
      const res = await t
        .http()
        .post('/api/v1/offers')
        .set(...bearer(buyerUser.accessToken))
        .send({ kind: 'order', organizationId: buyer.id, listingId: listing.id, quantity: '3' })
        .expect(201);
      offers.push(res.body.id);
    }
    const results = await Promise.all(offers.map((id) => t.http().post(`/api/v1/offers/${id}/accept`).set(...bearer(sellerUser.accessToken))));
    const statuses = results.map((r) => r.status);
    const odd = results.filter((r) => r.status !== 200 && r.status !== 409);
    expect(odd.map((r) => r.body)).toEqual([]);
    expect(statuses.filter((s) => s === 200)).toHaveLength(33);
    expect(statuses.filter((s) => s === 409)).toHaveLength(17);
    for (const r of results.filter((x) => x.status === 409)) expect(r.body.type).toContain('insufficient-quantity');

    const [row] = await db.query('SELECT quantity_remaining::text AS q, status FROM listings WHERE id = $1', [listing.id]);
    expect(row).toEqual({ q: '1.000', status: 'active' });
    const [reserved] = await db.query(
      `SELECT sum(l.quantity)::int AS total, count(DISTINCT d.id)::int AS deals FROM deal_lines l JOIN deals d ON d.id = l.deal_id WHERE l.listing_id = $1`,
      [listing.id],
    );
    expect(reserved).toEqual({ total: 99, deals: 33 });
    // The refused ones changed nothing: still pending, no deal.
    const [pending] = await db.query(`SELECT count(*)::int AS n FROM offers WHERE listing_id = $1 AND status = 'pending'`, [listing.id]);
    expect(pending.n).toBe(17);
  });
});

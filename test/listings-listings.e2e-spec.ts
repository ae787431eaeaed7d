import { DataSource } from 'typeorm';
import { addMember, bearer, createOrganization, CreatedOrganization, registerUser, RegisteredUser } from './support/identity';
import { createDemand, createListing, daysFromNow } from './support/listings';
import { expectProblem } from './support/problem';
import { createTestApp, TestApp } from './support/test-app';

describe('listings: listings and demands', () => {
  let t: TestApp;
  let db: DataSource;
  let owner: RegisteredUser;
  let manager: RegisteredUser;
  let member: RegisteredUser;
  let otherSeller: RegisteredUser;
  let buyer: RegisteredUser;
  let seller: CreatedOrganization;
  let buying: CreatedOrganization;

  const post = (path: string, token: string, body: unknown) => t.http().post(`/api/v1/${path}`).set(...bearer(token)).send(body as object);
  const patch = (path: string, token: string, body: unknown) => t.http().patch(`/api/v1/${path}`).set(...bearer(token)).send(body as object);
  const validListing = () => ({
    organizationId: seller.id,
    productCode: 'clay_roof_tile',
    title: 'Grade-A clay roof tiles',
    quantity: '15000',
    unit: 'piece',
    price: { amount: '650', currency: 'KHR' },
    qualityGrade: 'A',
    provinceCode: 'KH-14',
    availableUntil: daysFromNow(30),
  });

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    [owner, manager, member, otherSeller, buyer] = await Promise.all([1, 2, 3, 4, 5].map(() => registerUser(t.http)));
    seller = await createOrganization(t.http, owner.accessToken, { name: 'Kampong Leav Kilns' });
    await createOrganization(t.http, otherSeller.accessToken, { name: 'Other Kilns' });
    buying = await createOrganization(t.http, buyer.accessToken, { name: 'Builders', capabilities: ['buy'], provinceCode: 'KH-12' });
    await addMember(t.http, owner.accessToken, seller.id, manager.id, 'manager');
    await addMember(t.http, owner.accessToken, seller.id, member.id, 'member');
  });

  afterAll(() => t.close());

  describe('posting a listing', () => {
    it('stores exact decimals and shows quantity and quantityRemaining', async () => {
      const res = await post('listings', manager.accessToken, {
        ...validListing(),
        quantity: 15000,
        minOrderQuantity: '1000',
        price: { amount: '0.16', currency: 'USD' },
        location: { lat: 11.48, lng: 105.32 },
        description: 'Fired twice',
      }).expect(201);
      expect(res.body).toMatchObject({
        organizationId: seller.id,
        organization: { id: seller.id, name: 'Kampong Leav Kilns', verified: false },
        productCode: 'clay_roof_tile',
        valueChainCode: 'clay_tiles_bricks',
        quantity: '15000',
        quantityRemaining: '15000',
        minOrderQuantity: '1000',
        unit: 'piece',
        price: { amount: '0.16', currency: 'USD' },
        qualityGrade: 'A',
        location: { lat: 11.48, lng: 105.32 },
        status: 'active',
      });
      const fish = await post('listings', owner.accessToken, {
        ...validListing(),
        productCode: 'tilapia',
        unit: 'kg',
        qualityGrade: undefined,
        quantity: '1234.567',
        price: { amount: '6500.5', currency: 'KHR' },
      }).expect(201);
      expect(fish.body).toMatchObject({ quantity: '1234.567', quantityRemaining: '1234.567', price: { amount: '6500.50', currency: 'KHR' } });
      const [row] = await db.query('SELECT quantity::text, price_amount::text FROM listings WHERE id = $1', [fish.body.id]);
      expect(row).toEqual({ quantity: '1234.567', price_amount: '6500.50' });
    });

    it('checks product, unit and grade against the catalog', async () => {
      expectProblem(await post('listings', owner.accessToken, { ...validListing(), unit: 'kg' }), 400, 'unit');
      expectProblem(await post('listings', owner.accessToken, { ...validListing(), unit: 'bucket' }), 400, 'unit');
      expectProblem(await post('listings', owner.accessToken, { ...validListing(), productCode: 'unicorn_horn' }), 400, 'productCode');
      expectProblem(await post('listings', owner.accessToken, { ...validListing(), qualityGrade: 'Z' }), 400, 'qualityGrade');
      expectProblem(
        await post('listings', owner.accessToken, { ...validListing(), productCode: 'tilapia', unit: 'kg', qualityGrade: 'A' }),
        400,
        'qualityGrade',
      );
      expectProblem(await post('listings', owner.accessToken, { ...validListing(), provinceCode: 'KH-99' }), 400, 'provinceCode');
    });

    it('refuses negative, zero, fractional-piece and malformed quantities and prices', async () => {
      for (const quantity of ['-5', -5, '0', 0, '0.000', '1.5', 0.1, '1e5', '12345678901234', '', null, 'lots']) {
        expectProblem(await post('listings', owner.accessToken, { ...validListing(), quantity }), 400, 'quantity');
      }
      for (const amount of ['0', '0.00', '-1', '1.234', 'free', '']) {
        expectProblem(await post('listings', owner.accessToken, { ...validListing(), price: { amount, currency: 'KHR' } }), 400, 'price.amount');
      }
      expectProblem(await post('listings', owner.accessToken, { ...validListing(), price: { amount: '1', currency: 'EUR' } }), 400, 'price.currency');
      expectProblem(await post('listings', owner.accessToken, { ...validListing(), price: '650' }), 400, 'price');
      expectProblem(await post('listings', owner.accessToken, { ...validListing(), minOrderQuantity: '20000' }), 400, 'minOrderQuantity');
      expectProblem(await post('listings', owner.accessToken, { ...validListing(), availableUntil: daysFromNow(-1) }), 400, 'availableUntil');
      expectProblem(await post('listings', owner.accessToken, { ...validListing(), availableUntil: '2025-02-30T10:00:00+07:00' }), 400, 'availableUntil');
      expectProblem(await post('listings', owner.accessToken, { ...validListing(), availableUntil: '1 March' }), 400, 'availableUntil');
      expectProblem(await post('listings', owner.accessToken, { ...validListing(), location: { lat: 95, lng: 0 } }), 400, 'location.lat');
    });

    it('answers malformed and oversized bodies with 4xx problems, never 500', async () => {
      expectProblem(await post('listings', owner.accessToken, { ...validListing(), title: 'x'.repeat(201) }), 400, 'title');
      expectProblem(await post('listings', owner.accessToken, { ...validListing(), description: 'x'.repeat(4001) }), 400, 'description');
      expectProblem(await post('listings', owner.accessToken, { ...validListing(), status: 'sold_out' }), 400, 'status');
      expectProblem(await post('listings', owner.accessToken, { ...validListing(), organizationId: 'nope' }), 400, 'organizationId');
      expectProblem(await post('listings', owner.accessToken, { ...validListing(), title: 'tiles\u0000' }), 400);
      const broken = await t.http().post('/api/v1/listings').set(...bearer(owner.accessToken)).set('content-type', 'application/json').send('{"title":');
      expectProblem(broken, 400);
      const huge = await t
        .http()
        .post('/api/v1/listings')
        .set(...bearer(owner.accessToken))
        .set('content-type', 'application/json')
        .send(JSON.stringify({ ...validListing(), description: 'x'.repeat(2_000_000) }));
      expectProblem(huge, 413);
    });

    it('only owners and managers of an organization that can sell post listings', async () => {
      expectProblem(await t.http().post('/api/v1/listings').send(validListing()), 401);
      expectProblem(await post('listings', member.accessToken, validListing()), 403);
      expectProblem(await post('listings', otherSeller.accessToken, validListing()), 403);
      expectProblem(await post('listings', buyer.accessToken, { ...validListing(), organizationId: buying.id }), 403);
      expectProblem(await post('listings', owner.accessToken, { ...validListing(), organizationId: '00000000-0000-4000-8000-000000000000' }), 404);
    });

    it('creates one listing for 50 concurrent posts with the same Idempotency-Key', async () => {
      const before = await db.query('SELECT count(*)::int AS n FROM listings');
      const body = { ...validListing(), title: 'Idempotent tiles' };
      const responses = await Promise.all(
        Array.from({ length: 50 }, () => t.http().post('/api/v1/listings').set(...bearer(owner.accessToken)).set('idempotency-key', 'listing-key-1').send(body)),
      );
      for (const res of responses) expect([201, 409]).toContain(res.status);
      const after = await db.query('SELECT count(*)::int AS n FROM listings');
      expect(after[0].n - before[0].n).toBe(1);
      const replay = await t.http().post('/api/v1/listings').set(...bearer(owner.accessToken)).set('idempotency-key', 'listing-key-1').send(body).expect(201);
      expect(responses.filter((r) => r.status === 201).every((r) => r.body.id === replay.body.id)).toBe(true);
    });
  });

  describe('changing a listing', () => {
    let listingId: string;

    beforeEach(async () => {
      listingId = (await createListing(t.http, owner.accessToken, seller.id, { quantity: '10000' })).id;
    });

    it("another organization's user gets 404, a plain member 403, a manager changes it", async () => {
      expectProblem(await patch(`listings/${listingId}`, otherSeller.accessToken, { title: 'Mine now' }), 404);
      expectProblem(await t.http().delete(`/api/v1/listings/${listingId}`).set(...bearer(otherSeller.accessToken)), 404);
      expectProblem(await patch(`listings/${listingId}`, buyer.accessToken, { title: 'Mine now' }), 404);
      expectProblem(await patch(`listings/${listingId}`, member.accessToken, { title: 'Member edit' }), 403);
      expectProblem(await patch(`listings/${listingId}`, member.accessToken, { price: { amount: '1', currency: 'KHR' } }), 403);
      const res = await patch(`listings/${listingId}`, manager.accessToken, { title: 'Better tiles', price: { amount: '600', currency: 'KHR' } }).expect(200);
      expect(res.body).toMatchObject({ title: 'Better tiles', price: { amount: '600.00', currency: 'KHR' } });
      expectProblem(await patch(`listings/${listingId}`, manager.accessToken, { unit: 'kg' }), 400, 'unit');
      expectProblem(await patch(`listings/not-a-uuid`, manager.accessToken, { title: 'x' }), 400, 'id');
      expectProblem(await patch(`listings/00000000-0000-4000-8000-000000000000`, manager.accessToken, { title: 'x' }), 404);
    });

    it('moves quantityRemaining with the quantity and never below what is reserved (409)', async () => {
      // An accepted offer (a later part of the lib) reserves 3,000.
      await db.query('UPDATE listings SET quantity_remaining = quantity_remaining - 3000 WHERE id = $1', [listingId]);
      const grown = await patch(`listings/${listingId}`, owner.accessToken, { quantity: '12000' }).expect(200);
      expect(grown.body).toMatchObject({ quantity: '12000', quantityRemaining: '9000' });
      expectProblem(await patch(`listings/${listingId}`, owner.accessToken, { quantity: '2999' }), 409);
      const exact = await patch(`listings/${listingId}`, owner.accessToken, { quantity: '3000' }).expect(200);
      expect(exact.body).toMatchObject({ quantity: '3000', quantityRemaining: '0', status: 'sold_out' });
      const back = await patch(`listings/${listingId}`, owner.accessToken, { quantity: '5000' }).expect(200);
      expect(back.body).toMatchObject({ quantityRemaining: '2000', status: 'active' });
    });

    it('keeps quantity - quantityRemaining equal to what is reserved under 50 concurrent edits', async () => {
      await db.query('UPDATE listings SET quantity_remaining = quantity_remaining - 3000 WHERE id = $1', [listingId]);
      const quantities = Array.from({ length: 50 }, (_, i) => String(3000 + i * 317));
      const responses = await Promise.all(quantities.map((quantity) => patch(`listings/${listingId}`, owner.accessToken, { quantity })));
      for (const res of responses) expect(res.status).toBe(200);
      const [row] = await db.query('SELECT (quantity - quantity_remaining)::text AS reserved FROM listings WHERE id = $1', [listingId]);
      expect(row.reserved).toBe('3000.000');
    });

    it('lets the database refuse an oversell, whatever the concurrency', async () => {
      // What a reservation will do: 50 at once ask for 300 of 10,000; 33 fit.
      const results = await Promise.allSettled(
        Array.from({ length: 50 }, () => db.query('UPDATE listings SET quantity_remaining = quantity_remaining - 300 WHERE id = $1', [listingId])),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(33);
      const [row] = await db.query('SELECT quantity_remaining::text AS left FROM listings WHERE id = $1', [listingId]);
      expect(row.left).toBe('100.000');
      await expect(db.query('UPDATE listings SET quantity_remaining = quantity + 1 WHERE id = $1', [listingId])).rejects.toThrow(/quantity_remaining_range/);
    });

    it('pauses, resumes and closes; hidden ones are 404 to others but visible to the owner', async () => {
      await patch(`listings/${listingId}`, manager.accessToken, { status: 'paused' }).expect(200);
      expectProblem(await t.http().get(`/api/v1/listings/${listingId}`), 404);
      expectProblem(await t.http().get(`/api/v1/listings/${listingId}`).set(...bearer(otherSeller.accessToken)), 404);
      const mine = await t.http().get(`/api/v1/listings/${listingId}`).set(...bearer(member.accessToken)).expect(200);
      expect(mine.body.status).toBe('paused');
      await patch(`listings/${listingId}`, manager.accessToken, { status: 'active' }).expect(200);
      await t.http().get(`/api/v1/listings/${listingId}`).expect(200);
      expectProblem(await patch(`listings/${listingId}`, manager.accessToken, { status: 'sold_out' }), 400, 'status');

      await t.http().delete(`/api/v1/listings/${listingId}`).set(...bearer(manager.accessToken)).expect(204);
      await t.http().delete(`/api/v1/listings/${listingId}`).set(...bearer(manager.accessToken)).expect(204);
      expectProblem(await t.http().get(`/api/v1/listings/${listingId}`), 404);
      expect((await t.http().get(`/api/v1/listings/${listingId}`).set(...bearer(owner.accessToken)).expect(200)).body.status).toBe('closed');
      expectProblem(await patch(`listings/${listingId}`, owner.accessToken, { status: 'active' }), 409);
    });

    it('an expired listing resumes only with a future availableUntil', async () => {
      await db.query(`UPDATE listings SET status = 'expired', available_from = now() - interval '2 days', available_until = now() - interval '1 hour' WHERE id = $1`, [listingId]);
      expectProblem(await patch(`listings/${listingId}`, owner.accessToken, { status: 'active' }), 422);
      expectProblem(await patch(`listings/${listingId}`, owner.accessToken, { status: 'paused' }), 409);
      const res = await patch(`listings/${listingId}`, owner.accessToken, { status: 'active', availableUntil: daysFromNow(10) }).expect(200);
      expect(res.body.status).toBe('active');
    });
  });

  describe('demands', () => {
    const validDemand = () => ({
      organizationId: buying.id,
      productCode: 'clay_roof_tile',
      quantity: '40000',
      unit: 'piece',
      maxPrice: { amount: '800', currency: 'KHR' },
      qualityGrade: 'A',
      deliveryProvinceCode: 'KH-12',
      deliveryLocation: { lat: 11.55, lng: 104.92 },
      neededBy: daysFromNow(30),
    });

    it('posts a demand with exact decimals; allowPooled defaults to true', async () => {
      const res = await post('demands', buyer.accessToken, validDemand()).expect(201);
      expect(res.body).toMatchObject({
        organizationId: buying.id,
        organization: { name: 'Builders' },
        quantity: '40000',
        maxPrice: { amount: '800.00', currency: 'KHR' },
        qualityGrade: 'A',
        deliveryProvinceCode: 'KH-12',
        deliveryLocation: { lat: 11.55, lng: 104.92 },
        allowPooled: true,
        status: 'open',
      });
      await t.http().get(`/api/v1/demands/${res.body.id}`).expect(200);
    });

    it('checks it like a listing', async () => {
      expectProblem(await post('demands', buyer.accessToken, { ...validDemand(), unit: 'kg' }), 400, 'unit');
      expectProblem(await post('demands', buyer.accessToken, { ...validDemand(), productCode: 'moon_rock' }), 400, 'productCode');
      expectProblem(await post('demands', buyer.accessToken, { ...validDemand(), quantity: '-1' }), 400, 'quantity');
      expectProblem(await post('demands', buyer.accessToken, { ...validDemand(), quantity: 0 }), 400, 'quantity');
      expectProblem(await post('demands', buyer.accessToken, { ...validDemand(), neededBy: daysFromNow(-2) }), 400, 'neededBy');
      expectProblem(await post('demands', buyer.accessToken, { ...validDemand(), neededBy: undefined }), 400, 'neededBy');
      expectProblem(await post('demands', buyer.accessToken, { ...validDemand(), maxPrice: { amount: '0', currency: 'KHR' } }), 400, 'maxPrice.amount');
      expectProblem(await post('demands', buyer.accessToken, { ...validDemand(), deliveryProvinceCode: 'KH-77' }), 400, 'deliveryProvinceCode');
      expectProblem(await post('demands', buyer.accessToken, { ...validDemand(), allowPooled: 'yes' }), 400, 'allowPooled');
    });

    it('only buyers post demands; only their managers change them; others get 404', async () => {
      expectProblem(await post('demands', owner.accessToken, { ...validDemand(), organizationId: seller.id }), 403);
      expectProblem(await post('demands', owner.accessToken, validDemand()), 403);
      const demand = await createDemand(t.http, buyer.accessToken, buying.id);
      expectProblem(await patch(`demands/${demand.id}`, owner.accessToken, { quantity: '1' }), 404);
      expectProblem(await t.http().delete(`/api/v1/demands/${demand.id}`).set(...bearer(owner.accessToken)), 404);
      const changed = await patch(`demands/${demand.id}`, buyer.accessToken, { quantity: '6000', maxPrice: null, status: 'paused' }).expect(200);
      expect(changed.body).toMatchObject({ quantity: '6000', maxPrice: null, status: 'paused' });
      expectProblem(await t.http().get(`/api/v1/demands/${demand.id}`), 404);
      await patch(`demands/${demand.id}`, buyer.accessToken, { status: 'open' }).expect(200);
      await t.http().delete(`/api/v1/demands/${demand.id}`).set(...bearer(buyer.accessToken)).expect(204);
      expectProblem(await patch(`demands/${demand.id}`, buyer.accessToken, { status: 'open' }), 409);
    });
  });
});

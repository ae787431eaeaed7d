import { DataSource } from 'typeorm';
import { bearer, createOrganization, CreatedOrganization, registerUser, RegisteredUser } from './support/identity';
import { createDemand, createListing } from './support/listings';
import { expectProblem } from './support/problem';
import { createTestApp, TestApp } from './support/test-app';

interface Item {
  id: string;
  title?: string;
  distanceKm?: number;
  price?: { amount: string; currency: string };
}

describe('listings: search', () => {
  let t: TestApp;
  let db: DataSource;
  let alice: RegisteredUser;
  let bora: RegisteredUser;
  let buyer: RegisteredUser;
  let a: CreatedOrganization;
  let b: CreatedOrganization;
  let buying: CreatedOrganization;
  const ids: Record<string, string> = {};
  const extra: string[] = [];

  const search = async (query: string, token?: string) => {
    const req = t.http().get(`/api/v1/listings${query ? `?${query}` : ''}`);
    const res = await (token ? req.set(...bearer(token)) : req);
    expect(res.status).toBe(200);
    return res.body as { items: Item[]; nextCursor: string | null };
  };
  const idsOf = async (query: string, token?: string) => (await search(query, token)).items.map((i) => i.id);
  const named = (...names: string[]) => names.map((n) => ids[n]);

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    [alice, bora, buyer] = await Promise.all([1, 2, 3].map(() => registerUser(t.http)));
    a = await createOrganization(t.http, alice.accessToken, { name: 'Kampong Leav Kilns' });
    b = await createOrganization(t.http, bora.accessToken, { name: 'Kandal Tiles', provinceCode: 'KH-8' });
    buying = await createOrganization(t.http, buyer.accessToken, { name: 'Builders', capabilities: ['buy'], provinceCode: 'KH-12' });
    const list = async (name: string, token: string, org: string, body: Record<string, unknown>) => {
      ids[name] = (await createListing(t.http, token, org, body)).id;
    };
    // One at a time, so "newest" has a known order.
    await list('a1', alice.accessToken, a.id, {
      title: 'Grade-A clay roof tiles from Kampong Leav',
      quantity: '15000',
      price: { amount: '650', currency: 'KHR' },
      location: { lat: 11.48, lng: 105.32 },
    });
    await list('a2', alice.accessToken, a.id, {
      title: 'Seconds roof tiles',
      quantity: '30000',
      price: { amount: '0.10', currency: 'USD' },
      qualityGrade: 'B',
      provinceCode: 'KH-4',
      location: { lat: 12.139, lng: 104.566 },
    });
    await list('a3', alice.accessToken, a.id, {
      productCode: 'clay_brick',
      title: 'Solid bricks',
      quantity: '60000',
      price: { amount: '180', currency: 'KHR' },
      location: { lat: 11.38, lng: 105.5 },
    });
    await list('a4', alice.accessToken, a.id, {
      productCode: 'tilapia',
      title: 'Fresh tilapia',
      quantity: '2000',
      unit: 'kg',
      qualityGrade: undefined,
      price: { amount: '1.60', currency: 'USD' },
      location: { lat: 11.38, lng: 105.5 },
    });
    await list('b1', bora.accessToken, b.id, {
      title: 'ក្បឿងដី ល្អ',
      quantity: '12000',
      qualityGrade: 'C',
      price: { amount: '300', currency: 'KHR' },
      provinceCode: 'KH-8',
      location: { lat: 11.3, lng: 105.0 },
    });
    for (const hidden of ['b2', 'b3', 'b4']) await list(hidden, bora.accessToken, b.id, { title: `Hidden tiles ${hidden}`, provinceCode: 'KH-8' });
    await t.http().patch(`/api/v1/listings/${ids.b2}`).set(...bearer(bora.accessToken)).send({ status: 'paused' }).expect(200);
    await db.query(`UPDATE listings SET status = 'expired' WHERE id = $1`, [ids.b3]);
    await t.http().delete(`/api/v1/listings/${ids.b4}`).set(...bearer(bora.accessToken)).expect(204);
  });

  afterAll(() => t.close());

  describe('free text', () => {
    it('finds by words of the title and of the product name, best first', async () => {
      const found = await idsOf('q=tiles');
      expect(new Set(found)).toEqual(new Set(named('a1', 'a2', 'b1')));
      expect(found[2]).toBe(ids.b1); // only the product name matches
      expect(await idsOf('q=roof%20tiles%20kampong')).toEqual(named('a1'));
      expect(await idsOf('q=TILAPIA')).toEqual(named('a4'));
    });

    it('forgives a misspelling: "tille" finds tiles, "tilapai" finds tilapia', async () => {
      expect(new Set(await idsOf('q=tille'))).toEqual(new Set(named('a1', 'a2', 'b1')));
      expect(await idsOf('q=tilapai')).toEqual(named('a4'));
      expect(await idsOf('q=briks')).toEqual(named('a3'));
    });

    it('works in Khmer, on titles and on product names', async () => {
      expect(new Set(await idsOf(`q=${encodeURIComponent('ក្បឿង')}`))).toEqual(new Set(named('a1', 'a2', 'b1')));
      expect(await idsOf(`q=${encodeURIComponent('ក្បឿងដី ល្អ')}`)).toEqual(named('b1'));
    });

    it('treats SQL and tsquery syntax in q as plain words, never an error', async () => {
      for (const q of ["'; DROP TABLE listings; --", "tiles' OR 1=1 --", 'tiles & | ! ( ) :* <->', '%_\\', "o'brien\\'s", '\u0000tiles']) {
        const res = await t.http().get(`/api/v1/listings?q=${encodeURIComponent(q)}`);
        expect(res.status).toBeLessThan(500);
      }
      expect((await db.query('SELECT count(*)::int AS n FROM listings'))[0].n).toBeGreaterThan(0);
      expect(await search('q=%21%21%21')).toEqual({ items: [], nextCursor: null });
      expect((await search('q=zzzzqqqq')).items).toEqual([]);
    });

    it('refuses a 10,000-character q with 400 naming q', async () => {
      expectProblem(await t.http().get(`/api/v1/listings?q=${'tile'.repeat(2500)}`), 400, 'q');
      expectProblem(await t.http().get(`/api/v1/demands?q=${'tile'.repeat(2500)}`), 400, 'q');
    });
  });

  describe('filters', () => {
    it('by product, value chain, province, grade and remaining quantity', async () => {
      expect(new Set(await idsOf('productCode=clay_roof_tile'))).toEqual(new Set(named('a1', 'a2', 'b1')));
      expect(await idsOf('valueChain=aquaculture')).toEqual(named('a4'));
      expect(await idsOf('province=KH-4')).toEqual(named('a2'));
      expect(await idsOf('grade=B')).toEqual(named('a2'));
      expect(new Set(await idsOf('minQuantity=20000'))).toEqual(new Set(named('a2', 'a3')));
      expect(await idsOf('productCode=clay_roof_tile&province=KH-8&grade=C')).toEqual(named('b1'));
    });

    it('names each seller, and whether it is verified, on every page whatever the sort or filter', async () => {
      await db.query('UPDATE organizations SET verified_at = now() WHERE id = $1', [a.id]);
      try {
        for (const query of ['', 'q=tiles', 'sort=price', 'near=11.48,105.32&radiusKm=50', 'productCode=clay_roof_tile&sort=price&currency=USD']) {
          const { items } = (await t.http().get(`/api/v1/listings?${query}`).expect(200)).body as {
            items: Array<{ id: string; organizationId: string; organization: { id: string; name: string; verified: boolean }; agent: unknown }>;
          };
          expect(items.length).toBeGreaterThan(0);
          for (const item of items) {
            const expected = item.organizationId === a.id ? { id: a.id, name: 'Kampong Leav Kilns', verified: true } : item.organizationId === b.id ? { id: b.id, name: 'Kandal Tiles', verified: false } : undefined;
            if (expected) expect(item.organization).toEqual(expected);
            expect(item.agent).toBeNull();
          }
        }
      } finally {
        await db.query('UPDATE organizations SET verified_at = NULL WHERE id = $1', [a.id]);
      }
    });

    it("by organization: only its publicly visible listings, for its public profile", async () => {
      expect(new Set(await idsOf(`organizationId=${a.id}`))).toEqual(new Set(named('a1', 'a2', 'a3', 'a4')));
      // b2 (paused), b3 (expired) and b4 (closed) stay hidden, even by organization.
      expect(await idsOf(`organizationId=${b.id}`)).toEqual(named('b1'));
      expect(await idsOf(`organizationId=${b.id}&productCode=clay_brick`)).toEqual([]);
      expectProblem(await t.http().get('/api/v1/listings?organizationId=not-a-uuid'), 400, 'organizationId');
    });

    it('by maximum price in either currency, converting at the configured rate', async () => {
      const underKhr = new Set(await idsOf('maxPrice=500'));
      expect(underKhr).toEqual(new Set(named('a2', 'a3', 'b1')));
      expect(new Set(await idsOf('maxPrice=0.12&currency=USD'))).toEqual(underKhr);
      // 0.10 USD is 410 KHR at 4100: exactly at the limit is in.
      expect(await idsOf('maxPrice=410&productCode=clay_roof_tile&grade=B')).toEqual(named('a2'));
      expect(await idsOf('maxPrice=409.99&productCode=clay_roof_tile&grade=B')).toEqual([]);
      expect(new Set(await idsOf('maxPrice=500&sort=price'))).toEqual(underKhr);
    });

    it('by distance from a point, with earth distances', async () => {
      const near = await search('near=11.55,104.92&radiusKm=50');
      expect(near.items.map((i) => i.id)).toEqual(named('b1', 'a1'));
      expect(near.items[0]!.distanceKm).toBeGreaterThan(20);
      expect(near.items[0]!.distanceKm).toBeLessThan(near.items[1]!.distanceKm!);
      expect(near.items[1]!.distanceKm).toBeLessThanOrEqual(50);
      expect(await idsOf('near=11.55,104.92&radiusKm=1')).toEqual([]);
      expect(await idsOf('near=11.55,104.92&radiusKm=2000')).toHaveLength(5);
      // Text near a point, every sort.
      expect(await idsOf('q=tiles&near=11.55,104.92&radiusKm=50&sort=distance')).toEqual(named('b1', 'a1'));
      expect(new Set(await idsOf('q=tiles&near=11.55,104.92&radiusKm=50'))).toEqual(new Set(named('b1', 'a1')));
      expect(await idsOf('q=tiles&near=11.55,104.92&radiusKm=50&sort=price')).toEqual(named('b1', 'a1'));
      // A range: at least 200៛ (leaves out the 180៛ bricks), at most 500៛; 0.10 USD is 410៛.
      expect(new Set(await idsOf('minPrice=200&maxPrice=500'))).toEqual(new Set(named('a2', 'b1')));
      expect(new Set(await idsOf('minPrice=0.05&maxPrice=0.12&currency=USD'))).toEqual(new Set(named('a2', 'b1')));
      expect(new Set(await idsOf('minPrice=600'))).toEqual(new Set(named('a1', 'a4')));
      expect(await idsOf('minPrice=200&maxPrice=500&sort=price')).toEqual(named('b1', 'a2'));
      expect(await idsOf('minPrice=500&maxPrice=200')).toEqual([]);
      expect(await idsOf('q=tilapia&near=11.55,104.92&radiusKm=50')).toEqual([]);
      expect(await idsOf('q=tilapia&near=11.55,104.92&radiusKm=100')).toEqual(named('a4'));
      expect(await idsOf('q=tilapia&near=11.55,104.92&radiusKm=1500')).toEqual(named('a4'));
    });

    it('answers bad filters with 400 naming the parameter, or an empty result', async () => {
      const bad: Array<[string, string]> = [
        ['near=91,0', 'near'],
        ['near=0,181', 'near'],
        ['near=abc', 'near'],
        ['near=11.5', 'near'],
        ['radiusKm=10', 'radiusKm'],
        ['near=11.5,104.9&radiusKm=-5', 'radiusKm'],
        ['near=11.5,104.9&radiusKm=abc', 'radiusKm'],
        ['near=11.5,104.9&radiusKm=5000', 'radiusKm'],
        ['sort=distance', 'sort'],
        ['sort=relevance', 'sort'],
        ['sort=cheapest', 'sort'],
        ['productCode=unicorn_horn', 'productCode'],
        ['productCode=DROP%20TABLE', 'productCode'],
        ['valueChain=space', 'valueChain'],
        ['province=KH-99', 'province'],
        ['minQuantity=-1', 'minQuantity'],
        ['minQuantity=0', 'minQuantity'],
        ['maxPrice=-3', 'maxPrice'],
        ['minPrice=abc', 'minPrice'],
        ['maxPrice=5&currency=EUR', 'currency'],
        ['grade=best', 'grade'],
        ['limit=0', 'limit'],
        ['limit=101', 'limit'],
        ['mine=maybe', 'mine'],
        ['status=paused', 'status'],
        ['cursor=not-a-cursor', 'cursor'],
        ['unknown=1', 'unknown'],
      ];
      for (const [query, field] of bad) expectProblem(await t.http().get(`/api/v1/listings?${query}`), 400, field);
    });
  });

  describe('sorting and pages', () => {
    beforeAll(async () => {
      // More rows, with equal prices in both currencies, so pages and ties are exercised.
      const prices = [
        ['500', 'KHR'],
        ['0.12', 'USD'],
        ['492', 'KHR'],
        ['500', 'KHR'],
        ['0.12', 'USD'],
        ['1000', 'KHR'],
      ];
      for (const [i, [amount, currency]] of prices.entries()) {
        const l = await createListing(t.http, alice.accessToken, a.id, {
          productCode: 'clay_hollow_brick',
          title: `Hollow bricks lot ${i}`,
          price: { amount, currency },
          location: { lat: 11 + i / 10, lng: 105 },
        });
        extra.push(l.id);
      }
    });

    it('sorts by price in a common currency, cheapest first', async () => {
      const res = await search('sort=price&limit=100&productCode=clay_hollow_brick');
      const khr = res.items.map((i) => (i.price!.currency === 'USD' ? Number(i.price!.amount) * 4100 : Number(i.price!.amount)));
      expect(khr).toEqual([...khr].sort((x, y) => x - y));
      expect(khr).toEqual([492, 492, 492, 500, 500, 1000]);
      expect(await idsOf('sort=price&limit=5')).toEqual(named('a3', 'b1', 'a2', ...[]).concat(res.items.slice(0, 2).map((i) => i.id)));
    });

    it('sorts by newest', async () => {
      const newest = await idsOf('sort=newest&limit=3');
      expect(newest).toEqual([extra[5], extra[4], extra[3]]);
    });

    it.each([
      ['newest', 'sort=newest'],
      ['price', 'sort=price'],
      ['distance', 'sort=distance&near=11.55,104.92'],
      ['relevance', 'sort=relevance&q=roof%20tiles'],
      ['relevance (or)', 'q=clay'],
      ['filtered price', 'sort=price&maxPrice=600'],
      ['text, by price', 'sort=price&q=bricks'],
      ['text near a point, by distance', 'sort=distance&q=bricks&near=11.55,104.92&radiusKm=300'],
    ])('pages through every row once by %s', async (_name, query) => {
      const all = await idsOf(`${query}&limit=100`);
      expect(all.length).toBeGreaterThan(2);
      const paged: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await search(`${query}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        expect(page.items.length).toBeLessThanOrEqual(2);
        paged.push(...page.items.map((i) => i.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(paged).toEqual(all);
    });

    it('keeps pages stable while rows are added', async () => {
      const first = await search('sort=newest&limit=3');
      await createListing(t.http, alice.accessToken, a.id, { title: 'Inserted meanwhile' });
      const second = await search(`sort=newest&limit=3&cursor=${first.nextCursor}`);
      const seen = [...first.items, ...second.items].map((i) => i.id);
      expect(new Set(seen).size).toBe(6);
      expect(second.items[0]!.id).toBe(extra[2]);
    });

    it('keeps relevance pages stable while matching rows are added', async () => {
      const first = await search('q=hollow&limit=2');
      expect(first.items).toHaveLength(2);
      await createListing(t.http, alice.accessToken, a.id, { productCode: 'clay_hollow_brick', title: 'Hollow bricks posted meanwhile' });
      const rest: string[] = [];
      let cursor = first.nextCursor;
      while (cursor) {
        const page = await search(`q=hollow&limit=2&cursor=${cursor}`);
        rest.push(...page.items.map((i) => i.id));
        cursor = page.nextCursor;
      }
      const seen = [...first.items.map((i) => i.id), ...rest];
      expect(new Set(seen).size).toBe(seen.length);
      expect(new Set(seen)).toEqual(new Set(extra));
    });

    it('refuses a cursor from another sort', async () => {
      const page = await search('sort=newest&limit=1');
      expectProblem(await t.http().get(`/api/v1/listings?sort=price&cursor=${page.nextCursor}`), 400, 'cursor');
      const forged = Buffer.from(JSON.stringify(['price', "1; DROP TABLE listings", ids.a1])).toString('base64url');
      expectProblem(await t.http().get(`/api/v1/listings?sort=price&cursor=${forged}`), 400, 'cursor');
    });
  });

  describe('hidden rows', () => {
    it('never shows paused, expired or closed listings to the public', async () => {
      const everything = await idsOf('limit=100');
      for (const hidden of named('b2', 'b3', 'b4')) expect(everything).not.toContain(hidden);
      expect(await idsOf('q=hidden')).toEqual([]);
    });

    it('shows them to their owner with mine=true, optionally by status', async () => {
      expect(new Set(await idsOf('mine=true', bora.accessToken))).toEqual(new Set(named('b1', 'b2', 'b3', 'b4')));
      expect(await idsOf('mine=true&status=paused', bora.accessToken)).toEqual(named('b2'));
      expect(await idsOf('mine=true&status=expired&q=hidden', bora.accessToken)).toEqual(named('b3'));
      expect(await idsOf('mine=true', buyer.accessToken)).toEqual([]);
      expectProblem(await t.http().get('/api/v1/listings?mine=true'), 401);
    });

    it('keeps a sold-out listing out of search but open by its id', async () => {
      const soldOut = await createListing(t.http, bora.accessToken, b.id, { title: 'Sold out tiles', quantity: '100' });
      await db.query('UPDATE listings SET quantity_remaining = 0 WHERE id = $1', [soldOut.id]);
      await t.http().patch(`/api/v1/listings/${soldOut.id}`).set(...bearer(bora.accessToken)).send({ title: 'Sold out tiles!' }).expect(200);
      expect((await t.http().get(`/api/v1/listings/${soldOut.id}`).expect(200)).body).toMatchObject({ status: 'sold_out', quantityRemaining: '0' });
      expect(await idsOf('q=sold')).toEqual([]);
      expect(await idsOf('mine=true&status=sold_out', bora.accessToken)).toEqual([soldOut.id]);
    });
  });

  describe('demands', () => {
    const demandIds: Record<string, string> = {};

    beforeAll(async () => {
      demandIds.d1 = (await createDemand(t.http, buyer.accessToken, buying.id, { maxPrice: { amount: '800', currency: 'KHR' } })).id;
      demandIds.d2 = (
        await createDemand(t.http, buyer.accessToken, buying.id, {
          maxPrice: { amount: '0.25', currency: 'USD' },
          deliveryProvinceCode: 'KH-14',
          description: 'For a pagoda roof',
        })
      ).id;
      demandIds.d3 = (
        await createDemand(t.http, buyer.accessToken, buying.id, { productCode: 'tilapia', unit: 'kg', qualityGrade: undefined, quantity: '500' })
      ).id;
      demandIds.d4 = (await createDemand(t.http, buyer.accessToken, buying.id, { description: 'paused one' })).id;
      await t.http().patch(`/api/v1/demands/${demandIds.d4}`).set(...bearer(buyer.accessToken)).send({ status: 'paused' }).expect(200);
    });

    const demandSearch = async (query: string, token?: string) => {
      const req = t.http().get(`/api/v1/demands?${query}`);
      const res = await (token ? req.set(...bearer(token)) : req);
      expect(res.status).toBe(200);
      return (res.body.items as Item[]).map((i) => i.id);
    };

    it("names each demand's buyer", async () => {
      const res = await t.http().get('/api/v1/demands?productCode=clay_roof_tile').expect(200);
      expect(res.body.items.length).toBeGreaterThan(0);
      for (const item of res.body.items as Array<{ organizationId: string; organization: unknown }>) {
        if (item.organizationId === buying.id) expect(item.organization).toEqual({ id: buying.id, name: 'Builders', verified: false });
      }
      expect((res.body.items as Array<{ organizationId: string }>).some((i) => i.organizationId === buying.id)).toBe(true);
    });

    it('searches demands by text, product and delivery province', async () => {
      expect(await demandSearch('q=tilapia')).toEqual([demandIds.d3]);
      expect(await demandSearch('q=pagoda')).toEqual([demandIds.d2]);
      expect(await demandSearch('q=tille&province=KH-14')).toEqual([demandIds.d2]);
      expect(new Set(await demandSearch('productCode=clay_roof_tile'))).toEqual(new Set([demandIds.d1, demandIds.d2]));
    });

    it('sorts the best-paying first and those without a maximum last; minPrice keeps those', async () => {
      expect(await demandSearch('sort=price')).toEqual([demandIds.d2, demandIds.d1, demandIds.d3]);
      expect(await demandSearch('sort=price&minPrice=900')).toEqual([demandIds.d2, demandIds.d3]);
      expect(await demandSearch('minPrice=0.2&currency=USD')).toEqual([demandIds.d3, demandIds.d2]);
      const paged: string[] = [];
      let cursor: string | null = null;
      do {
        const res: { body: { items: Item[]; nextCursor: string | null } } = await t
          .http()
          .get(`/api/v1/demands?sort=price&limit=1${cursor ? `&cursor=${cursor}` : ''}`)
          .expect(200);
        paged.push(...res.body.items.map((i) => i.id));
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(paged).toEqual([demandIds.d2, demandIds.d1, demandIds.d3]);
    });

    it('shows paused demands only to their owner', async () => {
      expect(await demandSearch('limit=100')).not.toContain(demandIds.d4);
      expect(await demandSearch('mine=true&status=paused', buyer.accessToken)).toEqual([demandIds.d4]);
      // Both on Phnom Penh's centre: each point is moved by under a metre, so they have an order.
      expect(new Set(await demandSearch('near=11.55,104.92&radiusKm=30'))).toEqual(new Set([demandIds.d1, demandIds.d3]));
      expectProblem(await t.http().get('/api/v1/demands?near=-100,0'), 400, 'near');
    });
  });

  describe('many rows on one point', () => {
    it('pages by distance through many listings on the same province centre', async () => {
      const owner = await registerUser(t.http);
      const org = await createOrganization(t.http, owner.accessToken, { name: 'Takeo Tailors' });
      const same: string[] = [];
      for (let i = 0; i < 7; i++) {
        same.push((await createListing(t.http, owner.accessToken, org.id, { productCode: 'garment', qualityGrade: 'A', provinceCode: 'KH-21' })).id);
      }
      const paged: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await search(`productCode=garment&near=10.99,104.78&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        paged.push(...page.items.map((i) => i.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(paged).toHaveLength(7);
      expect(new Set(paged)).toEqual(new Set(same));
    });
  });
});

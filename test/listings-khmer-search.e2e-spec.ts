import { SearchKhmerWords1796144079380 } from '@psar/listings/migrations/1796144079380-search-khmer-words';
import { DataSource } from 'typeorm';
import { bearer, createOrganization, CreatedOrganization, registerUser, RegisteredUser } from './support/identity';
import { createDemand, createListing } from './support/listings';
import { createTestApp, TestApp } from './support/test-app';

/** ក្បឿង (tile) typed vowel first, subscript after: looks the same, other code points. */
const TILE_VOWEL_FIRST = '\u1780\u17BF\u17D2\u1794\u1784';

describe('listings: search in Khmer words, romanised Khmer, Khmer digits, product aliases', () => {
  let t: TestApp;
  let db: DataSource;
  let seller: RegisteredUser;
  let buyer: RegisteredUser;
  let org: CreatedOrganization;
  let buying: CreatedOrganization;
  const ids: Record<string, string> = {};

  const search = async (path: string) => {
    const res = await t.http().get(`/api/v1/${path}`);
    expect(res.status).toBe(200);
    return res.body as { items: Array<{ id: string; title?: string; quantity?: string }>; nextCursor: string | null };
  };
  const found = async (query: string) => (await search(`listings?${query}`)).items.map((i) => i.id);
  const q = (text: string) => found(`q=${encodeURIComponent(text)}`);
  const named = (...names: string[]) => names.map((n) => ids[n]!);

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    [seller, buyer] = await Promise.all([registerUser(t.http), registerUser(t.http)]);
    org = await createOrganization(t.http, seller.accessToken, { name: 'សហគមន៍ក្បឿងដីឥដ្ឋកំពង់ឡែង', valueChains: ['clay_tiles_bricks', 'swine'] });
    buying = await createOrganization(t.http, buyer.accessToken, { name: 'Builders', capabilities: ['buy'], provinceCode: 'KH-12' });
    const list = async (name: string, body: Record<string, unknown>) => {
      ids[name] = (await createListing(t.http, seller.accessToken, org.id, body)).id;
    };
    // Written as Khmer is written, without spaces.
    await list('khTile', { title: 'លក់ក្បឿងដីឥដ្ឋថ្នាក់Aពីឡដុត', quantity: '30000' });
    await list('enTile', { title: 'Grade-A clay roof tiles from Kampong Leav', quantity: '10000' });
    // A brick listing whose title names tiles typed in the other code point order.
    await list('brickAlt', { productCode: 'clay_brick', title: `ឥដ្ឋល្អ និង${TILE_VOWEL_FIRST}`, quantity: '5000' });
    await list('brickEn', { productCode: 'clay_brick', title: 'Solid bricks', description: 'Roof tiles also made on request', quantity: '8000' });
    await list('pig', { productCode: 'live_pig', title: 'Healthy fattening stock, about 90 kg each', quantity: '40', unit: 'head', qualityGrade: undefined });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('finds a Khmer title by each word in it', async () => {
    expect(await q('ដីឥដ្ឋ')).toEqual(expect.arrayContaining(named('khTile')));
    expect(await q('ក្បឿង')).toEqual(expect.arrayContaining(named('khTile')));
    expect(await q('ដីឥដ្ឋ')).not.toContain(ids.enTile);
  });

  it('finds English-titled tiles by the product’s Khmer name written without spaces', async () => {
    const ids_ = await q('ក្បឿងដីឥដ្ឋ');
    expect(ids_).toEqual(expect.arrayContaining(named('khTile', 'enTile')));
    expect(ids_).not.toContain(ids.pig);
  });

  it('finds a Khmer title by an English query for its product and an English title by a Khmer one', async () => {
    expect(await q('roof tiles')).toEqual(expect.arrayContaining(named('khTile', 'enTile')));
    expect(await q('ក្បឿង')).toEqual(expect.arrayContaining(named('enTile')));
  });

  it('ranks a product-name hit like a title hit, above a description hit', async () => {
    const ranked = await q('roof tiles');
    expect(ranked.indexOf(ids.khTile!)).toBeLessThan(ranked.indexOf(ids.brickEn!));
    expect(ranked.indexOf(ids.enTile!)).toBeLessThan(ranked.indexOf(ids.brickEn!));
  });

  it('finds tiles and pigs by romanised Khmer', async () => {
    const tiles = await q('kbeung');
    expect(tiles).toEqual(expect.arrayContaining(named('khTile', 'enTile')));
    expect(tiles).not.toContain(ids.pig);
    expect(tiles).not.toContain(ids.brickEn);
    expect(await q('kbueng')).toEqual(expect.arrayContaining(named('khTile', 'enTile')));
    const pigs = await q('chrouk');
    expect(pigs).toEqual(named('pig'));
    expect(await q('ជ្រូក')).toEqual(named('pig'));
  });

  it('finds the same listings whatever the code point order of a Khmer word', async () => {
    const canonical = await q('ក្បឿង');
    expect(canonical).toEqual(expect.arrayContaining(named('khTile', 'enTile', 'brickAlt')));
    expect((await q(TILE_VOWEL_FIRST)).sort()).toEqual([...canonical].sort());
  });

  it('forgives a one-letter Khmer typo', async () => {
    // ក្បៀង: ៀ for ឿ.
    expect(await q('ក្បៀង')).toEqual(expect.arrayContaining(named('khTile', 'enTile')));
  });

  it('reads Khmer digits in numbers: filters, quantities, prices, page sizes', async () => {
    const western = await found('productCode=clay_roof_tile&minQuantity=20000');
    expect(western).toEqual(named('khTile'));
    expect(await found(`productCode=clay_roof_tile&minQuantity=${encodeURIComponent('២០០០០')}`)).toEqual(western);
    expect(await found(`productCode=clay_roof_tile&maxPrice=${encodeURIComponent('៦៥០')}`)).toHaveLength(2);
    expect(await found(`limit=${encodeURIComponent('២')}`)).toHaveLength(2);
    const near = await found(`near=${encodeURIComponent('១១.៥,១០៥.៣')}&radiusKm=${encodeURIComponent('៥០')}&sort=distance`);
    expect(near.length).toBeGreaterThan(0);
    expect(near).toEqual(await found('near=11.5,105.3&radiusKm=50&sort=distance'));
    const created = await createListing(t.http, seller.accessToken, org.id, {
      title: 'ក្បឿងថ្មី',
      quantity: '១២០០០',
      price: { amount: '៧០០', currency: 'KHR' },
      minOrderQuantity: '១០០០',
    });
    expect(created).toMatchObject({ quantity: '12000', price: { amount: '700.00', currency: 'KHR' }, minOrderQuantity: '1000' });
    const bad = await t.http().get(`/api/v1/listings?minQuantity=${encodeURIComponent('២x')}`);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('minQuantity');
  });

  it('finds demands by a Khmer word of their description', async () => {
    const demand = await createDemand(t.http, buyer.accessToken, buying.id, { description: 'ត្រូវការក្បឿងដីឥដ្ឋជាបន្ទាន់', quantity: '៥០០០' });
    expect(demand.quantity).toBe('5000');
    // ដីឥដ្ឋ is in no name of the product (ក្បឿងដី): found through the description's words.
    expect((await search(`demands?q=${encodeURIComponent('ដីឥដ្ឋ')}`)).items.map((d) => d.id)).toEqual([demand.id]);
  });

  it('finds an organization by Khmer words of its name, spaced or not', async () => {
    for (const text of ['ដីឥដ្ឋ', 'ក្បឿង ដីឥដ្ឋ', 'សហគមន៍ក្បឿង']) {
      const res = await t.http().get(`/api/v1/organizations?q=${encodeURIComponent(text)}`).set(...bearer(seller.accessToken));
      expect(res.status).toBe(200);
      expect((res.body.items as Array<{ id: string }>).map((o) => o.id)).toContain(org.id);
    }
    const none = await t.http().get(`/api/v1/organizations?q=${encodeURIComponent('ជ្រូក')}`);
    expect((none.body.items as Array<{ id: string }>).map((o) => o.id)).not.toContain(org.id);
  });

  it('migrates rows written before Khmer was split into words', async () => {
    const runner = db.createQueryRunner();
    const migration = new SearchKhmerWords1796144079380();
    try {
      await migration.down(runner);
      const [old] = (await runner.query(
        `INSERT INTO listings (organization_id, product_code, value_chain_code, title, search_terms, quantity, quantity_remaining, unit,
           price_amount, price_currency, province_code, lat, lng, available_from)
         VALUES ($1, 'pork', 'swine', 'សាច់ស្រស់ពីកសិដ្ឋានយើង', 'Pork សាច់ជ្រូក pork', 100, 100, 'kg', 15000, 'KHR', 'KH-14', 11.5, 105.3, now())
         RETURNING id`,
        [org.id],
      )) as Array<{ id: string }>;
      await migration.up(runner);
      expect(await q('កសិដ្ឋាន')).toEqual([old!.id]);
      expect(await q('chrouk')).toEqual(expect.arrayContaining([old!.id, ids.pig]));
    } finally {
      await runner.release();
    }
  });
});

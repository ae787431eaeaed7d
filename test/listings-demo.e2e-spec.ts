import { DEMO_PASSWORD, identityDemoSeeder } from '@psar/identity';
import { listingsDemoSeeder } from '@psar/listings';
import { seedOnce } from '@psar/platform';
import { DataSource } from 'typeorm';
import { bearer } from './support/identity';
import { createTestApp, TestApp } from './support/test-app';

describe('listings: demo data', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
    await seedOnce(t.app.get(DataSource), 'demo', [identityDemoSeeder, listingsDemoSeeder]);
  });

  afterAll(() => t.close());

  const login = async (email: string) =>
    (await t.http().post('/api/v1/auth/login').send({ login: email, password: DEMO_PASSWORD }).expect(200)).body.accessToken as string;

  it('lists tiles of different grades, prices and provinces, fish and swine', async () => {
    const tiles = (await t.http().get('/api/v1/listings?productCode=clay_roof_tile&limit=100').expect(200)).body.items as Array<{
      qualityGrade: string;
      provinceCode: string;
      price: { amount: string };
    }>;
    expect(new Set(tiles.map((l) => l.qualityGrade))).toEqual(new Set(['A', 'B', 'C']));
    expect(new Set(tiles.map((l) => l.provinceCode)).size).toBeGreaterThanOrEqual(3);
    expect(new Set(tiles.map((l) => l.price.amount)).size).toBe(tiles.length);
    expect((await t.http().get('/api/v1/listings?valueChain=aquaculture').expect(200)).body.items.length).toBeGreaterThanOrEqual(2);
    expect((await t.http().get('/api/v1/listings?valueChain=swine').expect(200)).body.items.length).toBeGreaterThanOrEqual(1);
  });

  it("gives the construction firm a demand that only a pool of the cooperative's producers can fill", async () => {
    const token = await login('buyer@demo.psar.example');
    const mine = await t.http().get('/api/v1/demands?mine=true').set(...bearer(token)).expect(200);
    const demand = mine.body.items.find((d: { productCode: string }) => d.productCode === 'clay_roof_tile');
    expect(demand).toMatchObject({ quantity: '40000', qualityGrade: 'A', deliveryProvinceCode: 'KH-12', allowPooled: true });
    const matches = (await t.http().get(`/api/v1/demands/${demand.id}/matches`).set(...bearer(token)).expect(200)).body.items;
    expect(matches.some((m: { kind: string; coverage: number }) => m.kind === 'single' && m.coverage === 1)).toBe(false);
    expect(matches[0]).toMatchObject({ kind: 'pooled', totalQuantity: '40000', coverage: 1 });
    expect(matches[0].reasons).toContain('all members of Prey Veng Clay Tile Makers (demo)');
  });
});

import SwaggerParser from '@apidevtools/swagger-parser';
import { distanceKm } from '@psar/catalog';
import type { OpenAPI } from 'openapi-types';
import { DataSource } from 'typeorm';
import { expectProblem } from './support/problem';
import { createTestApp, TestApp } from './support/test-app';

describe('catalog', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(() => t.close());

  it('lists the 25 provinces with ISO codes, Khmer names and centroids', async () => {
    const res = await t.http().get('/api/v1/provinces').expect(200);
    expect(res.body.items).toHaveLength(25);
    const codes = res.body.items.map((p: { code: string }) => p.code).sort();
    expect(codes).toEqual(Array.from({ length: 25 }, (_, i) => `KH-${i + 1}`).sort());
    const phnomPenh = res.body.items.find((p: { code: string }) => p.code === 'KH-12');
    expect(phnomPenh).toMatchObject({ nameEn: 'Phnom Penh', nameKm: 'រាជធានីភ្នំពេញ' });
    for (const province of res.body.items) {
      expect(province.nameKm).toMatch(/[\u1780-\u17FF]/);
      expect(province.centroid.lat).toBeGreaterThan(10);
      expect(province.centroid.lat).toBeLessThan(15);
      expect(province.centroid.lng).toBeGreaterThan(102);
      expect(province.centroid.lng).toBeLessThan(108);
    }
  });

  it('lists value chains and the products of one', async () => {
    const chains = await t.http().get('/api/v1/value-chains').expect(200);
    const chainCodes = chains.body.items.map((c: { code: string }) => c.code);
    expect(chainCodes).toEqual(expect.arrayContaining(['swine', 'aquaculture', 'clay_tiles_bricks', 'honey', 'feed', 'veterinary', 'fingerlings']));

    const tiles = await t.http().get('/api/v1/products?valueChain=clay_tiles_bricks').expect(200);
    expect(tiles.body.items.length).toBeGreaterThan(0);
    for (const product of tiles.body.items) expect(product.valueChain).toBe('clay_tiles_bricks');
    const roofTiles = tiles.body.items.find((p: { unit: string; grades: string[] }) => p.unit === 'piece' && p.grades.length === 3);
    expect(roofTiles.grades).toEqual(['A', 'B', 'C']);

    const all = await t.http().get('/api/v1/products').expect(200);
    expect(all.body.items.length).toBeGreaterThan(tiles.body.items.length);
  });

  it('answers a malformed filter with 400 naming it', async () => {
    expectProblem(await t.http().get('/api/v1/products?valueChain=DROP%20TABLE'), 400, 'valueChain');
    expectProblem(await t.http().get('/api/v1/products?unknown=1'), 400, 'unknown');
  });

  it('computes distances in SQL and TypeScript that agree within 0.5 %', async () => {
    const db = t.app.get(DataSource);
    const rows: Array<{ a_lat: number; a_lng: number; b_lat: number; b_lng: number; km: number }> = await db.query(`
      SELECT a.lat AS a_lat, a.lng AS a_lng, b.lat AS b_lat, b.lng AS b_lng,
             geo_distance_km(a.lat, a.lng, b.lat, b.lng) AS km
      FROM provinces a JOIN provinces b ON a.code < b.code`);
    expect(rows).toHaveLength((25 * 24) / 2);
    for (const r of rows) {
      const ts = distanceKm({ lat: r.a_lat, lng: r.a_lng }, { lat: r.b_lat, lng: r.b_lng });
      expect(Math.abs(ts - r.km) / r.km).toBeLessThan(0.005);
    }
  });

  it('publishes a valid OpenAPI 3 document listing the catalog paths', async () => {
    const res = await t.http().get('/api/docs-json').expect(200);
    expect(res.body.openapi).toMatch(/^3\./);
    await SwaggerParser.validate(structuredClone(res.body) as OpenAPI.Document);
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/api/v1/provinces', '/api/v1/value-chains', '/api/v1/products']));
    expect(res.body.paths['/api/v1/products'].get.responses['400']).toBeDefined();
    const ui = await t.http().get('/api/docs').redirects(1);
    expect(ui.status).toBe(200);
    expect(ui.text).toContain('swagger');
  });
});

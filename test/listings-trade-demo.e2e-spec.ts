import { identityDemoSeeder } from '@psar/identity';
import { listingsDemoSeeder } from '@psar/listings';
import { REPUTATION_REFRESH_JOB, tradeDemoSeeder } from '@psar/trade';
import { ScheduledJobsService, seedOnce } from '@psar/platform';
import { DataSource } from 'typeorm';
import { eventually } from './support/problem';
import { createTestApp, TestApp } from './support/test-app';

describe('listings: trade demo data', () => {
  let t: TestApp;
  let db: DataSource;

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    await seedOnce(db, 'demo', [identityDemoSeeder, listingsDemoSeeder, tradeDemoSeeder]);
  });

  afterAll(() => t.close());

  it('gives the demo organizations a trade record on their public profiles, with reviews', async () => {
    await t.app.get(ScheduledJobsService).runNow(REPUTATION_REFRESH_JOB);
    const [coop] = await db.query(`SELECT id FROM organizations WHERE name = 'Prey Veng Clay Tile Makers (demo)'`);
    const [bricks] = await db.query(`SELECT id FROM organizations WHERE name = 'Ba Phnom Brick Works (demo)'`);
    await eventually(async () => {
      const profile = (await t.http().get(`/api/v1/organizations/${coop.id}`).expect(200)).body;
      expect(profile.reputation).toMatchObject({ completedDeals: 3, ratedDeals: 3, averageRating: 4.67, onTimeShare: 1 });
      const brickProfile = (await t.http().get(`/api/v1/organizations/${bricks.id}`).expect(200)).body;
      expect(brickProfile.reputation.onTimeShare).toBeCloseTo(0.667, 3);
    }, 20_000);
    const reviews = (await t.http().get(`/api/v1/organizations/${coop.id}/reviews?limit=2`).expect(200)).body;
    expect(reviews.items).toHaveLength(2);
    expect(reviews.nextCursor).not.toBeNull();
    const rest = (await t.http().get(`/api/v1/organizations/${coop.id}/reviews?limit=2&cursor=${reviews.nextCursor}`).expect(200)).body;
    expect(rest).toEqual({ items: [expect.objectContaining({ rating: 5, reviewerName: 'Mekong Build Co. (demo)' })], nextCursor: null });
  });

  it('gives market prices several weeks of roof tile and brick figures', async () => {
    const tiles = (await t.http().get('/api/v1/market-prices?productCode=clay_roof_tile&province=KH-12').expect(200)).body.items;
    expect(tiles.length).toBeGreaterThanOrEqual(3);
    expect((await t.http().get('/api/v1/market-prices?productCode=clay_brick').expect(200)).body.items.length).toBeGreaterThanOrEqual(2);
    expect((await t.http().get('/api/v1/market-prices?productCode=fish_feed&currency=USD').expect(200)).body.items.length).toBeGreaterThanOrEqual(2);
  });
});

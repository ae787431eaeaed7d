import { DEMO_PASSWORD, identityDemoSeeder } from '@psar/identity';
import { seedOnce } from '@psar/platform';
import { tradeFairsDemoSeeder } from '@psar/trade-fairs';
import { XMLValidator } from 'fast-xml-parser';
import { DataSource } from 'typeorm';
import { bearer } from './support/identity';
import { createTestApp, TestApp } from './support/test-app';

describe('trade fairs: demo data', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
    await seedOnce(t.app.get(DataSource), 'demo', [identityDemoSeeder, tradeFairsDemoSeeder]);
  });

  afterAll(() => t.close());

  it('has an open fair in Prey Veng by the provincial department, with about 40 stalls, some taken', async () => {
    const list = await t.http().get('/api/v1/trade-fairs?province=KH-14&status=open').expect(200);
    expect(list.body.items).toHaveLength(1);
    const fair = list.body.items[0];
    expect(fair).toMatchObject({
      organizer: { name: 'Prey Veng Provincial Department of Agriculture (demo)' },
      status: 'open',
      acceptingApplications: true,
      stallCounts: { total: 40, taken: 4, requested: 2, free: 34 },
    });
    const exhibitors = await t.http().get(`/api/v1/trade-fairs/${fair.id}/exhibitors`).expect(200);
    expect(exhibitors.body.items.map((e: { organization: { name: string } }) => e.organization.name)).toContain('Prey Veng Clay Tile Makers (demo)');
    const svg = await t.http().get(`/api/v1/trade-fairs/${fair.id}/floor-plan.svg`).buffer(true).parse((res, done) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      res.on('end', () => done(null, text));
    }).expect(200);
    expect(XMLValidator.validate(svg.body)).toBe(true);
    expect((svg.body as string).match(/class="stall"/g)).toHaveLength(40);
  });

  it('has a past, completed fair with visitors per day and reported sales', async () => {
    const list = await t.http().get('/api/v1/trade-fairs?province=KH-14&status=completed').expect(200);
    expect(list.body.items).toHaveLength(1);
    const stats = await t.http().get(`/api/v1/trade-fairs/${list.body.items[0].id}/stats`).expect(200);
    expect(stats.body).toMatchObject({ totalVisitors: 34550, exhibitors: 3, reportedSales: [{ currency: 'KHR' }, { currency: 'USD', amount: '5050.00' }] });
    expect(stats.body.visitorsPerDay).toHaveLength(3);
  });

  it('lets the demo organizer sign in and see the requests waiting for a decision', async () => {
    const login = await t.http().post('/api/v1/auth/login').send({ login: 'fairs@demo.psar.example', password: DEMO_PASSWORD }).expect(200);
    const [fair] = (await t.http().get('/api/v1/trade-fairs?status=open').expect(200)).body.items;
    const pending = await t.http().get(`/api/v1/trade-fairs/${fair.id}/bookings?status=requested`).set(...bearer(login.body.accessToken)).expect(200);
    expect(pending.body.items).toHaveLength(2);
  });
});

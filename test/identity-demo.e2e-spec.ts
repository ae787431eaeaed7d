import { DEMO_PASSWORD, demoLogins, identityDemoSeeder } from '@psar/identity';
import { seedOnce } from '@psar/platform';
import { DataSource } from 'typeorm';
import { bearer } from './support/identity';
import { createTestApp, TestApp } from './support/test-app';

describe('identity: demo data', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
    await seedOnce(t.app.get(DataSource), 'demo', [identityDemoSeeder]);
  });

  afterAll(() => t.close());

  it('gives every demo organization a demo user who can sign in with the demo password', async () => {
    expect(demoLogins.length).toBeGreaterThanOrEqual(6);
    for (const demo of demoLogins) {
      const res = await t.http().post('/api/v1/auth/login').send({ login: demo.login, password: DEMO_PASSWORD }).expect(200);
      const me = await t.http().get('/api/v1/me').set(...bearer(res.body.accessToken)).expect(200);
      expect(me.body.memberships).toEqual([expect.objectContaining({ organizationName: demo.organization, role: 'owner' })]);
    }
    await t.http().post('/api/v1/auth/login').send({ login: demoLogins[0]!.phone, password: DEMO_PASSWORD }).expect(200);
  });

  it('covers the field: tile makers and fish farmers in Prey Veng, a Phnom Penh builder, a supplier, a fair organizer', async () => {
    const get = async (query: string) => (await t.http().get(`/api/v1/organizations?${query}`).expect(200)).body.items as Array<{ name: string }>;
    expect(await get('province=KH-14&valueChain=clay_tiles_bricks&capability=sell')).not.toHaveLength(0);
    expect(await get('kind=working_group&valueChain=aquaculture&province=KH-14')).toHaveLength(1);
    expect(await get('province=KH-12&capability=buy')).not.toHaveLength(0);
    expect(await get('capability=supply_inputs')).not.toHaveLength(0);
    const fairs = await get('kind=government&capability=organize_fairs');
    expect(fairs).toEqual([expect.objectContaining({ verified: true })]);
    const [group] = await get('kind=working_group') as Array<{ id?: string; name: string }>;
    const members = await t.http().get(`/api/v1/organizations/${group!.id}/member-organizations`).expect(200);
    expect(members.body.items).toHaveLength(1);
  });
});

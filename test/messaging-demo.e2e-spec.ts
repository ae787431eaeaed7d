import { DEMO_PASSWORD, identityDemoSeeder } from '@psar/identity';
import { messagingDemoSeeder } from '@psar/messaging';
import { seedOnce } from '@psar/platform';
import { DataSource } from 'typeorm';
import { bearer } from './support/identity';
import { createTestApp, TestApp } from './support/test-app';

describe('messaging: demo data', () => {
  let t: TestApp;
  const login = async (email: string) =>
    (await t.http().post('/api/v1/auth/login').send({ login: email, password: DEMO_PASSWORD }).expect(200)).body.accessToken as string;

  beforeAll(async () => {
    t = await createTestApp();
    await seedOnce(t.app.get(DataSource), 'demo', [identityDemoSeeder, messagingDemoSeeder]);
  });

  afterAll(() => t.close());

  it('the construction firm and the tile makers talk about roof tiles; unread counts follow who wrote last', async () => {
    const buyer = await login('buyer@demo.psar.example');
    const tiles = await login('tiles@demo.psar.example');
    const mine = await t.http().get('/api/v1/conversations').set(...bearer(buyer)).expect(200);
    expect(mine.body.items).toEqual([
      expect.objectContaining({ subject: '40,000 grade-A clay roof tiles to Phnom Penh by 1 March', unreadCount: 1, participantCount: 2 }),
    ]);
    const id = mine.body.items[0].id;
    const history = await t.http().get(`/api/v1/conversations/${id}/messages`).set(...bearer(tiles)).expect(200);
    expect(history.body.items.map((m: { seq: number }) => m.seq)).toEqual([4, 3, 2, 1]);
    expect(history.body.items[2].body).toContain('ជម្រាបសួរ');
    const theirs = await t.http().get(`/api/v1/conversations/${id}`).set(...bearer(tiles)).expect(200);
    expect(theirs.body.unreadCount).toBe(0);
  });

  it('the fish farmers’ working group has a forum its member firm is in', async () => {
    const pond = await login('pond@demo.psar.example');
    const res = await t.http().get('/api/v1/conversations').set(...bearer(pond)).expect(200);
    expect(res.body.items).toEqual([expect.objectContaining({ subject: 'Fingerling order for the dry season', groupId: expect.any(String), unreadCount: 0 })]);
    const outsider = await login('supplier@demo.psar.example');
    expect((await t.http().get('/api/v1/conversations').set(...bearer(outsider)).expect(200)).body.items).toEqual([]);
  });

  it('documents the reconnect fetch in the OpenAPI document', async () => {
    const doc = await t.http().get('/api/docs-json').expect(200);
    expect(doc.body.paths['/api/v1/sync'].get.description).toMatch(/cursor/);
    expect(doc.body.paths['/api/v1/conversations/{id}/messages'].get.description).toMatch(/GET \/sync/);
    expect(doc.body.paths['/api/v1/notifications'].get.description).toMatch(/GET \/sync/);
  });
});

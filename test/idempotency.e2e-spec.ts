import { DataSource } from 'typeorm';
import { bearer, registerUser, RegisteredUser } from './support/identity';
import { expectProblem } from './support/problem';
import { createTestApp, TestApp } from './support/test-app';

describe('Idempotency-Key', () => {
  let t: TestApp;
  let db: DataSource;
  let user: RegisteredUser;
  const body = { name: 'Idempotent Tiles', kind: 'firm', capabilities: ['sell'], provinceCode: 'KH-14' };
  const count = async (name: string) => (await db.query('SELECT count(*)::int AS n FROM organizations WHERE name = $1', [name]))[0].n as number;

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    user = await registerUser(t.http);
  });

  afterAll(() => t.close());

  it('creates one row for 20 parallel requests with one key, and answers all with the first response', async () => {
    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        t.http().post('/api/v1/organizations').set(...bearer(user.accessToken)).set('idempotency-key', 'parallel-1').send(body),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(201));
    expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
    expect(await count(body.name)).toBe(1);
    const [membership] = await db.query('SELECT count(*)::int AS n FROM memberships WHERE user_id = $1', [user.id]);
    expect(membership.n).toBe(1);
    expect(responses.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(19);
  });

  it('replays the stored response later, whatever the key order in the body', async () => {
    const first = await t.http().post('/api/v1/organizations').set(...bearer(user.accessToken)).set('idempotency-key', 'later-1').send({ ...body, name: 'Later' }).expect(201);
    const again = await t.http()
      .post('/api/v1/organizations')
      .set(...bearer(user.accessToken))
      .set('idempotency-key', 'later-1')
      .send({ provinceCode: 'KH-14', capabilities: ['sell'], kind: 'firm', name: 'Later' })
      .expect(201);
    expect(again.body).toEqual(first.body);
    expect(await count('Later')).toBe(1);
  });

  it('answers 422 to the same key with a different body, creating nothing', async () => {
    await t.http().post('/api/v1/organizations').set(...bearer(user.accessToken)).set('idempotency-key', 'reuse-1').send({ ...body, name: 'First' }).expect(201);
    expectProblem(
      await t.http().post('/api/v1/organizations').set(...bearer(user.accessToken)).set('idempotency-key', 'reuse-1').send({ ...body, name: 'Second' }),
      422,
    );
    expect(await count('Second')).toBe(0);
  });

  it('scopes keys per user, and frees a key whose first request failed', async () => {
    const other = await registerUser(t.http);
    await t.http().post('/api/v1/organizations').set(...bearer(user.accessToken)).set('idempotency-key', 'shared').send({ ...body, name: 'Mine' }).expect(201);
    await t.http().post('/api/v1/organizations').set(...bearer(other.accessToken)).set('idempotency-key', 'shared').send({ ...body, name: 'Mine' }).expect(201);
    expect(await count('Mine')).toBe(2);

    expectProblem(
      await t.http().post('/api/v1/organizations').set(...bearer(user.accessToken)).set('idempotency-key', 'retry-1').send({ ...body, name: 'Retry', provinceCode: 'KH-99' }),
      400,
      'provinceCode',
    );
    // A failed first request stores nothing, so a retry with the key is processed afresh.
    const [row] = await db.query(`SELECT count(*)::int AS n FROM idempotency_keys WHERE key = 'retry-1'`);
    expect(row.n).toBe(0);
  });

  it('without a key, two identical requests create two rows', async () => {
    await t.http().post('/api/v1/organizations').set(...bearer(user.accessToken)).send({ ...body, name: 'Twice' }).expect(201);
    await t.http().post('/api/v1/organizations').set(...bearer(user.accessToken)).send({ ...body, name: 'Twice' }).expect(201);
    expect(await count('Twice')).toBe(2);
  });

  it('refuses a malformed key with 400 naming the header', async () => {
    expectProblem(
      await t.http().post('/api/v1/organizations').set(...bearer(user.accessToken)).set('idempotency-key', 'x'.repeat(300)).send(body),
      400,
      'Idempotency-Key',
    );
  });
});

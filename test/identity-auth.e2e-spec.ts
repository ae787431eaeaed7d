import { validateEnvironment } from '@psar/platform';
import { DataSource } from 'typeorm';
import { bearer, registerUser, TEST_PASSWORD } from './support/identity';
import { expectProblem } from './support/problem';
import { createTestApp, TestApp } from './support/test-app';

describe('identity: auth', () => {
  let t: TestApp;
  let db: DataSource;

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
  });

  afterAll(() => t.close());

  it('runs register → login → refresh → refresh again → logout', async () => {
    const reg = await t.http().post('/api/v1/auth/register').send({ name: 'Sokha', phone: '012 345 678', password: TEST_PASSWORD }).expect(201);
    expect(reg.body.user).toMatchObject({ name: 'Sokha', phone: '+85512345678', email: null, locale: 'km', isAdmin: false });
    expect(reg.body).toMatchObject({ accessToken: expect.any(String), refreshToken: expect.any(String), expiresIn: 900 });

    // The international spelling of the same number is the same login.
    const login = await t.http().post('/api/v1/auth/login').send({ login: '+855 12 345 678', password: TEST_PASSWORD }).expect(200);
    expect(login.body.user.id).toBe(reg.body.user.id);

    const first = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: login.body.refreshToken }).expect(200);
    expect(first.body.refreshToken).not.toBe(login.body.refreshToken);
    const second = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: first.body.refreshToken }).expect(200);

    const me = await t.http().get('/api/v1/me').set(...bearer(second.body.accessToken)).expect(200);
    expect(me.body.user.id).toBe(reg.body.user.id);
    expect(me.body.memberships).toEqual([]);

    await t.http().post('/api/v1/auth/logout').set(...bearer(second.body.accessToken)).expect(204);
    expectProblem(await t.http().post('/api/v1/auth/refresh').send({ refreshToken: second.body.refreshToken }), 401);
    // Logout ended that session only: the one from register still works.
    await t.http().post('/api/v1/auth/refresh').send({ refreshToken: reg.body.refreshToken }).expect(200);
  });

  it('revokes the whole family when a rotated refresh token is replayed', async () => {
    const user = await registerUser(t.http);
    const next = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken }).expect(200);

    // The old token again: someone else holds a copy. Both it and the newer token die.
    expectProblem(await t.http().post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken }), 401);
    expectProblem(await t.http().post('/api/v1/auth/refresh').send({ refreshToken: next.body.refreshToken }), 401);
    const [row] = await db.query(
      'SELECT count(*)::int AS live FROM refresh_tokens WHERE user_id = $1 AND revoked_at IS NULL',
      [user.id],
    );
    expect(row.live).toBe(0);
  });

  it('lets only one of two simultaneous refreshes with one token win', async () => {
    const user = await registerUser(t.http);
    const results = await Promise.all(
      [1, 2].map(() => t.http().post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
  });

  it('answers an unknown login and a wrong password with the same 401', async () => {
    const user = await registerUser(t.http);
    const wrong = await t.http().post('/api/v1/auth/login').send({ login: user.email, password: 'not the password' });
    const unknown = await t.http().post('/api/v1/auth/login').send({ login: 'nobody@test.psar.example', password: 'not the password' });
    const invalid = await t.http().post('/api/v1/auth/login').send({ login: 'not a phone', password: 'not the password' });
    for (const res of [wrong, unknown, invalid]) expectProblem(res, 401);
    expect(unknown.body).toEqual(wrong.body);
    expect(invalid.body).toEqual(wrong.body);
  });

  it('locks a login out after 10 failures in a minute: the 11th gets 429 with Retry-After', async () => {
    const user = await registerUser(t.http);
    for (let i = 0; i < 10; i++) {
      expectProblem(await t.http().post('/api/v1/auth/login').send({ login: user.email, password: `wrong guess ${i}` }), 401);
    }
    const eleventh = await t.http().post('/api/v1/auth/login').send({ login: user.email, password: 'wrong guess 11' });
    expectProblem(eleventh, 429);
    expect(Number(eleventh.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(eleventh.headers['retry-after'])).toBeLessThanOrEqual(60);
    // Even the right password waits: otherwise the lockout would tell a guesser when they hit it.
    expectProblem(await t.http().post('/api/v1/auth/login').send({ login: user.email, password: TEST_PASSWORD }), 429);
    // Another login from the same address is not locked (10 < the per-IP limit of 30).
    const other = await registerUser(t.http);
    await t.http().post('/api/v1/auth/login').send({ login: other.email, password: TEST_PASSWORD }).expect(200);
  });

  it('does not count successful logins as failures', async () => {
    const user = await registerUser(t.http);
    for (let i = 0; i < 15; i++) {
      await t.http().post('/api/v1/auth/login').send({ login: user.email, password: TEST_PASSWORD }).expect(200);
    }
  });

  it('refuses mass assignment in register and update bodies, changing nothing', async () => {
    for (const extra of [{ isAdmin: true }, { id: '00000000-0000-4000-8000-000000000000' }, { role: 'owner' }]) {
      const email = `mass-${Object.keys(extra)[0]}@test.psar.example`;
      const res = await t.http().post('/api/v1/auth/register').send({ name: 'Mallory', email, password: TEST_PASSWORD, ...extra });
      expectProblem(res, 400, Object.keys(extra)[0]);
      const [row] = await db.query('SELECT count(*)::int AS n FROM users WHERE email = $1', [email]);
      expect(row.n).toBe(0);
    }

    const user = await registerUser(t.http);
    for (const extra of [{ isAdmin: true }, { id: '00000000-0000-4000-8000-000000000000' }, { role: 'owner' }]) {
      expectProblem(await t.http().patch('/api/v1/me').set(...bearer(user.accessToken)).send({ name: 'Renamed', ...extra }), 400, Object.keys(extra)[0]);
    }
    const me = await t.http().get('/api/v1/me').set(...bearer(user.accessToken)).expect(200);
    expect(me.body.user).toMatchObject({ id: user.id, name: user.name, isAdmin: false });

    const renamed = await t.http().patch('/api/v1/me').set(...bearer(user.accessToken)).send({ name: 'Renamed', locale: 'en' }).expect(200);
    expect(renamed.body.user).toMatchObject({ name: 'Renamed', locale: 'en' });
  });

  it('validates register input, naming the field', async () => {
    const base = { name: 'Dara', password: TEST_PASSWORD };
    expectProblem(await t.http().post('/api/v1/auth/register').send(base), 400, 'phone');
    expectProblem(await t.http().post('/api/v1/auth/register').send({ ...base, phone: '12' }), 400, 'phone');
    expectProblem(await t.http().post('/api/v1/auth/register').send({ ...base, email: 'not-an-email' }), 400, 'email');
    expectProblem(await t.http().post('/api/v1/auth/register').send({ ...base, email: 'd@test.psar.example', password: 'short' }), 400, 'password');
    expectProblem(await t.http().post('/api/v1/auth/register').send({ ...base, email: 'd@test.psar.example', password: 'Password123' }), 400, 'password');
    expectProblem(await t.http().post('/api/v1/auth/register').send({ ...base, email: 'd@test.psar.example', locale: 'fr' }), 400, 'locale');
    expectProblem(await t.http().post('/api/v1/auth/register').send({ ...base, email: 'd@test.psar.example', name: 42 }), 400, 'name');
  });

  it('refuses a second account with the same phone or email (any spelling) with 409', async () => {
    await t.http().post('/api/v1/auth/register').send({ name: 'A', phone: '097 1234 567', email: 'Dup@Test.Psar.Example', password: TEST_PASSWORD }).expect(201);
    expectProblem(await t.http().post('/api/v1/auth/register').send({ name: 'B', phone: '+855971234567', password: TEST_PASSWORD }), 409, 'phone');
    expectProblem(await t.http().post('/api/v1/auth/register').send({ name: 'B', email: 'dup@test.psar.example', password: TEST_PASSWORD }), 409, 'email');
    await t.http().post('/api/v1/auth/login').send({ login: 'DUP@test.psar.example', password: TEST_PASSWORD }).expect(200);
  });

  it('refuses a missing, malformed, forged or foreign token with 401', async () => {
    expectProblem(await t.http().get('/api/v1/me'), 401);
    expectProblem(await t.http().get('/api/v1/me').set('authorization', 'Bearer nonsense'), 401);
    expectProblem(await t.http().post('/api/v1/auth/logout'), 401);
    const user = await registerUser(t.http);
    const [header, payload] = user.accessToken.split('.');
    const forged = `${header}.${payload}.${Buffer.from('x'.repeat(32)).toString('base64url')}`;
    expectProblem(await t.http().get('/api/v1/me').set(...bearer(forged)), 401);
    const other = await createTestApp({ JWT_SECRET: 'another-secret-another-secret-another-secret' });
    try {
      expectProblem(await other.http().get('/api/v1/me').set(...bearer(user.accessToken)), 401);
    } finally {
      await other.close();
    }
  });

  it('stores passwords as argon2id and refresh tokens only as hashes, and never returns either', async () => {
    const reg = await t.http().post('/api/v1/auth/register').send({ name: 'Hash', email: 'hash@test.psar.example', password: TEST_PASSWORD }).expect(201);
    const [user] = await db.query('SELECT password_hash FROM users WHERE id = $1', [reg.body.user.id]);
    expect(user.password_hash).toMatch(/^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$/);
    const tokens = await db.query('SELECT token_hash FROM refresh_tokens WHERE user_id = $1', [reg.body.user.id]);
    expect(tokens.map((r: { token_hash: string }) => r.token_hash)).not.toContain(reg.body.refreshToken);
    expect(tokens[0].token_hash).toMatch(/^[0-9a-f]{64}$/);

    const login = await t.http().post('/api/v1/auth/login').send({ login: 'hash@test.psar.example', password: TEST_PASSWORD }).expect(200);
    const refreshed = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: login.body.refreshToken }).expect(200);
    const me = await t.http().get('/api/v1/me').set(...bearer(refreshed.body.accessToken)).expect(200);
    const badRefresh = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: login.body.refreshToken });
    const weak = await t.http().post('/api/v1/auth/register').send({ name: 'W', email: 'weak@test.psar.example', password: 'qwertyuiop' });
    const allHashes = (await db.query('SELECT token_hash FROM refresh_tokens')).map((r: { token_hash: string }) => r.token_hash);
    for (const res of [reg, login, refreshed, me, badRefresh, weak]) {
      const text = JSON.stringify(res.body);
      expect(text).not.toMatch(/argon2|password_?hash|token_?hash/i);
      expect(text).not.toContain(user.password_hash);
      for (const hash of allHashes) expect(text).not.toContain(hash);
    }
    // An error never echoes the token or the password it was given.
    expect(JSON.stringify(badRefresh.body)).not.toContain(login.body.refreshToken);
    expectProblem(weak, 400, 'password');
    expect(JSON.stringify(weak.body)).not.toContain('qwertyuiop');
    // After issuing, a refresh token appears in no response but the one that issued it.
    expect(JSON.stringify(me.body)).not.toContain(refreshed.body.refreshToken);
  });

  it('makes JWT_SECRET mandatory (32+ characters) in production only', () => {
    expect(() => validateEnvironment({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET/);
    expect(() => validateEnvironment({ NODE_ENV: 'production', JWT_SECRET: 'too-short' })).toThrow(/JWT_SECRET/);
    expect(validateEnvironment({ NODE_ENV: 'production', JWT_SECRET: 's'.repeat(32) }).JWT_SECRET).toHaveLength(32);
    expect(validateEnvironment({ NODE_ENV: 'development' }).JWT_SECRET).toBeUndefined();
  });
});

describe('identity: register rate limit', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_REGISTER_PER_IP: '3' });
  });

  afterAll(() => t.close());

  it('limits sign-ups per IP to RATE_LIMIT_REGISTER_PER_IP, with Retry-After', async () => {
    for (let i = 0; i < 3; i++) await registerUser(t.http);
    const fourth = await t.http().post('/api/v1/auth/register').send({ name: 'Four', email: 'four@test.psar.example', password: TEST_PASSWORD });
    expectProblem(fourth, 429);
    expect(Number(fourth.headers['retry-after'])).toBeGreaterThan(60);
    // The counter is in Postgres, where every replica sees it.
    const [row] = await t.app.get(DataSource).query('SELECT max(hits)::int AS hits FROM rate_limit_counters');
    expect(row.hits).toBeGreaterThanOrEqual(3);
  });
});

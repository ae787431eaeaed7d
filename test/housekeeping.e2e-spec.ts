import { IDEMPOTENCY_KEYS_PURGE_JOB, RATE_LIMIT_COUNTERS_PURGE_JOB, REFRESH_TOKENS_PURGE_JOB, SessionsService } from '@psar/identity';
import { JOB_ARCHIVE_PURGE_JOB, OUTBOX_PURGE_JOB, ScheduledJobsService } from '@psar/platform';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { bearer, registerUser, RegisteredUser } from './support/identity';
import { expectProblem } from './support/problem';
import { createTestApp, TestApp } from './support/test-app';

/** Each purge job removes what it should (more rows than one batch where it matters) and keeps what is live. */
describe('housekeeping jobs', () => {
  let t: TestApp;
  let db: DataSource;
  let user: RegisteredUser;
  const run = (job: string) => t.app.get(ScheduledJobsService).runNow(job);
  const count = async (sql: string, params: unknown[] = []) => ((await db.query(sql, params)) as Array<{ n: number }>)[0]!.n;

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    user = await registerUser(t.http);
  });

  afterAll(() => t.close());

  it('puts every purge on the pg-boss schedule', async () => {
    const rows = (await db.query('SELECT name FROM pgboss.schedule')) as Array<{ name: string }>;
    expect(rows.map((r) => r.name)).toEqual(
      expect.arrayContaining([IDEMPOTENCY_KEYS_PURGE_JOB, REFRESH_TOKENS_PURGE_JOB, RATE_LIMIT_COUNTERS_PURGE_JOB, OUTBOX_PURGE_JOB, JOB_ARCHIVE_PURGE_JOB]),
    );
  });

  it('deletes idempotency keys past their 24 h window, in batches, and keeps those inside it', async () => {
    await db.query(
      `INSERT INTO idempotency_keys (user_id, key, request_hash, status_code, response_body, created_at, completed_at)
       SELECT $1, 'old-' || i, 'h', 201, '{}', now() - interval '25 hours', now() - interval '25 hours' FROM generate_series(1, 2500) i`,
      [user.id],
    );
    await db.query(
      `INSERT INTO idempotency_keys (user_id, key, request_hash, status_code, response_body, created_at) VALUES
         ($1, 'recent', 'h', 201, '{}', now() - interval '23 hours'),
         ($1, 'running', 'h', NULL, NULL, now())`,
      [user.id],
    );
    await run(IDEMPOTENCY_KEYS_PURGE_JOB);
    const left = (await db.query('SELECT key FROM idempotency_keys WHERE user_id = $1 ORDER BY key', [user.id])) as Array<{ key: string }>;
    expect(left.map((r) => r.key)).toEqual(['recent', 'running']);
  });

  it('deletes expired and revoked refresh tokens; keeps live ones and rotated ones whose replay must still revoke', async () => {
    const live = await registerUser(t.http);
    const rotatedFrom = await registerUser(t.http);
    const current = (await t.http().post('/api/v1/auth/refresh').send({ refreshToken: rotatedFrom.refreshToken }).expect(200)).body;
    const loggedOut = await registerUser(t.http);
    await t.http().post('/api/v1/auth/logout').set(...bearer(loggedOut.accessToken)).expect(204);
    await db.query(
      `INSERT INTO refresh_tokens (user_id, family_id, token_hash, created_at, expires_at)
       SELECT $1, gen_random_uuid(), md5(random()::text) || i, now() - interval '31 days', now() - interval '1 day'
       FROM generate_series(1, 1500) i`,
      [user.id],
    );
    const tokens = (userId: string) => count('SELECT count(*)::int AS n FROM refresh_tokens WHERE user_id = $1', [userId]);
    expect(await tokens(user.id)).toBe(1501);

    await run(REFRESH_TOKENS_PURGE_JOB);

    expect(await tokens(user.id)).toBe(1); // the one from sign-up, still live
    expect(await tokens(loggedOut.id)).toBe(0);
    expect(await tokens(live.id)).toBe(1);
    expect(await tokens(rotatedFrom.id)).toBe(2);
    await t.http().get('/api/v1/me').set(...bearer(live.accessToken)).expect(200);
    await t.http().get('/api/v1/me').set(...bearer(current.accessToken)).expect(200);
    // A session whose rows are gone counts as revoked, not as unknown-and-fine.
    const sid = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).sid as string;
    expect(await t.app.get(SessionsService).notLive([sid(loggedOut.accessToken), sid(live.accessToken)])).toEqual([sid(loggedOut.accessToken)]);
    // The kept rotated token still works as a tripwire.
    expectProblem(await t.http().post('/api/v1/auth/refresh').send({ refreshToken: rotatedFrom.refreshToken }), 401);
    expectProblem(await t.http().get('/api/v1/me').set(...bearer(current.accessToken)), 401);
  });

  it('deletes rate-limit counters whose window and block are over; keeps running windows and blocks', async () => {
    await db.query(
      `INSERT INTO rate_limit_counters (key, hits, window_ends_at, blocked_until)
       SELECT 'test:old:' || i, 3, now() - interval '1 minute', NULL FROM generate_series(1, 1200) i`,
    );
    await db.query(
      `INSERT INTO rate_limit_counters (key, hits, window_ends_at, blocked_until) VALUES
         ('test:block-over', 11, now() - interval '10 minutes', now() - interval '1 minute'),
         ('test:window-running', 2, now() + interval '30 seconds', NULL),
         ('test:blocked', 11, now() - interval '1 minute', now() + interval '5 minutes')`,
    );
    await run(RATE_LIMIT_COUNTERS_PURGE_JOB);
    const left = (await db.query("SELECT key FROM rate_limit_counters WHERE key LIKE 'test:%' ORDER BY key")) as Array<{ key: string }>;
    expect(left.map((r) => r.key)).toEqual(['test:blocked', 'test:window-running']);
  });

  it('skips a row another transaction holds instead of waiting for it, and takes it on the next run', async () => {
    await db.query(`INSERT INTO rate_limit_counters (key, hits, window_ends_at) VALUES ('test:held', 1, now() - interval '1 minute')`);
    const other = new Client({ connectionString: t.db.url });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query(`SELECT * FROM rate_limit_counters WHERE key = 'test:held' FOR UPDATE`);
      await run(RATE_LIMIT_COUNTERS_PURGE_JOB); // would hang here if it waited for the lock
      expect(await count(`SELECT count(*)::int AS n FROM rate_limit_counters WHERE key = 'test:held'`)).toBe(1);
      await other.query('COMMIT');
    } finally {
      await other.end();
    }
    await run(RATE_LIMIT_COUNTERS_PURGE_JOB);
    expect(await count(`SELECT count(*)::int AS n FROM rate_limit_counters WHERE key = 'test:held'`)).toBe(0);
  });

  it('deletes outbox events delivered more than 30 days ago; keeps newer ones and every undelivered one', async () => {
    await db.query(
      `INSERT INTO outbox_events (type, payload, occurred_at, delivered_at, attempts)
       SELECT 'test.purged', '{}', now() - interval '40 days', now() - interval '31 days', 1 FROM generate_series(1, 1100)`,
    );
    await db.query(
      `INSERT INTO outbox_events (type, payload, occurred_at, delivered_at, attempts) VALUES
         ('test.kept', '{"why":"delivered 29 days ago"}', now() - interval '29 days', now() - interval '29 days', 1),
         ('test.kept', '{"why":"never delivered"}', now() - interval '40 days', NULL, 20)`,
    );
    await run(OUTBOX_PURGE_JOB);
    expect(await count("SELECT count(*)::int AS n FROM outbox_events WHERE type = 'test.purged'")).toBe(0);
    expect(await count("SELECT count(*)::int AS n FROM outbox_events WHERE type = 'test.kept'")).toBe(2);
  });

  it("deletes pg-boss's archived jobs after 3 days and keeps younger ones", async () => {
    const archive = (days: number, n: number, name: string) =>
      db.query(
        `INSERT INTO pgboss.archive (id, name, priority, state, retry_limit, retry_count, retry_delay, retry_backoff,
                                     start_after, expire_in, created_on, completed_on, keep_until, archived_on)
         SELECT gen_random_uuid(), $1, 0, 'completed', 0, 0, 0, false, now() - make_interval(days => $2), interval '15 minutes',
                now() - make_interval(days => $2), now() - make_interval(days => $2), now(), now() - make_interval(days => $2)
         FROM generate_series(1, $3)`,
        [name, days, n],
      );
    const old = `test-old-${randomUUID()}`;
    const young = `test-young-${randomUUID()}`;
    await archive(4, 1300, old);
    await archive(1, 5, young);
    await run(JOB_ARCHIVE_PURGE_JOB);
    expect(await count('SELECT count(*)::int AS n FROM pgboss.archive WHERE name = $1', [old])).toBe(0);
    expect(await count('SELECT count(*)::int AS n FROM pgboss.archive WHERE name = $1', [young])).toBe(5);
  });
});

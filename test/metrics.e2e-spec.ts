import { MetricsService, OutboxService } from '@psar/platform';
import { randomUUID } from 'node:crypto';
import type { QueryRunner } from 'typeorm';
import { DataSource } from 'typeorm';
import { bearer, registerUser } from './support/identity';
import { connectSocket, listen } from './support/messaging';
import { eventually, expectProblem } from './support/problem';
import { createTestApp, TestApp } from './support/test-app';

const METRICS_TOKEN = 'metrics-token-for-the-e2e-suite-0123456789';
const POOL_SIZE = 4;

/** The value of one series in Prometheus text output, or undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const seen = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([key, value]) => seen[key] === value)) return Number(match[3]);
  }
  return undefined;
}

describe('metrics: GET /metrics for Prometheus', () => {
  let t: TestApp;
  let db: DataSource;

  const scrape = async (): Promise<string> => {
    const res = await t.http().get('/metrics').set(...bearer(METRICS_TOKEN));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    return res.text;
  };

  beforeAll(async () => {
    // A small pool with a short wait, so the test can exhaust it and watch callers queue.
    t = await createTestApp({ METRICS_TOKEN, DB_POOL_SIZE: String(POOL_SIZE), DB_CONNECTION_TIMEOUT_MS: '1500' });
    db = t.app.get(DataSource);
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('is not public', () => {
    it('refuses a scrape without the token with 401 problem+json', async () => {
      const res = await t.http().get('/metrics');
      expectProblem(res, 401);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
      expect(res.text).not.toContain('psar_');
    });

    it.each([
      ['a wrong token', `Bearer ${'x'.repeat(METRICS_TOKEN.length)}`],
      ['a user access token', 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl'],
      ['the token as Basic credentials', `Basic ${METRICS_TOKEN}`],
    ])('refuses %s', async (_, authorization) => {
      expectProblem(await t.http().get('/metrics').set('Authorization', authorization), 401);
    });

    it('lives outside the API prefix and the OpenAPI document', async () => {
      expectProblem(await t.http().get('/api/v1/metrics').set(...bearer(METRICS_TOKEN)), 404);
      const document = await t.http().get('/api/docs-json');
      expect(Object.keys(document.body.paths)).not.toContain('/metrics');
    });

    it('does not exist (404, and no request is timed) when METRICS_TOKEN is unset', async () => {
      const plain = await createTestApp({}, { database: t.db });
      try {
        expectProblem(await plain.http().get('/metrics').set(...bearer(METRICS_TOKEN)), 404);
        expect(plain.app.get(MetricsService).enabled).toBe(false);
        expect(await plain.app.get(MetricsService).registry.metrics()).not.toMatch(/^psar_http_request_duration_seconds_count/m);
      } finally {
        await plain.close({ keepDatabase: true });
      }
    });
  });

  it('serves process, HTTP, pool, outbox, job queue and socket metrics', async () => {
    const text = await scrape();
    for (const name of [
      'process_cpu_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_seconds',
      'nodejs_heap_size_used_bytes',
      'psar_outbox_events_waiting',
      'psar_outbox_oldest_waiting_age_seconds',
      'psar_realtime_sockets_open',
    ]) {
      expect({ name, value: sample(text, name) }).toEqual({ name, value: expect.any(Number) });
    }
    expect(text).toMatch(/^# TYPE psar_http_request_duration_seconds histogram$/m);
    for (const pool of ['app', 'jobs', 'realtime']) {
      for (const name of ['psar_db_pool_connections_in_use', 'psar_db_pool_waiting', 'psar_db_pool_max']) {
        expect({ pool, name, value: sample(text, name, { pool }) }).toEqual({ pool, name, value: expect.any(Number) });
      }
    }
    expect(sample(text, 'psar_db_pool_max', { pool: 'app' })).toBe(POOL_SIZE);
    expect(sample(text, 'psar_job_queue_waiting', { queue: 'outbox' })).toEqual(expect.any(Number));
  });

  describe('HTTP request durations', () => {
    const count = (text: string, labels: Record<string, string>) => sample(text, 'psar_http_request_duration_seconds_count', labels) ?? 0;

    it('counts each request under its route pattern and status, never its URL', async () => {
      const id = randomUUID();
      const route = { method: 'GET', route: '/api/v1/listings/:id', status_code: '404' };
      const before = count(await scrape(), route);
      expect((await t.http().get(`/api/v1/listings/${id}`)).status).toBe(404);
      await eventually(async () => expect(count(await scrape(), route)).toBe(before + 1));
      expect((await t.http().get(`/api/v1/listings/${randomUUID()}`)).status).toBe(404);
      await eventually(async () => expect(count(await scrape(), route)).toBe(before + 2));

      const text = await scrape();
      expect(text).not.toContain(id);
      expect(sample(text, 'psar_http_request_duration_seconds_bucket', { ...route, le: '+Inf' })).toBe(before + 2);
      expect(sample(text, 'psar_http_request_duration_seconds_sum', route)).toBeGreaterThan(0);
    });

    it('labels by status: a 200 and a 400 of one route are separate series', async () => {
      const ok = { method: 'GET', route: '/api/v1/provinces', status_code: '200' };
      const bad = { method: 'GET', route: '/api/v1/listings', status_code: '400' };
      const [okBefore, badBefore] = await scrape().then((text) => [count(text, ok), count(text, bad)]);
      expect((await t.http().get('/api/v1/provinces')).status).toBe(200);
      expect((await t.http().get('/api/v1/listings?limit=1000')).status).toBe(400);
      await eventually(async () => {
        const text = await scrape();
        expect([count(text, ok), count(text, bad)]).toEqual([okBefore + 1, badBefore + 1]);
      });
    });

    it('puts requests no route matched under one label, so scanned URLs add no series', async () => {
      const path = `/api/v1/no-such-thing/${randomUUID()}`;
      const unmatched = { method: 'GET', route: 'unmatched', status_code: '404' };
      const before = count(await scrape(), unmatched);
      expectProblem(await t.http().get(path), 404);
      await eventually(async () => expect(count(await scrape(), unmatched)).toBe(before + 1));
      expect(await scrape()).not.toContain(path);
    });
  });

  it('shows an undelivered outbox event as waiting, with its age and its queued job, until it is delivered', async () => {
    const outbox = t.app.get(OutboxService);
    await outbox.stopWorker();
    let eventId: string;
    try {
      eventId = await db.transaction((manager) => outbox.record(manager, 'probe.metrics_waiting', {}));
      // As if it had waited 90 s, so its age is known without sleeping.
      await db.query("UPDATE outbox_events SET occurred_at = now() - interval '90 seconds' WHERE id = $1", [eventId]);

      const text = await scrape();
      expect(sample(text, 'psar_outbox_events_waiting')).toBeGreaterThanOrEqual(1);
      expect(sample(text, 'psar_outbox_oldest_waiting_age_seconds')).toBeGreaterThanOrEqual(90);
      expect(sample(text, 'psar_outbox_oldest_waiting_age_seconds')).toBeLessThan(3600);
      expect(sample(text, 'psar_job_queue_waiting', { queue: 'outbox' })).toBeGreaterThanOrEqual(1);
    } finally {
      await outbox.startWorker();
    }

    await eventually(async () => {
      const [row] = await db.query('SELECT delivered_at FROM outbox_events WHERE id = $1', [eventId]);
      expect(row.delivered_at).not.toBeNull();
      const text = await scrape();
      expect(sample(text, 'psar_outbox_events_waiting')).toBe(0);
      expect(sample(text, 'psar_outbox_oldest_waiting_age_seconds')).toBe(0);
      expect(sample(text, 'psar_job_queue_waiting', { queue: 'outbox' })).toBe(0);
    });
  });

  it('shows the app pool in use and its waiting callers; a database that does not answer shows NaN, never 0', async () => {
    const held: QueryRunner[] = [];
    try {
      for (let i = 0; i < POOL_SIZE; i++) {
        const runner = db.createQueryRunner();
        await runner.connect();
        held.push(runner);
      }
      const queued = db.query('SELECT 1').catch(() => undefined); // waits for a connection, then times out

      // The scrape's own outbox and queue queries wait too, then give up after DB_CONNECTION_TIMEOUT_MS.
      const text = await scrape();
      expect(sample(text, 'psar_db_pool_connections_in_use', { pool: 'app' })).toBe(POOL_SIZE);
      expect(sample(text, 'psar_db_pool_waiting', { pool: 'app' })).toBeGreaterThanOrEqual(1);
      expect(sample(text, 'psar_outbox_events_waiting')).toBeNaN();
      expect(sample(text, 'psar_job_queue_waiting', { queue: 'outbox' })).toBeNaN();
      await queued;
    } finally {
      await Promise.all(held.map((runner) => runner.release()));
    }

    const text = await scrape();
    expect(sample(text, 'psar_db_pool_waiting', { pool: 'app' })).toBe(0);
    expect(sample(text, 'psar_outbox_events_waiting')).toEqual(expect.any(Number));
    expect(sample(text, 'psar_outbox_events_waiting')).not.toBeNaN();
  });

  it('counts the open sockets of the /realtime namespace', async () => {
    const baseUrl = await listen(t.app);
    const user = await registerUser(t.http);
    const open = async () => sample(await scrape(), 'psar_realtime_sockets_open');
    expect(await open()).toBe(0);

    const sockets = [await connectSocket(baseUrl, user.accessToken), await connectSocket(baseUrl, user.accessToken)];
    await eventually(async () => expect(await open()).toBe(2));
    sockets[0]!.close();
    await eventually(async () => expect(await open()).toBe(1));
    sockets[1]!.close();
    await eventually(async () => expect(await open()).toBe(0));
  });
});

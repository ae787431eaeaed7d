/**
 * npm run bench:outbox — the outbox and notifications under a burst of postings.
 *
 * Replays issue 12's scenario on a throwaway database (an embedded Postgres, or a new
 * database on DATABASE_URL's server, dropped at the end), through the HTTP API of the real
 * app with its outbox worker (its own process, bench/support/outbox-server.ts):
 * a buyer posts BENCH_DEMANDS open tile demands (default 30) and waits for them to be
 * matched; then BENCH_SELLERS kilns (default 10) post BENCH_BURST listings (default 300)
 * side by side, one stream per kiln, as fast as the API takes them; when the outbox has
 * drained, BENCH_SUSTAINED more listings (default 1,000) the same way. For each phase:
 * events recorded, time to drain (first posting to last delivery), delivery lag
 * (recorded → delivered to every handler) p50/p99/max, events/s, the largest backlog seen,
 * and the notifications each side ended with. Appends the figures to BENCHMARKS.md unless
 * BENCH_REPORT=false.
 *
 * Settings (environment): BENCH_DEMANDS, BENCH_SELLERS, BENCH_BURST, BENCH_SUSTAINED,
 * BENCH_APP_LOG (default $TMPDIR/psar-bench-outbox.log), BENCH_REPORT, DATABASE_URL.
 */
import { randomBytes } from 'node:crypto';
import { ChildProcess, fork } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { openOwnDatabase } from './support/database';
import type { FromOutboxServer, ToOutboxServer } from './support/outbox-server';
import { appendSection, BENCHMARKS_FILE, describeMachine, loadAverage, machine } from './support/report';
import { prepareServerLoader } from './support/server-loader';
import { envInteger, say } from './support/settings';

const TARGETS = { burstDrainSeconds: 10, burstLagP99Seconds: 5, sustainedEventsPerSecond: 500 };

const settings = {
  demands: envInteger('BENCH_DEMANDS', 30, 1),
  sellers: envInteger('BENCH_SELLERS', 10, 1),
  burst: envInteger('BENCH_BURST', 300, 1, { digitGroups: true }),
  sustained: envInteger('BENCH_SUSTAINED', 1000, 0, { digitGroups: true }),
  appLog: process.env.BENCH_APP_LOG || join(tmpdir(), 'psar-bench-outbox.log'),
  report: process.env.BENCH_REPORT !== 'false',
};

async function startApp(databaseUrl: string): Promise<{ base: string; child: ChildProcess; stop(): Promise<void> }> {
  const loader = await prepareServerLoader('outbox-server');
  const logFd = openSync(settings.appLog, 'w');
  const root = join(__dirname, '..');
  const child = fork(loader.script, [], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, PSAR_BENCH_ROOT: root },
    execArgv: loader.execArgv,
    stdio: ['ignore', logFd, 'inherit', 'ipc'],
  });
  closeSync(logFd);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    child.on('message', (message: FromOutboxServer) => {
      if (message.type === 'ready') resolve(message.port);
      if (message.type === 'failed') reject(new Error(`the app failed to start: ${message.message}`));
    });
    void exited.then((code) => reject(new Error(`the app exited (code ${code}); see ${settings.appLog}`)));
  });
  return {
    base: `http://127.0.0.1:${port}`,
    child,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const deadline = setTimeout(() => child.kill('SIGKILL'), 20_000);
        if (child.connected) child.send({ type: 'stop' } satisfies ToOutboxServer);
        await exited;
        clearTimeout(deadline);
      }
      await loader.cleanUp();
    },
  };
}

interface Account {
  userId: string;
  token: string;
  organizationId: string;
}

interface PhaseResult {
  name: string;
  listings: number;
  postSeconds: number;
  events: number;
  byType: Array<{ type: string; n: number }>;
  drainSeconds: number;
  lag: { p50: number; p99: number; max: number };
  eventsPerSecond: number;
  maxWaiting: number;
  maxOldestSeconds: number;
  undelivered: number;
}

const iso = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

async function main(): Promise<void> {
  const machineLine = describeMachine(machine());
  say(`bench:outbox — ${settings.demands} demands; ${settings.burst} listings from ${settings.sellers} sellers in a burst, then ${settings.sustained}`);
  say(`machine: ${machineLine}`);
  const loadBefore = loadAverage();
  const database = await openOwnDatabase('psar_bench_outbox', (line) => say(`database: ${line}`));
  let app: Awaited<ReturnType<typeof startApp>> | undefined;
  const pool = new Pool({ connectionString: database.url, max: 2 });
  pool.on('error', (error) => say(`database connection: ${error.message}`));
  const cleanUp = async () => {
    await app?.stop().catch((error: unknown) => say(`stopping the app: ${String(error)}`));
    app = undefined;
    await pool.end().catch(() => undefined);
    await database.stop().catch((error: unknown) => say(`stopping the database: ${String(error)}`));
  };
  process.once('SIGINT', () => void cleanUp().finally(() => process.exit(130)));

  try {
    say(`database: ${database.description}`);
    app = await startApp(database.url);
    const base = app.base;
    const call = async (method: string, path: string, body: unknown, token?: string): Promise<any> => {
      const res = await fetch(`${base}/api/v1${path}`, {
        method,
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const json = (await res.json()) as unknown;
      if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
      return json;
    };
    let people = 0;
    const account = async (name: string, capabilities: string[], provinceCode: string): Promise<Account> => {
      people += 1;
      const reg = await call('POST', '/auth/register', { name: `${name} owner`, email: `bench-${people}-${randomBytes(3).toString('hex')}@example.com`, password: 'kiln fire at dawn 42' });
      const org = await call('POST', '/organizations', { name, kind: 'firm', capabilities, provinceCode }, reg.accessToken);
      return { userId: reg.user.id, token: reg.accessToken, organizationId: org.id };
    };
    const waitForDrain = async (timeoutMs: number) => {
      const deadline = Date.now() + timeoutMs;
      let maxWaiting = 0;
      let maxOldest = 0;
      for (;;) {
        const { rows } = await pool.query<{ waiting: number; oldest: number }>(
          `SELECT count(*)::int AS waiting, coalesce(extract(epoch FROM now() - min(occurred_at)), 0)::float8 AS oldest
           FROM outbox_events WHERE delivered_at IS NULL`,
        );
        maxWaiting = Math.max(maxWaiting, rows[0]!.waiting);
        maxOldest = Math.max(maxOldest, rows[0]!.oldest);
        if (rows[0]!.waiting === 0 || Date.now() > deadline) return { maxWaiting, maxOldest, undelivered: rows[0]!.waiting };
        await new Promise((r) => setTimeout(r, 100));
      }
    };

    const buyer = await account('Mekong Builders', ['buy'], 'KH-12');
    for (let i = 0; i < settings.demands; i++) {
      await call(
        'POST',
        '/demands',
        { organizationId: buyer.organizationId, productCode: 'clay_roof_tile', quantity: String(5000 + i * 1500), unit: 'piece', qualityGrade: 'A', deliveryProvinceCode: 'KH-12', neededBy: iso(30) },
        buyer.token,
      );
    }
    const sellers = await Promise.all(Array.from({ length: settings.sellers }, (_, k) => account(`Kiln ${k + 1}`, ['sell'], 'KH-14')));
    await waitForDrain(120_000);

    let posted = 0;
    const phase = async (name: string, listings: number): Promise<PhaseResult> => {
      const { rows: mark } = await pool.query<{ now: Date }>('SELECT now() AS now');
      const since = mark[0]!.now;
      const started = Date.now();
      let sampling = true;
      let maxWaiting = 0;
      let maxOldest = 0;
      const sampler = (async () => {
        while (sampling) {
          const { rows } = await pool.query<{ waiting: number; oldest: number }>(
            `SELECT count(*)::int AS waiting, coalesce(extract(epoch FROM now() - min(occurred_at)), 0)::float8 AS oldest
             FROM outbox_events WHERE delivered_at IS NULL`,
          );
          maxWaiting = Math.max(maxWaiting, rows[0]!.waiting);
          maxOldest = Math.max(maxOldest, rows[0]!.oldest);
          await new Promise((r) => setTimeout(r, 200));
        }
      })();
      const perSeller = Math.ceil(listings / sellers.length);
      await Promise.all(
        sellers.map(async (seller, k) => {
          for (let i = 0; i < perSeller && k * perSeller + i < listings; i++) {
            posted += 1;
            const n = posted;
            await call(
              'POST',
              '/listings',
              {
                organizationId: seller.organizationId,
                productCode: 'clay_roof_tile',
                title: `Kiln ${k + 1} grade-A tiles, lot ${n}`,
                quantity: String(3000 + ((n * 997) % 40000)),
                unit: 'piece',
                price: { amount: String(600 + (n % 11) * 10), currency: 'KHR' },
                qualityGrade: 'A',
                provinceCode: 'KH-14',
                availableUntil: iso(60),
              },
              seller.token,
            );
          }
        }),
      );
      const postSeconds = (Date.now() - started) / 1000;
      const drain = await waitForDrain(600_000);
      sampling = false;
      await sampler;
      const { rows: stats } = await pool.query<{ events: number; p50: number; p99: number; max: number; first: number; last: number }>(
        `SELECT count(*)::int AS events,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM delivered_at - occurred_at))::float8 AS p50,
                percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM delivered_at - occurred_at))::float8 AS p99,
                max(extract(epoch FROM delivered_at - occurred_at))::float8 AS max,
                extract(epoch FROM min(occurred_at) - $1::timestamptz)::float8 AS first,
                extract(epoch FROM max(delivered_at) - $1::timestamptz)::float8 AS last
         FROM outbox_events WHERE occurred_at >= $1`,
        [since],
      );
      const { rows: byType } = await pool.query<{ type: string; n: number }>(
        'SELECT type, count(*)::int AS n FROM outbox_events WHERE occurred_at >= $1 GROUP BY type ORDER BY n DESC',
        [since],
      );
      const s = stats[0]!;
      return {
        name,
        listings,
        postSeconds,
        events: s.events,
        byType,
        drainSeconds: s.last,
        lag: { p50: s.p50, p99: s.p99, max: s.max },
        eventsPerSecond: s.events / Math.max(0.001, s.last - s.first),
        maxWaiting: Math.max(maxWaiting, drain.maxWaiting),
        maxOldestSeconds: Math.max(maxOldest, drain.maxOldest),
        undelivered: drain.undelivered,
      };
    };

    const notificationsOf = async (userIds: string[]) => {
      const { rows } = await pool.query<{ kind: string; n: number; unread: number; items: number }>(
        `SELECT kind, count(*)::int AS n, count(*) FILTER (WHERE read_at IS NULL)::int AS unread, sum(item_count)::int AS items
         FROM notifications WHERE user_id = ANY($1::uuid[]) GROUP BY kind ORDER BY kind`,
        [userIds],
      );
      return rows;
    };
    const unreadPerDemand = async () => {
      const { rows } = await pool.query<{ worst: number }>(
        `SELECT coalesce(max(n), 0)::int AS worst FROM (
           SELECT count(*) AS n FROM notifications WHERE user_id = $1 AND kind = 'match.listing_for_your_demand' AND read_at IS NULL
           GROUP BY data->>'demandId') AS per_demand`,
        [buyer.userId],
      );
      return rows[0]!.worst;
    };

    say(`phase 1: ${settings.burst} listings in a burst`);
    const burst = await phase('burst', settings.burst);
    const buyerAfterBurst = await notificationsOf([buyer.userId]);
    const worstAfterBurst = await unreadPerDemand();
    let sustained: PhaseResult | undefined;
    if (settings.sustained > 0) {
      say(`phase 2: ${settings.sustained} more listings`);
      sustained = await phase('sustained', settings.sustained);
    }
    const buyerAtEnd = await notificationsOf([buyer.userId]);
    const sellersAtEnd = await notificationsOf(sellers.map((s) => s.userId));
    const worstAtEnd = await unreadPerDemand();
    const loadAfter = loadAverage();

    const f1 = (x: number) => x.toFixed(1);
    const f2 = (x: number) => x.toFixed(2);
    const verdict = (ok: boolean) => (ok ? '**met**' : '**not met**');
    const row = (cells: Array<string | number>) => `| ${cells.join(' | ')} |`;
    const phases = [burst, ...(sustained ? [sustained] : [])];
    const feedLine = (rows: Awaited<ReturnType<typeof notificationsOf>>) =>
      rows.map((r) => `${r.kind}: ${r.n} (${r.unread} unread, counting ${r.items} events)`).join('; ') || 'none';
    const lines = [
      `## ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC — outbox: a burst of postings and its notifications`,
      '',
      `- Machine: ${machineLine}; load average before ${loadBefore}, after ${loadAfter}`,
      `- Scenario: ${settings.demands} open grade-A tile demands of one buyer, matched first; then ${settings.sellers} kilns post listings side by side ` +
        `(one HTTP stream each, as fast as the API answers): ${settings.burst} in a burst, and once drained ${settings.sustained} more. ` +
        `The app in its own process (NODE_ENV=production, LOG_LEVEL=warn to a file, outbox worker on, pool of 10); ${database.description}`,
      '- Drain = first posting to the last event delivered to every handler; lag = an event recorded → delivered; events/s = events ÷ (first recorded → last delivered)',
      '',
      row(['phase', 'listings', 'posted in s', 'events', 'drain s', 'lag p50 s', 'lag p99 s', 'lag max s', 'events/s', 'backlog max', 'oldest max s', 'undelivered']),
      row(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:']),
      ...phases.map((p) =>
        row([p.name, p.listings, f1(p.postSeconds), p.events, f1(p.drainSeconds), f2(p.lag.p50), f2(p.lag.p99), f2(p.lag.max), Math.round(p.eventsPerSecond), p.maxWaiting, f1(p.maxOldestSeconds), p.undelivered]),
      ),
      '',
      ...phases.map((p) => `- ${p.name} events: ${p.byType.map((t) => `${t.type} ${t.n}`).join(', ')}`),
      `- Buyer's notifications after the burst: ${feedLine(buyerAfterBurst)}; most unread match notifications for one demand: ${worstAfterBurst}`,
      `- Buyer's notifications at the end: ${feedLine(buyerAtEnd)}; most unread match notifications for one demand: ${worstAtEnd}`,
      `- The ${settings.sellers} sellers' notifications at the end: ${feedLine(sellersAtEnd)}`,
      '',
      'Targets:',
      `- the ${settings.burst}-listing burst drains within ${TARGETS.burstDrainSeconds} s: ${f1(burst.drainSeconds)} s, ${verdict(burst.undelivered === 0 && burst.drainSeconds <= TARGETS.burstDrainSeconds)}`,
      `- burst lag p99 ≤ ${TARGETS.burstLagP99Seconds} s: ${f2(burst.lag.p99)} s, ${verdict(burst.lag.p99 <= TARGETS.burstLagP99Seconds)}`,
      sustained
        ? `- ≥ ${TARGETS.sustainedEventsPerSecond} events/s sustained (the ${settings.sustained}-listing phase): ${Math.round(sustained.eventsPerSecond)}, ` +
          verdict(sustained.undelivered === 0 && sustained.eventsPerSecond >= TARGETS.sustainedEventsPerSecond)
        : '- sustained phase not run (BENCH_SUSTAINED=0)',
      `- at most one unread match notification per demand: ${worstAtEnd}, ${verdict(worstAtEnd <= 1)}`,
    ];
    const markdown = lines.join('\n');
    say();
    say(markdown);
    say();
    if (settings.report) {
      await appendSection(markdown);
      say(`appended to ${BENCHMARKS_FILE}`);
    }
    await cleanUp();
  } catch (error) {
    await cleanUp();
    throw error;
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench:outbox failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);

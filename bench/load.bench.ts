/**
 * npm run bench:load — many users at once: a realistic mix over a large market, with
 * autocannon at several connection counts, against one API process and then two.
 *
 * Loads the market of bench:listings (same loader, same sizes and seed: BENCH_KEEP reuses a
 * database that bench:listings loaded), starts the real app in its own process (two
 * processes on the same database for the second half, each loaded by half the connections,
 * as a round-robin load balancer would), and replays the mix: 70 % searches drawn from
 * bench:listings' templates, 15 % listing pages, 5 % market prices, 5 % a demand's matches,
 * 5 % writes with real tokens (2 % new listings, 2 % orders, 1 % accepts of pending orders).
 * Each connection count runs flat out (every connection sends its next request as soon as
 * the last is answered: the most the machine serves, and the latency of a saturated one),
 * and the target's 32 connections also at an offered rate (BENCH_RATE, default 310 requests/s
 * over all connections: the target's 300 and a margin), which is how the target reads: that
 * many requests a second served within its p99. The offered rate is an open loop: requests
 * arrive as independent users' do (Poisson: random gaps, the rate on average), whether or not
 * earlier ones were answered, at most 32 at once on the 32 kept-alive connections, and each
 * is timed from when it arrived, so waiting for a connection counts. (autocannon's own rate
 * limit sends each second's share at the start of the second, a burst, so it is not used.)
 * Prints requests/s, p50/p99 per kind, answers by status, the CPU of each API process and
 * of Postgres, EXPLAIN of the slowest search under load, and appends it to BENCHMARKS.md.
 *
 * Settings (environment): BENCH_LISTINGS (default 1,000,000), BENCH_DEMANDS (50,000),
 * BENCH_SEED, BENCH_KEEP=<folder> (see bench:listings), BENCH_CONNECTIONS (default 32,128),
 * BENCH_PROCESSES (default 1,2), BENCH_RATE (offered requests/s of the target's run at 32
 * connections, default 310; 0: no such run), BENCH_DURATION (seconds per run, default 30),
 * BENCH_WARMUP (default 5), BENCH_APP_LOG, BENCH_REPORT=false (print only), DATABASE_URL,
 * DATABASE_REPLICA_URLS (passed to the app, which then reads from the replicas).
 */
import autocannon from 'autocannon';
import { randomBytes, randomUUID } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { PRODUCTS } from '@psar/catalog';
import { type AppChild, startAppChild } from './support/app-child';
import { pick, random, type Rng } from './support/listings-data';
import { RawSql, SEARCH_TEMPLATES, type Stats, stats } from './support/listings-mix';
import { openMarketDatabase, prepareMarket } from './support/market-data';
import { appendSection, BENCHMARKS_FILE, describeMachine, loadAverage, machine } from './support/report';
import { envInteger, say } from './support/settings';

const TARGET = { connections: 32, requestsPerSecond: 300, p99Ms: 150 };

const integers = (name: string, fallback: string) =>
  (process.env[name] || fallback).split(',').map((part) => {
    const value = Number(part.trim());
    if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be whole numbers separated by commas, e.g. ${fallback}`);
    return value;
  });

const settings = {
  listings: envInteger('BENCH_LISTINGS', 1_000_000, 1000, { digitGroups: true }),
  demands: envInteger('BENCH_DEMANDS', 50_000, 100, { digitGroups: true }),
  seed: envInteger('BENCH_SEED', 20250301, 0, { digitGroups: true }),
  keep: process.env.BENCH_KEEP || undefined,
  connections: integers('BENCH_CONNECTIONS', '32,128'),
  processes: integers('BENCH_PROCESSES', '1,2'),
  rate: envInteger('BENCH_RATE', 310, 0, { digitGroups: true }),
  durationSeconds: envInteger('BENCH_DURATION', 30, 1),
  warmupSeconds: envInteger('BENCH_WARMUP', 5, 0),
  appLog: process.env.BENCH_APP_LOG || join(tmpdir(), 'psar-bench-load.log'),
  report: process.env.BENCH_REPORT !== 'false',
};

type Kind = 'search' | 'listing page' | 'market prices' | 'matches' | 'new listing' | 'order' | 'accept';
const KINDS: readonly Kind[] = ['search', 'listing page', 'market prices', 'matches', 'new listing', 'order', 'accept'];
/** Shares of the mix, in percent. */
const MIX: ReadonlyArray<[Kind, number]> = [
  ['search', 70],
  ['listing page', 15],
  ['market prices', 5],
  ['matches', 5],
  ['new listing', 2],
  ['order', 2],
  ['accept', 1],
];
const WRITES: ReadonlySet<Kind> = new Set(['new listing', 'order', 'accept']);

interface Session {
  token: string;
  userId: string;
}

/** What the mix draws from: real ids and tokens. */
interface Material {
  searches: Array<{ template: string; path: string }>;
  listingIds: string[];
  demandIds: string[];
  buyer: Session;
  seller: Session;
  buyerOrgId: string;
  sellerOrgId: string;
  /** The bench seller's listings, which orders are for. */
  sellerListingIds: string[];
  /** Pending orders on them, each accepted once (a second accept of one is a 409). */
  pendingOffers: string[];
}

interface Sample {
  kind: Kind;
  template?: string;
  ms: number;
  status: number;
}

interface Run {
  processes: number;
  connections: number;
  /** Offered requests/s over all connections; undefined: flat out. */
  rate?: number;
  seconds: number;
  samples: Sample[];
  errors: number;
  timeouts: number;
  /** CPU of each API process and of Postgres, as a share of one core over the run. */
  appCpu: number[];
  postgresCpu: number;
}

/** CPU ticks (user + system) of every postgres process on this machine. */
function postgresTicks(): number {
  let ticks = 0;
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      if (stat.slice(stat.indexOf('(') + 1, close) !== 'postgres') continue;
      const fields = stat.slice(close + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
    } catch {
      // gone meanwhile
    }
  }
  return ticks;
}
const TICKS_PER_SECOND = 100;

async function api<T>(base: string, method: string, path: string, token: string | undefined, body?: unknown): Promise<T> {
  const res = await fetch(`${base}/api/v1/${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function register(base: string, name: string): Promise<Session> {
  const body = { name, email: `bench-${randomBytes(5).toString('hex')}@bench.psar.example`, password: 'bench kiln fire 42' };
  const session = await api<{ user: { id: string }; accessToken: string }>(base, 'POST', 'auth/register', undefined, body);
  return { token: session.accessToken, userId: session.user.id };
}

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

function listingBody(organizationId: string, rng: Rng): Record<string, unknown> {
  return {
    organizationId,
    productCode: 'clay_roof_tile',
    title: `Grade-A clay roof tiles, kiln ${Math.floor(rng() * 1000)}`,
    quantity: '100000000',
    unit: 'piece',
    price: { amount: String(600 + Math.floor(rng() * 100)), currency: 'KHR' },
    qualityGrade: 'A',
    provinceCode: 'KH-14',
    availableUntil: inDays(60),
  };
}

/** Runs `count` calls of `make`, `width` at a time. */
async function inParallel<T>(count: number, width: number, make: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < count) {
        const i = next++;
        results[i] = await make(i);
      }
    }),
  );
  return results;
}

async function prepareMaterial(base: string, pool: Pool, buyerOrgs: string[]): Promise<Material> {
  const rng = random(settings.seed + 7);
  const searches = Array.from({ length: 2000 }, () => {
    const template = pick(rng, SEARCH_TEMPLATES);
    return { template: template.name, path: template.build(rng) };
  });
  const listingIds = (await pool.query<{ id: string }>(`SELECT id FROM listings WHERE status = 'active' ORDER BY md5(id::text) LIMIT 2000`)).rows.map((r) => r.id);
  const demandIds = (await pool.query<{ id: string }>(`SELECT id FROM demands WHERE status = 'open' ORDER BY md5(id::text) LIMIT 500`)).rows.map((r) => r.id);
  const [buyer, seller] = await Promise.all([register(base, 'Bench Buyer'), register(base, 'Bench Seller')]);
  // The buyer works for every buying firm, so it may see every demand's matches.
  await pool.query(`INSERT INTO memberships (organization_id, user_id, role) SELECT id, $1, 'owner' FROM unnest($2::uuid[]) AS id`, [buyer.userId, buyerOrgs]);
  const org = (body: Record<string, unknown>, token: string) => api<{ id: string }>(base, 'POST', 'organizations', token, body);
  const buyerOrg = await org({ name: `Bench Builders ${randomBytes(3).toString('hex')}`, kind: 'firm', capabilities: ['buy'], provinceCode: 'KH-12', valueChains: ['clay_tiles_bricks'] }, buyer.token);
  const sellerOrg = await org({ name: `Bench Kilns ${randomBytes(3).toString('hex')}`, kind: 'firm', capabilities: ['sell'], provinceCode: 'KH-14', valueChains: ['clay_tiles_bricks'] }, seller.token);
  const sellerListingIds = (await inParallel(20, 4, () => api<{ id: string }>(base, 'POST', 'listings', seller.token, listingBody(sellerOrg.id, rng)))).map((l) => l.id);
  // Enough pending orders that every accept of every run finds one (more accepts than this are 409s).
  const pendingOffers = (
    await inParallel(1500, 8, (i) =>
      api<{ id: string }>(base, 'POST', 'offers', buyer.token, { kind: 'order', organizationId: buyerOrg.id, listingId: sellerListingIds[i % sellerListingIds.length], quantity: '10' }),
    )
  ).map((o) => o.id);
  return { searches, listingIds, demandIds, buyer, seller, buyerOrgId: buyerOrg.id, sellerOrgId: sellerOrg.id, sellerListingIds, pendingOffers };
}

/** The next request of the mix, and its kind: drawn by weight. */
function drawRequest(rng: Rng, m: Material): { kind: Kind; template?: string; method: string; path: string; token?: string; body?: unknown } {
  let roll = rng() * 100;
  let kind: Kind = 'search';
  for (const [k, share] of MIX) {
    if (roll < share) {
      kind = k;
      break;
    }
    roll -= share;
  }
  switch (kind) {
    case 'search': {
      const s = pick(rng, m.searches);
      return { kind, template: s.template, method: 'GET', path: s.path };
    }
    case 'listing page':
      return { kind, method: 'GET', path: `listings/${pick(rng, m.listingIds)}` };
    case 'market prices':
      return { kind, method: 'GET', path: `market-prices?productCode=${pick(rng, PRODUCTS).code}` };
    case 'matches':
      return { kind, method: 'GET', path: `demands/${pick(rng, m.demandIds)}/matches`, token: m.buyer.token };
    case 'new listing':
      return { kind, method: 'POST', path: 'listings', token: m.seller.token, body: listingBody(m.sellerOrgId, rng) };
    case 'order':
      return {
        kind,
        method: 'POST',
        path: 'offers',
        token: m.buyer.token,
        body: { kind: 'order', organizationId: m.buyerOrgId, listingId: pick(rng, m.sellerListingIds), quantity: '10' },
      };
    case 'accept':
      // Taken from the queue; once it runs dry, accepts of accepted orders answer 409.
      return { kind, method: 'POST', path: `offers/${m.pendingOffers.pop() ?? m.pendingOffers[0] ?? randomUUID()}/accept`, token: m.seller.token, body: {} };
  }
}

/** A drawn request as it goes on the wire: its path under /api/v1, its token and JSON body as headers and text. */
function wire(next: ReturnType<typeof drawRequest>): { method: string; path: string; headers: Record<string, string>; body?: string } {
  const headers: Record<string, string> = {};
  if (next.token) headers.authorization = `Bearer ${next.token}`;
  if (next.body !== undefined) headers['content-type'] = 'application/json';
  return { method: next.method, path: `/api/v1/${next.path}`, headers, body: next.body === undefined ? undefined : JSON.stringify(next.body) };
}

/** One autocannon instance on one process; each connection times its own requests. */
function cannon(port: number, connections: number, seconds: number, m: Material, rng: Rng, samples: Sample[] | null) {
  interface Context {
    kind?: Kind;
    template?: string;
    started?: number;
  }
  const instance = autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    pipelining: 1,
    duration: seconds,
    timeout: 10,
    requests: [
      {
        setupRequest: (req: autocannon.RequestSpec, context: Context) => {
          const next = drawRequest(rng, m);
          context.kind = next.kind;
          context.template = next.template;
          context.started = performance.now();
          return { ...req, ...wire(next) };
        },
        onResponse: (status: number, _body: string, context: Context) => {
          if (samples && context.kind && context.started !== undefined) {
            samples.push({ kind: context.kind, template: context.template, ms: performance.now() - context.started, status });
          }
        },
      },
    ],
  });
  return instance;
}

/**
 * The mix at `rate` requests/s from `connections` kept-alive connections to `port`, for
 * `seconds`: arrivals a Poisson process, each request timed from its arrival (a request
 * waiting for a free connection is waiting). Counts only what arrived in the window.
 */
async function paced(port: number, connections: number, rate: number, seconds: number, m: Material, rng: Rng, samples: Sample[] | null) {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const inFlight: Array<Promise<void>> = [];
  let errors = 0;
  let timeouts = 0;
  const started = performance.now();
  let arrival = started;
  while (arrival - started < seconds * 1000) {
    const wait = arrival - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const next = drawRequest(rng, m);
    const at = arrival;
    const { method, path, headers, body } = wire(next);
    inFlight.push(
      new Promise<void>((resolve) => {
        let timedOut = false;
        const req = httpRequest({ host: '127.0.0.1', port, method, path, headers, agent, timeout: 10_000 }, (res) => {
          res.resume();
          res.on('end', () => {
            samples?.push({ kind: next.kind, template: next.template, ms: performance.now() - at, status: res.statusCode ?? 0 });
            resolve();
          });
        });
        req.on('timeout', () => {
          timedOut = true;
          timeouts++;
          req.destroy();
        });
        req.on('error', () => {
          if (!timedOut) errors++;
          resolve();
        });
        req.end(body);
      }),
    );
    arrival += (-Math.log(1 - rng()) * 1000) / rate;
  }
  await Promise.all(inFlight);
  agent.destroy();
  return { errors, timeouts };
}

async function runOnce(apps: AppChild[], connections: number, m: Material, rng: Rng, rate?: number): Promise<Run> {
  // Each process gets its share of the connections (and of the rate), as a round-robin balancer gives them.
  const shares = apps.map((_, i) => Math.floor(connections / apps.length) + (i < connections % apps.length ? 1 : 0));
  const load = (app: AppChild, i: number, seconds: number, samples: Sample[] | null) =>
    rate ? paced(app.port, shares[i]!, (rate * shares[i]!) / connections, seconds, m, rng, samples) : cannon(app.port, shares[i]!, seconds, m, rng, samples);
  if (settings.warmupSeconds > 0) await Promise.all(apps.map((app, i) => load(app, i, settings.warmupSeconds, null)));
  const samples: Sample[] = [];
  const cpuBefore = await Promise.all(apps.map((app) => app.cpu()));
  const pgBefore = postgresTicks();
  const started = performance.now();
  const results = await Promise.all(apps.map((app, i) => load(app, i, settings.durationSeconds, samples)));
  const seconds = (performance.now() - started) / 1000;
  const pgAfter = postgresTicks();
  const cpuAfter = await Promise.all(apps.map((app) => app.cpu()));
  return {
    processes: apps.length,
    connections,
    rate,
    seconds,
    samples,
    errors: results.reduce((sum, r) => sum + r.errors, 0),
    timeouts: results.reduce((sum, r) => sum + r.timeouts, 0),
    appCpu: apps.map((_, i) => (cpuAfter[i]!.user - cpuBefore[i]!.user + cpuAfter[i]!.system - cpuBefore[i]!.system) / 1e6 / seconds),
    postgresCpu: (pgAfter - pgBefore) / TICKS_PER_SECOND / seconds,
  };
}

const fmt = (ms: number) => (Number.isFinite(ms) ? ms.toFixed(1) : '–');
const pct = (share: number) => `${(share * 100).toFixed(0)} %`;
const row = (cells: string[]) => `| ${cells.join(' | ')} |`;

/** Answers that are not what the mix expects: anything but 2xx, and 409 on writes (an accepted order accepted again). */
const unintended = (s: Sample) => !(s.status >= 200 && s.status < 300) && !(s.status === 409 && WRITES.has(s.kind));

function statusCounts(samples: Sample[]): string {
  const counts = new Map<number, number>();
  for (const s of samples) counts.set(s.status, (counts.get(s.status) ?? 0) + 1);
  return [...counts].sort((a, b) => a[0] - b[0]).map(([status, n]) => `${status}: ${n.toLocaleString('en-US')}`).join(', ');
}

async function main(): Promise<void> {
  const machineLine = describeMachine(machine());
  say(`bench:load — ${settings.listings.toLocaleString('en-US')} listings; connections ${settings.connections.join(', ')}; processes ${settings.processes.join(', ')}`);
  say(`machine: ${machineLine}`);
  const loadBefore = loadAverage();
  const database = await openMarketDatabase(settings, settings.keep, 'psar_bench_load');
  const pool = new Pool({ connectionString: database.url, max: 4 });
  pool.on('error', (error) => say(`database connection: ${error.message}`));
  const apps: AppChild[] = [];
  const stopApps = async () => {
    await Promise.all(apps.splice(0).map((app) => app.stop().catch((error: unknown) => say(`stopping the app: ${String(error)}`))));
  };
  const cleanUp = async () => {
    await stopApps();
    await pool.end().catch(() => undefined);
    await database.stop().catch((error: unknown) => say(`stopping the database: ${String(error)}`));
  };
  process.once('SIGINT', () => void cleanUp().finally(() => process.exit(130)));

  try {
    say(`database: ${database.description}`);
    const market = await prepareMarket(pool, database, settings);
    say(`loaded in ${market.loadSeconds.toFixed(0)} s; listings with indexes: ${market.size}`);
    // Every process signs and checks the same tokens, as replicas behind one balancer do.
    const env = { JWT_SECRET: randomBytes(32).toString('hex') };
    const start = async (n: number) => {
      while (apps.length < n) apps.push(await startAppChild(database.url, settings.appLog.replace(/(\.log)?$/, `-${apps.length + 1}.log`), env));
    };
    await start(1);
    const material = await prepareMaterial(`http://127.0.0.1:${apps[0]!.port}`, pool, market.orgs.buyers);
    say(`mix: ${material.searches.length} search draws, ${material.listingIds.length} listings, ${material.demandIds.length} demands, ${material.pendingOffers.length} pending orders to accept`);
    const rng = random(settings.seed + 11);

    const runs: Run[] = [];
    for (const processes of settings.processes) {
      await stopApps();
      await start(processes);
      const plan = settings.connections.flatMap((connections) => [
        { connections, rate: undefined as number | undefined },
        ...(connections === TARGET.connections && settings.rate ? [{ connections, rate: settings.rate }] : []),
      ]);
      for (const { connections, rate } of plan) {
        say(`${processes} process(es), ${connections} connections, ${rate ? `${rate} requests/s offered` : 'flat out'}: ${settings.warmupSeconds} s warm-up, ${settings.durationSeconds} s measured…`);
        const run = await runOnce(apps, connections, material, rng, rate);
        runs.push(run);
        const all = stats(run.samples.map((s) => s.ms));
        say(
          `  ${(run.samples.length / run.seconds).toFixed(0)} requests/s, p50 ${fmt(all.p50)} ms, p99 ${fmt(all.p99)} ms; ` +
            `answers ${statusCounts(run.samples)}; errors ${run.errors}, timeouts ${run.timeouts}; ` +
            `CPU: API ${run.appCpu.map(pct).join(' + ')}, Postgres ${pct(run.postgresCpu)}`,
        );
      }
    }
    await stopApps();

    // The slowest search template under load at the target's connections, explained.
    const targetRun = runs.find((r) => r.processes === 1 && r.connections === TARGET.connections && !r.rate) ?? runs[0]!;
    const byTemplate = new Map<string, number[]>();
    for (const s of targetRun.samples) if (s.template) byTemplate.set(s.template, [...(byTemplate.get(s.template) ?? []), s.ms]);
    const slowestTemplate = [...byTemplate].map(([template, ms]) => ({ template, p99: stats(ms).p99 })).sort((a, b) => b.p99 - a.p99)[0];
    let plan = '';
    if (slowestTemplate) {
      const raw = new RawSql(pool, process.env.KHR_PER_USD || '4100', material.buyer.userId);
      const query = material.searches.find((s) => s.template === slowestTemplate.template)!;
      const timed = await raw.run({ template: query.template, kind: 'search', path: query.path });
      if (timed.statement) {
        plan = (await pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${timed.statement.sql}`, timed.statement.params)).rows
          .map((r) => r['QUERY PLAN'])
          .join('\n');
      }
    }
    const loadAfter = loadAverage();
    await cleanUp();

    const lines = [
      `## ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC — load: many users at once at ${settings.listings.toLocaleString('en-US')} listings`,
      '',
      `- Machine: ${machineLine}; load average before ${loadBefore}, after ${loadAfter}`,
      `- Data: bench:listings' market (${settings.listings.toLocaleString('en-US')} listings, ${settings.demands.toLocaleString('en-US')} open demands); ${database.description}`,
      `- Mix: ${MIX.map(([kind, share]) => `${share} % ${kind}`).join(', ')}; searches drawn from bench:listings' ${SEARCH_TEMPLATES.length} templates; ` +
        `writes with real tokens; autocannon (pipelining 1, ${settings.warmupSeconds} s warm-up, then ${settings.durationSeconds} s measured); ` +
        'the app in its own process (NODE_ENV=production, LOG_LEVEL=info to a file, pool of 10 each); two processes share the connections half and half, ' +
        `as a round-robin balancer would; replicas: ${process.env.DATABASE_REPLICA_URLS ? 'DATABASE_REPLICA_URLS set' : 'none'}`,
      '',
      row(['processes', 'connections', 'offered', 'requests/s', 'p50', 'p99', ...KINDS.map((k) => `${k} p50 / p99`), 'answers by status', 'CPU: API', 'CPU: Postgres']),
      row(['---:', '---:', '---:', '---:', '---:', '---:', ...KINDS.map(() => '---:'), '---', '---:', '---:']),
      ...runs.map((run) => {
        const all = stats(run.samples.map((s) => s.ms));
        const kind = (k: Kind): Stats => stats(run.samples.filter((s) => s.kind === k).map((s) => s.ms));
        return row([
          String(run.processes),
          String(run.connections),
          run.rate ? `${run.rate}/s` : 'flat out',
          (run.samples.length / run.seconds).toFixed(0),
          fmt(all.p50),
          fmt(all.p99),
          ...KINDS.map((k) => `${fmt(kind(k).p50)} / ${fmt(kind(k).p99)}`),
          `${statusCounts(run.samples)}${run.errors + run.timeouts ? `; errors ${run.errors}, timeouts ${run.timeouts}` : ''}`,
          run.appCpu.map(pct).join(' + '),
          pct(run.postgresCpu),
        ]);
      }),
      '',
      'Times in ms, from the request written to the answer read. CPU: share of one core over the measured seconds (2 cores in all). ' +
        'Flat out: each connection sends its next request when the last is answered (autocannon). Offered: requests arrive at that rate on average ' +
        '(Poisson), answered or not, and each is timed from its arrival, waiting for a free connection included.',
      '',
    ];
    const target = runs.filter((r) => r.connections === TARGET.connections);
    const verdicts = target.map((run) => {
      const rps = run.samples.length / run.seconds;
      const p99 = stats(run.samples.map((s) => s.ms)).p99;
      const bad = run.samples.filter(unintended).length + run.errors + run.timeouts;
      const met = rps >= TARGET.requestsPerSecond && p99 <= TARGET.p99Ms && bad === 0;
      const how = run.rate ? `${run.rate} requests/s offered` : 'flat out';
      return `- ${run.processes} process(es), ${run.connections} connections, ${how}: ${rps.toFixed(0)} requests/s (≥ ${TARGET.requestsPerSecond}), p99 ${fmt(p99)} ms (≤ ${TARGET.p99Ms}), ${bad} answers other than 2xx and the writes' 409s: ${met ? '**met**' : '**not met**'}`;
    });
    lines.push('Targets:', ...verdicts, '');
    if (slowestTemplate && plan) {
      lines.push(
        `Slowest search under load (${targetRun.processes} process, ${targetRun.connections} connections): "${slowestTemplate.template}", p99 ${fmt(slowestTemplate.p99)} ms; ` +
          'its statement, run alone afterwards:',
        '',
        '```',
        plan,
        '```',
        '',
      );
    }
    const markdown = lines.join('\n');
    process.stdout.write(`\n${markdown}\n`);
    if (settings.report) {
      await appendSection(markdown);
      say(`appended to ${BENCHMARKS_FILE}`);
    }
  } catch (error) {
    await cleanUp();
    throw error;
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench:load failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);

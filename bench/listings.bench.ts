/**
 * npm run bench:listings — search and matching over a large market.
 *
 * Loads BENCH_LISTINGS listings (default 200,000, a minute of loading; the targets
 * are for BENCH_LISTINGS=1000000, about six minutes of loading on 2 cores) and BENCH_DEMANDS
 * open demands (default 50,000) across every product and province into a throwaway database (an
 * embedded Postgres, or a new database on DATABASE_URL's server), then runs a fixed mix of
 * search queries and demand matching (with pooling) one request at a time, twice: through
 * the HTTP API of the real app (its own process, bench/support/http-server.ts) and as the
 * same SQL statements sent with `pg` from this process. Prints p50/p95/p99 per template and
 * overall, EXPLAIN (ANALYZE, BUFFERS) of the slowest statement, and appends it all to
 * BENCHMARKS.md.
 *
 * Settings (environment): BENCH_LISTINGS, BENCH_DEMANDS, BENCH_ROUNDS (draws of each search
 * template, default 40), BENCH_MATCHES (matching requests, default 300), BENCH_SEED,
 * BENCH_APP_LOG (default $TMPDIR/psar-bench-listings.log), BENCH_REPORT=false (print only,
 * for trial runs), DATABASE_URL, BENCH_KEEP=<folder> (an embedded Postgres kept in that folder:
 * the first run loads it, later runs with the same sizes and seed skip loading; for trying a
 * query or an index change at 1,000,000 rows, then EXPLAIN there; report runs load afresh),
 * BENCH_CPU_PROF=<folder> (after the measured passes, the mix once more through the API with
 * the app's CPU profiler on: writes <folder>/api-<time>.cpuprofile, for Chrome DevTools or
 * speedscope, and reports its time by request stage and its top frames and packages by self
 * time with the rest; the figures are unaffected).
 */
import { randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import { mkdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { type CpuProfile, summarizeProfile } from './support/cpu-profile';
import { type AppChild, startAppChild } from './support/app-child';
import { random } from './support/listings-data';
import { openMarketDatabase, prepareMarket } from './support/market-data';
import { type Kind, type MixQuery, RawSql, SEARCH_TEMPLATES, type Stats, stats, type Timed } from './support/listings-mix';
import { appendSection, BENCHMARKS_FILE, describeMachine, loadAverage, machine } from './support/report';
import { envInteger, say } from './support/settings';

const TARGETS = { searchP99: 50, matchingP99: 100, apiOverSqlP50: 2, addedP50: 1 };

const settings = {
  listings: envInteger('BENCH_LISTINGS', 200_000, 1000, { digitGroups: true }),
  demands: envInteger('BENCH_DEMANDS', 50_000, 100, { digitGroups: true }),
  rounds: envInteger('BENCH_ROUNDS', 40, 1, { digitGroups: true }),
  matches: envInteger('BENCH_MATCHES', 300, 1, { digitGroups: true }),
  seed: envInteger('BENCH_SEED', 20250301, 0, { digitGroups: true }),
  appLog: process.env.BENCH_APP_LOG || join(tmpdir(), 'psar-bench-listings.log'),
  report: process.env.BENCH_REPORT !== 'false',
  keep: process.env.BENCH_KEEP || undefined,
  cpuProfile: process.env.BENCH_CPU_PROF || undefined,
};

interface Sample extends Timed {
  query: MixQuery;
  status?: number;
}

const fmt = (ms: number, digits = 1) => (Number.isFinite(ms) ? ms.toFixed(digits) : '–');

async function main(): Promise<void> {
  const machineLine = describeMachine(machine());
  say(`bench:listings — ${settings.listings.toLocaleString('en-US')} listings, ${settings.demands.toLocaleString('en-US')} open demands`);
  say(`machine: ${machineLine}`);
  const loadBefore = loadAverage();
  const database = await openMarketDatabase(settings, settings.keep, 'psar_bench_listings');
  let app: AppChild | undefined;
  const pool = new Pool({ connectionString: database.url, max: 4 });
  // An idle client cut off while the database stops must not crash the bench.
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
    const { orgs, loadSeconds, size } = await prepareMarket(pool, database, settings);
    say(`loaded in ${loadSeconds.toFixed(0)} s; listings with indexes: ${size}`);

    app = await startAppChild(database.url, settings.appLog);
    const base = `http://127.0.0.1:${app.port}/api/v1`;
    say(`app: 127.0.0.1:${app.port} (logs in ${settings.appLog})`);
    // A kept database remembers earlier runs' sign-ups from this address: start each run unthrottled.
    await pool.query('DELETE FROM rate_limit_counters');
    const register = await fetch(`${base}/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Bench Buyer', email: `bench-${randomBytes(4).toString('hex')}@bench.psar.example`, password: 'bench kiln fire 42' }),
    });
    if (register.status !== 201) throw new Error(`register: ${register.status} ${await register.text()}`);
    const session = (await register.json()) as { user: { id: string }; accessToken: string };
    // The bench user works for every buying firm, so it may see every demand's matches.
    await pool.query(`INSERT INTO memberships (organization_id, user_id, role) SELECT id, $1, 'owner' FROM unnest($2::uuid[]) AS id`, [
      session.user.id,
      orgs.buyers,
    ]);
    const headers = { authorization: `Bearer ${session.accessToken}` };
    // node:http with one kept-alive socket: a lighter client than fetch, so the API's own time shows.
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const get = (url: string) =>
      new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = request(url, { agent, headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        });
        req.on('error', reject);
        req.end();
      });
    const api = async (path: string, at = base) => {
      const started = performance.now();
      const res = await get(`${at}/${path}`);
      const body = JSON.parse(res.text) as { items: unknown[]; nextCursor?: string | null };
      return { ms: performance.now() - started, status: res.status, body };
    };
    // The floor: a request that does no work (no database, no logging).
    const floor: number[] = [];
    for (let i = 0; i < 200; i++) {
      const started = performance.now();
      await get(`http://127.0.0.1:${app.port}/health/live`);
      if (i >= 50) floor.push(performance.now() - started);
    }

    // The mix, drawn once, run identically through both paths.
    const mixRng = random(settings.seed + 1);
    const demandIds = (
      await pool.query<{ id: string }>(`SELECT id FROM demands ORDER BY md5(id::text || $1) LIMIT $2`, [String(settings.seed), settings.matches])
    ).rows.map((r) => r.id);
    const mix: MixQuery[] = [];
    for (let round = 0; round < settings.rounds; round++) {
      for (const template of SEARCH_TEMPLATES) mix.push({ template: template.name, kind: 'search', path: template.build(mixRng) });
    }
    for (const demandId of demandIds) mix.push({ template: 'demand matches (with pooling)', kind: 'matching', path: `demands/${demandId}/matches`, demandId });
    // "page 3": follow two pages first, so the measured request carries a real cursor.
    for (const query of mix.filter((q) => q.template.includes('page 3'))) {
      for (let page = 0; page < 2; page++) {
        const { body } = await api(query.path);
        if (!body.nextCursor) break;
        query.path = `${query.path.replace(/&cursor=[^&]*/, '')}&cursor=${body.nextCursor}`;
      }
    }
    const order = [...mix.keys()].sort((a, b) => ((a * 7919) % mix.length) - ((b * 7919) % mix.length));

    const raw = new RawSql(pool, process.env.KHR_PER_USD || '4100', session.user.id);
    say(`warming up: the mix once through each path (${mix.length} requests), not counted…`);
    for (const i of order) await api(mix[i]!.path);
    for (const i of order) await raw.run(mix[i]!);

    say('measuring through the HTTP API…');
    const cpuUsage = () => app!.cpu();
    const cpuBefore = await cpuUsage();
    const apiSamples: Sample[] = [];
    for (const i of order) {
      const query = mix[i]!;
      const { ms, status, body } = await api(query.path);
      if (status !== 200) throw new Error(`${query.path}: HTTP ${status} ${JSON.stringify(body).slice(0, 300)}`);
      apiSamples.push({ query, ms, status, rows: body.items.length });
    }
    const cpuAfter = await cpuUsage();
    // Steadier than latency on a shared machine: what the app's process spent per request.
    const appCpuUs = (cpuAfter.user - cpuBefore.user + cpuAfter.system - cpuBefore.system) / mix.length;
    say('measuring the same SQL through pg…');
    const sqlSamples: Sample[] = [];
    for (const i of order) sqlSamples.push({ query: mix[i]!, ...(await raw.run(mix[i]!)) });
    // The floor of any Node HTTP API with this SQL and these DTOs: the listing searches through
    // a bare Fastify that runs the same statements and the app's own mapping (http-server.ts).
    say('measuring the listing searches through a bare Fastify…');
    const listingSearches = order.filter((i) => mix[i]!.kind === 'search' && mix[i]!.path.startsWith('listings'));
    const bareMs = new Map<number, number>();
    const bare = await startAppChild(database.url, join(tmpdir(), 'psar-bench-bare-search.log'), {}, 'bare-search');
    try {
      const bareBase = `http://127.0.0.1:${bare.port}/api/v1`;
      // Its warm-up pass also proves it answers what the app answers: the same items, byte for
      // byte, and a next page when the app has one (a text search's cursor holds the instant
      // of its first page, so two cursors differ).
      const answer = (body: { items: unknown[]; nextCursor?: string | null }) => JSON.stringify({ items: body.items, more: Boolean(body.nextCursor) });
      for (const i of listingSearches) {
        const [theirs, ours] = [await api(mix[i]!.path, bareBase), await api(mix[i]!.path)];
        const [a, b] = [answer(theirs.body), answer(ours.body)];
        if (a !== b) {
          let at = 0;
          while (a[at] === b[at]) at++;
          throw new Error(`the bare Fastify answers ${mix[i]!.path} unlike the app, from character ${at}: ${a.slice(at, at + 80)} against ${b.slice(at, at + 80)}`);
        }
      }
      for (const i of listingSearches) bareMs.set(i, (await api(mix[i]!.path, bareBase)).ms);
    } finally {
      await bare.stop();
    }
    const loadAfter = loadAverage();
    let profileLines: string[] = [];
    if (settings.cpuProfile) {
      await mkdir(settings.cpuProfile, { recursive: true });
      const file = join(settings.cpuProfile, `api-${new Date().toISOString().replace(/[:.]/g, '-')}.cpuprofile`);
      await app.request({ type: 'profile-start' }, 'profile-started');
      for (const i of order) await api(mix[i]!.path);
      await app.request({ type: 'profile-stop', file }, 'profile-written');
      const summary = summarizeProfile(JSON.parse(await readFile(file, 'utf8')) as CpuProfile, join(__dirname, '..'));
      const busy = summary.totalMs - summary.idleMs;
      say(`CPU profile of the app over the mix once more (${mix.length} requests): ${file}`);
      const perRequest = (ms: number) => ((ms * 1000) / mix.length).toFixed(0);
      const table = (title: string, rows: Array<{ name: string; ms: number; share: number }>) => [
        `| ${title} | share of busy | µs per request |`,
        '| --- | ---: | ---: |',
        ...rows.map((r) => `| ${r.name.replace(/\|/g, '\\|')} | ${(r.share * 100).toFixed(1)} % | ${perRequest(r.ms)} |`),
        '',
      ];
      profileLines = [
        `CPU profile of the app (BENCH_CPU_PROF: the mix once more, ${mix.length} requests, profiler on; its figures are not those above): ` +
          `${busy.toFixed(0)} ms busy, ${perRequest(busy)} µs per request.`,
        '',
        ...table('stage (callees included)', summary.stages),
        ...table('frame (self time)', summary.frames),
        ...table('package (self time)', summary.packages),
      ];
    }
    agent.destroy();

    const slowest = [...sqlSamples].filter((s) => s.statement).sort((a, b) => b.ms - a.ms)[0]!;
    const plan = (await pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${slowest.statement!.sql}`, slowest.statement!.params)).rows
      .map((r) => r['QUERY PLAN'])
      .join('\n');

    await cleanUp();

    const byKind = (samples: Sample[], kind: Kind) => stats(samples.filter((s) => s.query.kind === kind).map((s) => s.ms));
    const byTemplate = (samples: Sample[], template: string) => stats(samples.filter((s) => s.query.template === template).map((s) => s.ms));
    const templates = [...new Set(mix.map((q) => q.template))];
    const overall = {
      apiSearch: byKind(apiSamples, 'search'),
      sqlSearch: byKind(sqlSamples, 'search'),
      apiMatching: byKind(apiSamples, 'matching'),
      sqlMatching: byKind(sqlSamples, 'matching'),
    };
    // Both passes ran the mix in the same order: sample k of each is the same query. The
    // difference of two p50s over a mix of cheap and dear templates is not what one request
    // gains (the two medians can fall on different templates); the median of the pairs is.
    const addedBy = (kind: Kind) => stats(apiSamples.flatMap((a, k) => (a.query.kind === kind ? [a.ms - sqlSamples[k]!.ms] : [])));
    const added = { search: addedBy('search'), matching: addedBy('matching') };
    const onListingSearches = (ms: (k: number, bareMs: number) => number) => stats(order.flatMap((i, k) => (bareMs.has(i) ? [ms(k, bareMs.get(i)!)] : [])));
    const bareAdded = onListingSearches((k, bare) => bare - sqlSamples[k]!.ms);
    const appAdded = onListingSearches((k) => apiSamples[k]!.ms - sqlSamples[k]!.ms);
    const appOverBare = onListingSearches((k, bare) => apiSamples[k]!.ms - bare);
    const ratio = (a: Stats, b: Stats) => a.p50 / b.p50;
    const verdict = (ok: boolean) => (ok ? '**met**' : '**not met**');
    const row = (cells: string[]) => `| ${cells.join(' | ')} |`;
    const lines = [
      `## ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC — listings: search and matching at ${settings.listings.toLocaleString('en-US')} listings`,
      '',
      `- Machine: ${machineLine}; load average before ${loadBefore}, after ${loadAfter}`,
      `- Data: ${settings.listings.toLocaleString('en-US')} listings (85 % active; every product and province; 30 % priced in USD; 10 % of titles in Khmer), ` +
        `${settings.demands.toLocaleString('en-US')} open demands, ${orgs.sellers.length.toLocaleString('en-US')} selling and ` +
        `${orgs.buyers.length.toLocaleString('en-US')} buying organizations; loaded in ${loadSeconds.toFixed(0)} s by batched INSERT … unnest (5,000 rows); ` +
        `listings table with its indexes: ${size}; ${database.description}`,
      `- Mix: ${SEARCH_TEMPLATES.length} search templates × ${settings.rounds} draws and ${demandIds.length} demands' matches, in a fixed shuffled order, ` +
        'one request at a time after one unmeasured pass; the app in its own process (NODE_ENV=production, LOG_LEVEL=info to a file, pool of 10); ' +
        "raw SQL = the same statements the endpoint runs (lexicon look-up, search with the organizations' names; for matching the demand, " +
        'the membership check, the candidates, then the organizations and their reputation at once), sent with `pg` from the bench process',
      '',
      row(['template', 'n', 'API p50', 'API p95', 'API p99', 'SQL p50', 'SQL p95', 'SQL p99', 'API/SQL p50']),
      row(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:']),
      ...templates.map((template) => {
        const a = byTemplate(apiSamples, template);
        const s = byTemplate(sqlSamples, template);
        return row([template, String(a.n), fmt(a.p50), fmt(a.p95), fmt(a.p99), fmt(s.p50), fmt(s.p95), fmt(s.p99), ratio(a, s).toFixed(2)]);
      }),
      row([
        '**all searches**',
        String(overall.apiSearch.n),
        fmt(overall.apiSearch.p50),
        fmt(overall.apiSearch.p95),
        `**${fmt(overall.apiSearch.p99)}**`,
        fmt(overall.sqlSearch.p50),
        fmt(overall.sqlSearch.p95),
        fmt(overall.sqlSearch.p99),
        `**${ratio(overall.apiSearch, overall.sqlSearch).toFixed(2)}**`,
      ]),
      row([
        '**all matching**',
        String(overall.apiMatching.n),
        fmt(overall.apiMatching.p50),
        fmt(overall.apiMatching.p95),
        `**${fmt(overall.apiMatching.p99)}**`,
        fmt(overall.sqlMatching.p50),
        fmt(overall.sqlMatching.p95),
        fmt(overall.sqlMatching.p99),
        `**${ratio(overall.apiMatching, overall.sqlMatching).toFixed(2)}**`,
      ]),
      '',
      `Times in ms. The HTTP floor (GET /health/live, same client and server): p50 ${fmt(stats(floor).p50)}, p99 ${fmt(stats(floor).p99)}. ` +
        `The app's CPU (user + system) over the measured requests: ${appCpuUs.toFixed(0)} µs per request. ` +
        `Added by the API at p50: search ${(overall.apiSearch.p50 - overall.sqlSearch.p50).toFixed(2)} ms, matching ${(overall.apiMatching.p50 - overall.sqlMatching.p50).toFixed(2)} ms ` +
        '(difference of the two p50s above); ' +
        `the median of each request's own difference (API minus the same query's SQL): search ${fmt(added.search.p50, 2)} ms, matching ${fmt(added.matching.p50, 2)} ms.`,
      '',
      `The floor: the ${bareAdded.n} listing searches (every template but the demands') once more through a bare Fastify in its own process, running the same ` +
        "statements with `pg`, the app's own DTO mapping and page, and JSON.stringify, without Nest, validation, the guard or the request log " +
        "(it answered every one with the app's items, byte for byte). Medians of each request's difference: the bare Fastify adds " +
        `${fmt(bareAdded.p50, 2)} ms to the SQL, the app ${fmt(appAdded.p50, 2)} ms, so Nest and the rest of the app's stack add ${fmt(appOverBare.p50, 2)} ms over the bare Fastify.`,
      '',
      'Targets (at 1,000,000 listings, through the API):',
      `- search p99 ≤ ${TARGETS.searchP99} ms: ${fmt(overall.apiSearch.p99)} ms, ${verdict(overall.apiSearch.p99 <= TARGETS.searchP99)}` +
        (settings.listings < 1_000_000 ? ' (at this smaller size only)' : ''),
      `- matching (with pooling) p99 ≤ ${TARGETS.matchingP99} ms: ${fmt(overall.apiMatching.p99)} ms, ${verdict(overall.apiMatching.p99 <= TARGETS.matchingP99)}`,
      `- API adds ≤ ${TARGETS.addedP50} ms at p50 to its own SQL (median of each request's difference): search ${fmt(added.search.p50, 2)} ms, ` +
        `matching ${fmt(added.matching.p50, 2)} ms, ${verdict(added.search.p50 <= TARGETS.addedP50 && added.matching.p50 <= TARGETS.addedP50)}`,
      `- API p50 within ${TARGETS.apiOverSqlP50}× of raw SQL p50: search ${ratio(overall.apiSearch, overall.sqlSearch).toFixed(2)}×, ` +
        `matching ${ratio(overall.apiMatching, overall.sqlMatching).toFixed(2)}×, ` +
        verdict(ratio(overall.apiSearch, overall.sqlSearch) <= TARGETS.apiOverSqlP50 && ratio(overall.apiMatching, overall.sqlMatching) <= TARGETS.apiOverSqlP50),
      '',
      ...profileLines,
      `Slowest statement through pg (${fmt(slowest.ms)} ms for the whole request, template "${slowest.query.template}", \`${slowest.query.path.slice(0, 160)}\`):`,
      '',
      '```',
      plan,
      '```',
    ];
    const markdown = lines.join('\n');
    say();
    say(markdown);
    say();
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
    process.stderr.write(`bench:listings failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);

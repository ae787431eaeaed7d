/**
 * npm run bench:web — the web app's budget on a phone: Lighthouse on the built app.
 *
 * Builds the app when dist/ is missing or older than the sources (BENCH_BUILD=always|never
 * to force), starts the built server (node dist/apps/api/src/main.js, NODE_ENV=production)
 * on a database of its own (a new database on DATABASE_URL's server, dropped at the end, or
 * a throwaway embedded Postgres) with the demo data, so pages have content. Then Lighthouse
 * 12.2 (its Node API, Chromium started by chrome-launcher) on the home, search, listing and
 * market-price pages (issue 14), and the training search, a training and a fair's floor plan
 * (issue 15), and a conversation signed in as a demo account (its session put where the app
 * keeps it: localStorage, and the cookie the server draws the page from); mobile emulation:
 *   1. its default mobile throttling (simulated: 150 ms RTT, 1.6 Mbit/s, 4× CPU): the
 *      performance and accessibility scores, LCP, TBT, CLS, and the bytes each page loads
 *      by type (transfer sizes from the network-requests audit: compressed, with headers);
 *   2. DevTools' "Slow 3G" applied to the browser (throttlingMethod devtools: 400 kbit/s
 *      each way, 2,000 ms added to each request, as DevTools' preset does for a 400 ms
 *      RTT) and 4× CPU slowdown: LCP.
 * Checks the targets of issue 14 and appends the figures to BENCHMARKS.md.
 *
 * Settings (environment): CHROME_PATH (default /usr/bin/chromium), BENCH_BUILD,
 * BENCH_QUERY (the search page's text, default "tiles"), BENCH_APP_LOG (default
 * $TMPDIR/psar-bench-web.log), BENCH_LHR_DIR (keeps each run's Lighthouse report there, as
 * JSON, for a closer look), BENCH_REPORT=false (print only), DATABASE_URL, BENCH_PAGES
 * (only the pages named, comma-separated, e.g. `conversation,listing`; the first-route
 * targets need `home`, and are left out without it).
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readdirSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { chromium } from 'playwright-core';
import { DEMO_PASSWORD } from '../libs/identity/src/demo/identity-demo';
import { freePort, openOwnDatabase } from './support/database';
import { appendSection, BENCHMARKS_FILE, describeMachine, loadAverage, machine } from './support/report';
import { say } from './support/settings';

const ROOT = join(__dirname, '..');
// The demo account that opens a conversation (libs/identity/src/demo), and where the app keeps a session (apps/web/src/session/tokens.ts).
const DEMO_LOGIN = 'tiles@demo.psar.example';
const SESSION_KEY = 'psar.session';
const ACCESS_COOKIE = 'psar.access';
const TARGETS = { firstRouteJsKB: 50, firstRouteAllKB: 150, performance: 90, accessibility: 95, lcpMs: 2500, slowLcpMs: 5000 };
const CHROME_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
// DevTools' "Slow 3G" preset, as DevTools applies it: its latency is the RTT × 5.
const SLOW_3G = { rttMs: 400, throughputKbps: 400, requestLatencyMs: 2000, downloadThroughputKbps: 400, uploadThroughputKbps: 400, cpuSlowdownMultiplier: 4 };

const settings = {
  chrome: process.env.CHROME_PATH || '/usr/bin/chromium',
  build: process.env.BENCH_BUILD || 'auto',
  query: process.env.BENCH_QUERY || 'tiles',
  appLog: process.env.BENCH_APP_LOG || join(tmpdir(), 'psar-bench-web.log'),
  lhrDir: process.env.BENCH_LHR_DIR || null,
  report: process.env.BENCH_REPORT !== 'false',
  pages: process.env.BENCH_PAGES ? process.env.BENCH_PAGES.split(',').map((name) => name.trim()) : null,
};

// The parts of Lighthouse's result this reads (lighthouse ships ESM only; it is imported dynamically).
interface Audit {
  numericValue?: number;
  errorMessage?: string;
  details?: {
    items?: Array<{ url: string; resourceType?: string; transferSize?: number; items?: Array<{ node?: { nodeLabel?: string; selector?: string } }> }>;
  };
}
interface Lhr {
  categories: Record<string, { score: number | null }>;
  audits: Record<string, Audit>;
  runtimeError?: { code: string; message: string };
  runWarnings: string[];
  environment: { hostUserAgent: string };
}
type Lighthouse = (url: string, flags: Record<string, unknown>) => Promise<{ lhr: Lhr } | undefined>;
interface Launched {
  port: number;
  kill(): Promise<void> | void;
}
type Launch = (options: { chromePath: string; chromeFlags: string[] }) => Promise<Launched>;

/** The newest modification time of any file under `path`. */
function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((latest, name) => (name === 'node_modules' ? latest : Math.max(latest, newest(join(path, name)))), stat.mtimeMs);
}

function buildIfNeeded(): string {
  const built = join(ROOT, 'dist/web/index.html');
  const server = join(ROOT, 'dist/apps/api/src/main.js');
  const stale = () => {
    if (!existsSync(built) || !existsSync(server)) return true;
    const sources = Math.max(...['apps', 'libs', 'package-lock.json'].map((p) => newest(join(ROOT, p))));
    return sources > Math.min(statSync(built).mtimeMs, statSync(server).mtimeMs);
  };
  if (settings.build === 'never' || (settings.build === 'auto' && !stale())) return 'already in dist/';
  say('building the API and the web app (npm run build)…');
  const result = spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) throw new Error(`npm run build failed (exit ${result.status})`);
  return 'built for this run by npm run build';
}

async function startServer(databaseUrl: string): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const logFd = openSync(settings.appLog, 'w');
  const child: ChildProcess = spawn(process.execPath, ['dist/apps/api/src/main.js'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      SEED_DEMO: 'true',
      LOG_LEVEL: 'warn',
      CORS_ORIGINS: url,
      JWT_SECRET: randomBytes(32).toString('hex'),
    },
    stdio: ['ignore', logFd, logFd],
  });
  closeSync(logFd);
  let exited: number | null | undefined;
  const stopped = new Promise<void>((resolve) =>
    child.once('exit', (code) => {
      exited = code;
      resolve();
    }),
  );
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (exited !== undefined) throw new Error(`the server exited (code ${exited}) before it was ready; see ${settings.appLog}`);
    if (Date.now() > deadline) throw new Error(`the server was not ready within 3 minutes; see ${settings.appLog}`);
    // Ready and seeded: the demo data is loaded before the server listens.
    const ready = await fetch(`${url}/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    url,
    async stop() {
      if (exited === undefined) {
        const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
        child.kill('SIGTERM');
        await stopped;
        clearTimeout(kill);
      }
    },
  };
}

interface PageRun {
  name: string;
  path: string;
  performance: number;
  accessibility: number;
  lcp: number;
  tbt: number;
  cls: number;
  bytes: { html: number; js: number; css: number; font: number; other: number };
  fonts: string[];
  slowLcp: number;
  lcpElement: ReturnType<typeof lcpElement>;
  slowLcpElement: ReturnType<typeof lcpElement>;
  warnings: string[];
}

/** What Lighthouse names as the largest contentful paint, e.g. `h1` "ទីផ្សារ…", or why it could not. */
function lcpElement(lhr: Lhr): { named: string | null; error: string | null } {
  const audit = lhr.audits['largest-contentful-paint-element'];
  const node = audit?.details?.items?.[0]?.items?.[0]?.node;
  if (!node) return { named: null, error: audit?.errorMessage?.split(':').slice(0, 2).join(':') ?? 'no element' };
  const tag = node.selector?.split(/\s*>\s*/).pop() ?? '';
  return { named: `\`${tag}\` "${(node.nodeLabel ?? '').slice(0, 40)}"`, error: null };
}

/** Puts a signed-in session where the app keeps it (localStorage and its cookie), in the browser at `port`, for `origin`. */
async function keepSession(port: number, origin: string, session: string): Promise<void> {
  const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
  try {
    const page = await browser.contexts()[0]!.newPage();
    await page.goto(`${origin}/health/live`);
    const { accessToken, expiresAt } = JSON.parse(session) as { accessToken: string; expiresAt: number };
    const cookie = `${ACCESS_COOKIE}=${accessToken}; Path=/; SameSite=Strict; Max-Age=${Math.floor((expiresAt - Date.now()) / 1000)}`;
    await page.evaluate(`localStorage.setItem(${JSON.stringify(SESSION_KEY)}, ${JSON.stringify(session)}); document.cookie = ${JSON.stringify(cookie)}`);
    await page.close();
  } finally {
    await browser.close();
  }
}

const BY_TYPE: Record<string, keyof PageRun['bytes']> = { Document: 'html', Script: 'js', Stylesheet: 'css', Font: 'font' };

async function main(): Promise<void> {
  const machineLine = describeMachine(machine());
  const chromium = execFileSync(settings.chrome, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  say('bench:web — Lighthouse on the built web app');
  say(`machine: ${machineLine}; ${chromium}`);
  const build = buildIfNeeded();
  const loadBefore = loadAverage();
  const database = await openOwnDatabase('psar_bench_web', (line) => say(`database: ${line}`));
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  const cleanUp = async () => {
    await server?.stop().catch((error: unknown) => say(`stopping the server: ${String(error)}`));
    server = undefined;
    await database.stop().catch((error: unknown) => say(`stopping the database: ${String(error)}`));
  };
  process.once('SIGINT', () => void cleanUp().finally(() => process.exit(130)));
  try {
    say(`database: ${database.description}`);
    server = await startServer(database.url);
    say(`server: ${server.url} (logs in ${settings.appLog})`);
    const firstOf = async (path: string, what: string): Promise<string> => {
      const page = (await (await fetch(`${server!.url}${path}`)).json()) as { items?: Array<{ id: string }> };
      const id = page.items?.[0]?.id;
      if (!id) throw new Error(`no demo ${what} at ${path}: was the demo data loaded?`);
      return id;
    };
    const listingId = await firstOf('/api/v1/listings?limit=1&sort=newest', 'listing');
    const trainingId = await firstOf('/api/v1/trainings?limit=1', 'training');
    const fairId = await firstOf('/api/v1/trade-fairs?limit=1', 'trade fair');
    // Issue 14's pages, then issue 15's (the same targets).
    const pages: Array<{ name: string; path: string; session?: string }> = [
      { name: 'home', path: '/' },
      { name: 'search', path: `/listings?q=${encodeURIComponent(settings.query)}` },
      { name: 'listing', path: `/listings/${listingId}` },
      { name: 'market prices', path: '/prices' },
      { name: 'training search', path: '/trainings' },
      { name: 'training', path: `/trainings/${trainingId}` },
      { name: 'fair floor plan', path: `/fairs/${fairId}` },
    ];
    // A conversation needs someone signed in: a demo account's session, put where the app
    // keeps it (localStorage) before Lighthouse opens the page, which then keeps storage.
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: DEMO_LOGIN, password: DEMO_PASSWORD }),
    });
    if (!login.ok) throw new Error(`the demo account ${DEMO_LOGIN} could not sign in: ${login.status} ${await login.text()}`);
    const signedIn = (await login.json()) as { accessToken: string; refreshToken: string; expiresIn: number; user: { id: string } };
    const conversations = (await (await fetch(`${server.url}/api/v1/conversations?limit=1`, { headers: { authorization: `Bearer ${signedIn.accessToken}` } })).json()) as {
      items?: Array<{ id: string }>;
    };
    const conversationId = conversations.items?.[0]?.id;
    if (!conversationId) throw new Error(`the demo account ${DEMO_LOGIN} has no conversation: was the demo data loaded?`);
    const session = JSON.stringify({
      accessToken: signedIn.accessToken,
      refreshToken: signedIn.refreshToken,
      expiresAt: Date.now() + signedIn.expiresIn * 1000,
      userId: signedIn.user.id,
    });
    pages.push({ name: 'conversation', path: `/messages/${conversationId}`, session });
    const shortPath = (path: string) => path.replace(listingId, ':id').replace(trainingId, ':id').replace(fairId, ':id').replace(conversationId, ':id');

    const { default: lighthouse } = (await import('lighthouse')) as unknown as { default: Lighthouse };
    const { launch } = (await import('chrome-launcher')) as unknown as { launch: Launch };
    if (settings.lhrDir) await mkdir(settings.lhrDir, { recursive: true });
    // Lighthouse's own advice for a trace it failed to record (NO_NAVSTART and the like, seen
    // on a loaded machine) is to run it again: once more, then give up.
    const audit = async (url: string, flags: Record<string, unknown>, file: string, session?: string): Promise<Lhr> => {
      try {
        return await auditOnce(url, flags, file, session);
      } catch (error) {
        say(`${String(error)}; running it again`);
        return auditOnce(url, flags, file, session);
      }
    };
    const auditOnce = async (url: string, flags: Record<string, unknown>, file: string, session?: string): Promise<Lhr> => {
      // A fresh browser per run: nothing cached or warmed from the run before.
      const chrome = await launch({ chromePath: settings.chrome, chromeFlags: CHROME_FLAGS });
      try {
        // Signed in: the session set on a page of the origin that is not the app (so no script,
        // style or service worker of the app is cached), then kept by Lighthouse.
        if (session) await keepSession(chrome.port, new URL(url).origin, session);
        const storage = session ? { disableStorageReset: true } : {};
        const result = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance', 'accessibility'], ...storage, ...flags });
        if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
        if (result.lhr.runtimeError) throw new Error(`Lighthouse on ${url}: ${result.lhr.runtimeError.code} ${result.lhr.runtimeError.message}`);
        if (settings.lhrDir) await writeFile(join(settings.lhrDir, `${file}.json`), JSON.stringify(result.lhr));
        return result.lhr;
      } finally {
        await chrome.kill();
      }
    };

    const unknown = (settings.pages ?? []).filter((name) => !pages.some((p) => p.name === name));
    if (unknown.length > 0) throw new Error(`BENCH_PAGES names no page: ${unknown.join(', ')} (pages: ${pages.map((p) => p.name).join(', ')})`);
    const runs: PageRun[] = [];
    for (const page of pages.filter((p) => !settings.pages || settings.pages.includes(p.name))) {
      const url = `${server.url}${page.path}`;
      say(`${page.name}: ${page.path} — default mobile throttling…`);
      const file = page.name.replace(/\W+/g, '-');
      const lhr = await audit(url, {}, file, page.session);
      const bytes = { html: 0, js: 0, css: 0, font: 0, other: 0 };
      const fonts: string[] = [];
      for (const item of lhr.audits['network-requests']?.details?.items ?? []) {
        const type = BY_TYPE[item.resourceType ?? ''] ?? 'other';
        bytes[type] += item.transferSize ?? 0;
        if (type === 'font') fonts.push(`${item.url.split('/').pop()} ${((item.transferSize ?? 0) / 1000).toFixed(1)} KB`);
      }
      say(`${page.name}: slow 3G and 4× CPU (DevTools throttling)…`);
      const slow = await audit(url, { throttlingMethod: 'devtools', throttling: SLOW_3G }, `${file}-slow-3g`, page.session);
      const run: PageRun = {
        ...page,
        performance: Math.round((lhr.categories.performance?.score ?? 0) * 100),
        accessibility: Math.round((lhr.categories.accessibility?.score ?? 0) * 100),
        lcp: lhr.audits['largest-contentful-paint']?.numericValue ?? NaN,
        tbt: lhr.audits['total-blocking-time']?.numericValue ?? NaN,
        cls: lhr.audits['cumulative-layout-shift']?.numericValue ?? NaN,
        bytes,
        fonts,
        slowLcp: slow.audits['largest-contentful-paint']?.numericValue ?? NaN,
        lcpElement: lcpElement(lhr),
        slowLcpElement: lcpElement(slow),
        warnings: [...lhr.runWarnings, ...slow.runWarnings],
      };
      runs.push(run);
      say(
        `  performance ${run.performance}, accessibility ${run.accessibility}, LCP ${ms(run.lcp)}, TBT ${ms(run.tbt)}, CLS ${run.cls.toFixed(3)}, ` +
          `HTML ${kb(bytes.html)} JS ${kb(bytes.js)} CSS ${kb(bytes.css)} fonts ${kb(bytes.font)} KB; slow 3G LCP ${ms(run.slowLcp)}`,
      );
    }
    const loadAfter = loadAverage();
    await cleanUp();

    const home = runs.find((r) => r.name === 'home');
    const firstRouteAll = home ? home.bytes.html + home.bytes.js + home.bytes.css + home.bytes.font : NaN;
    const verdict = (ok: boolean) => (ok ? '**met**' : '**not met**');
    const worst = (pick: (r: PageRun) => number, lowest: boolean) => runs.reduce((a, b) => ((lowest ? pick(b) < pick(a) : pick(b) > pick(a)) ? b : a));
    const minPerf = worst((r) => r.performance, true);
    const minA11y = worst((r) => r.accessibility, true);
    const maxLcp = worst((r) => r.lcp, false);
    const maxSlow = worst((r) => r.slowLcp, false);
    const row = (cells: string[]) => `| ${cells.join(' | ')} |`;
    const lines = [
      `## ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC — web: Lighthouse budget of the first route and the public pages` +
        (settings.pages ? ` (BENCH_PAGES: ${settings.pages.join(', ')} only)` : ''),
      '',
      `- Machine: ${machineLine}; ${chromium}; load average before ${loadBefore}, after ${loadAfter}`,
      `- Lighthouse 12.2, mobile emulation (412 × 823), performance and accessibility only, a fresh headless Chromium per run; ` +
        `the built app (${build}) served by the API process (NODE_ENV=production, pre-compressed brotli) with the demo data; ${database.description}`,
      `- Default: Lighthouse's simulated mobile throttling (150 ms RTT, 1.6 Mbit/s, 4× CPU). Slow 3G: DevTools throttling of the browser, ` +
        '400 kbit/s each way and 2,000 ms per request (DevTools\' "Slow 3G": 400 ms RTT), 4× CPU slowdown',
      '- Bytes: transfer sizes of what the page loaded (compressed, response headers included), from the network-requests audit; KB = 1,000 bytes',
      '',
      row(['page', 'performance', 'accessibility', 'LCP', 'TBT', 'CLS', 'HTML KB', 'JS KB', 'CSS KB', 'fonts KB', 'other KB', 'LCP slow 3G + 4× CPU']),
      row(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:']),
      ...runs.map((r) =>
        row([
          `${r.name} \`${shortPath(r.path)}\``,
          String(r.performance),
          String(r.accessibility),
          ms(r.lcp),
          ms(r.tbt),
          r.cls.toFixed(3),
          kb(r.bytes.html),
          kb(r.bytes.js),
          kb(r.bytes.css),
          kb(r.bytes.font),
          kb(r.bytes.other),
          ms(r.slowLcp),
        ]),
      ),
      '',
      ...(home ? [`Fonts the home page loaded: ${home.fonts.join(', ') || 'none'}.`, ''] : []),
      ...lcpLines(runs),
      '',
      'Targets:',
      ...(home
        ? [
            `- first-route (home) JavaScript ≤ ${TARGETS.firstRouteJsKB} KB compressed: ${kb(home.bytes.js)} KB, ${verdict(home.bytes.js <= TARGETS.firstRouteJsKB * 1000)}`,
            `- first route in all (HTML + JS + CSS + Khmer font) ≤ ${TARGETS.firstRouteAllKB} KB: ${kb(firstRouteAll)} KB, ${verdict(firstRouteAll <= TARGETS.firstRouteAllKB * 1000)}`,
          ]
        : ['- first-route targets: not measured (the home page was not among BENCH_PAGES)']),
      `- performance ≥ ${TARGETS.performance} on every page: lowest ${minPerf.performance} (${minPerf.name}), ${verdict(minPerf.performance >= TARGETS.performance)}`,
      `- accessibility ≥ ${TARGETS.accessibility} on every page: lowest ${minA11y.accessibility} (${minA11y.name}), ${verdict(minA11y.accessibility >= TARGETS.accessibility)}`,
      `- LCP ≤ ${ms(TARGETS.lcpMs)} (default throttling): highest ${ms(maxLcp.lcp)} (${maxLcp.name}), ${verdict(maxLcp.lcp <= TARGETS.lcpMs)}`,
      `- LCP ≤ ${ms(TARGETS.slowLcpMs)} (slow 3G + 4× CPU): highest ${ms(maxSlow.slowLcp)} (${maxSlow.name}), ${verdict(maxSlow.slowLcp <= TARGETS.slowLcpMs)}`,
      ...[...new Set(runs.flatMap((r) => r.warnings))].map((w) => `- Lighthouse warned: ${w.replace(/\s+/g, ' ')}`),
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

/** Which element each run took as its LCP; one line when Lighthouse could name none. */
function lcpLines(runs: PageRun[]): string[] {
  const all = runs.flatMap((r) => [r.lcpElement, r.slowLcpElement]);
  if (all.every((e) => !e.named)) return [`Lighthouse named no LCP element (${[...new Set(all.map((e) => e.error))].join('; ')}).`];
  const say = (e: ReturnType<typeof lcpElement>) => e.named ?? `– (${e.error})`;
  return ['Largest contentful paint (default; slow 3G):', ...runs.map((r) => `- ${r.name}: ${say(r.lcpElement)}; ${say(r.slowLcpElement)}`)];
}

function ms(value: number): string {
  if (!Number.isFinite(value)) return '–';
  return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${Math.round(value)} ms`;
}

function kb(bytes: number): string {
  return (bytes / 1000).toFixed(1);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench:web failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);

/**
 * npm run bench:http — the Psar HTTP stack against a bare Fastify on GET /health/live.
 *
 * A forked process (bench/support/http-servers.ts) runs both servers on 127.0.0.1: the
 * real app from createApp() and a bare Fastify. This process starts the database (or
 * uses DATABASE_URL), drives autocannon against each server in turn, prints the figures
 * and appends them to BENCHMARKS.md; then it stops everything and exits by itself.
 */
import { ChildProcess, fork } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BenchDatabase, startDatabase } from './support/database';
import type { FromServers, ToServers } from './support/http-servers';
import { load, LoadResult } from './support/load';
import { appendSection, BENCHMARKS_FILE, describeMachine, loadAverage, machine } from './support/report';

const GOAL = 0.85;
const ROUTE = '/health/live';
const EXPECTED_BODY = { status: 'ok' };

type Target = 'app' | 'bare';
const LABEL: Record<Target, string> = { app: 'Psar app', bare: 'bare Fastify' };

function say(line = ''): void {
  process.stdout.write(`${line}\n`);
}

function seconds(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer ≥ ${min} (got ${JSON.stringify(raw)})`);
  return value;
}

const settings = {
  durationSeconds: seconds('BENCH_DURATION', 10, 1),
  warmupSeconds: seconds('BENCH_WARMUP', 5, 0),
  connections: seconds('BENCH_CONNECTIONS', 10, 1),
  appLog: process.env.BENCH_APP_LOG || join(tmpdir(), 'psar-bench-http.log'),
};

interface Servers {
  child: ChildProcess;
  ports: Record<Target, number>;
  logLevel: string;
  /** The servers' process CPU time so far, in ms. */
  cpuMs(): Promise<number>;
  stop(): Promise<void>;
}

async function startServers(databaseUrl: string): Promise<Servers> {
  const script = join(__dirname, 'support', `http-servers${__filename.endsWith('.ts') ? '.ts' : '.js'}`);
  const logFd = openSync(settings.appLog, 'w');
  const child = fork(script, [], {
    cwd: join(__dirname, '..'),
    env: { ...process.env, DATABASE_URL: databaseUrl },
    execArgv: __filename.endsWith('.ts') ? ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register'] : [],
    // The app logs to stdout: that goes to the log file, not the terminal.
    stdio: ['ignore', logFd, 'inherit', 'ipc'],
  });
  closeSync(logFd);

  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const next = <T extends FromServers['type']>(type: T) =>
    new Promise<Extract<FromServers, { type: T }>>((resolve, reject) => {
      const onMessage = (message: FromServers) => {
        if (message.type === type) {
          child.off('message', onMessage);
          resolve(message as Extract<FromServers, { type: T }>);
        } else if (message.type === 'failed') {
          child.off('message', onMessage);
          reject(new Error(`the servers failed to start: ${message.message} (app log: ${settings.appLog})`));
        }
      };
      child.on('message', onMessage);
      void exited.then((code) => reject(new Error(`the servers' process exited (code ${code}) (app log: ${settings.appLog})`)));
    });
  const send = (message: ToServers) => child.send(message);

  const ready = await next('ready');
  return {
    child,
    ports: { app: ready.appPort, bare: ready.barePort },
    logLevel: ready.logLevel,
    async cpuMs() {
      const reply = next('cpu');
      send({ type: 'cpu' });
      const { usage } = await reply;
      return (usage.user + usage.system) / 1000;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const deadline = setTimeout(() => {
        say('the servers did not exit within 20 s of closing; killing them');
        child.kill('SIGKILL');
      }, 20_000);
      if (child.connected) send({ type: 'stop' });
      const code = await exited;
      clearTimeout(deadline);
      if (code !== 0) throw new Error(`the servers' process exited with code ${code}`);
    },
  };
}

/** Both servers must answer the route the same way before their rates mean anything. */
async function checkResponses(ports: Record<Target, number>): Promise<Record<Target, number>> {
  const headerCount = {} as Record<Target, number>;
  for (const target of ['app', 'bare'] as const) {
    const response = await fetch(`http://127.0.0.1:${ports[target]}${ROUTE}`);
    const body: unknown = await response.json();
    if (response.status !== 200 || JSON.stringify(body) !== JSON.stringify(EXPECTED_BODY)) {
      throw new Error(`${LABEL[target]} answered ${response.status} ${JSON.stringify(body)} on ${ROUTE}`);
    }
    headerCount[target] = [...response.headers.keys()].length;
  }
  return headerCount;
}

interface Run extends LoadResult {
  round: number;
  target: Target;
  /** CPU used during the run, in cores (1 = one core busy all the time). */
  serverCores: number;
  clientCores: number;
}

async function measure(servers: Servers, target: Target, round: number, durationSeconds: number): Promise<Run> {
  const url = `http://127.0.0.1:${servers.ports[target]}${ROUTE}`;
  const serverBefore = await servers.cpuMs();
  const clientBefore = process.cpuUsage();
  const started = performance.now();
  const result = await load(url, { connections: settings.connections, durationSeconds });
  const wallMs = performance.now() - started;
  const client = process.cpuUsage(clientBefore);
  const serverMs = (await servers.cpuMs()) - serverBefore;
  if (result.failures > 0) throw new Error(`${LABEL[target]}: ${result.failures} failed requests (errors, timeouts or non-2xx)`);
  return {
    ...result,
    round,
    target,
    serverCores: serverMs / wallMs,
    clientCores: (client.user + client.system) / 1000 / wallMs,
  };
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const fixed = (value: number, digits: number) => value.toFixed(digits);
const thousands = (value: number) => Math.round(value).toLocaleString('en-US');

function section(runs: Run[], context: { machine: string; database: string; logLevel: string; headers: Record<Target, number>; loadBefore: string; loadAfter: string }): { markdown: string; ratio: number } {
  const of = (target: Target) => runs.filter((r) => r.target === target);
  const rate = (target: Target) => mean(of(target).map((r) => r.requestsPerSecond));
  const ratio = rate('app') / rate('bare');
  const roundRatios = [...new Set(runs.map((r) => r.round))].map((round) => {
    const inRound = (target: Target) => runs.find((r) => r.round === round && r.target === target)!.requestsPerSecond;
    return `round ${round}: ${fixed(inRound('app') / inRound('bare'), 3)}`;
  });
  const row = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const lines = [
    `## ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC — HTTP: GET ${ROUTE}, Psar app vs bare Fastify`,
    '',
    `- Machine: ${context.machine}`,
    `- Load: autocannon, ${settings.connections} connections, pipelining 1, ${settings.durationSeconds} s per run, ` +
      `${settings.warmupSeconds} s warm-up per server (not counted), 2 rounds in opposite order, all on 127.0.0.1`,
    `- App: NODE_ENV=production, LOG_LEVEL=${context.logLevel}, JSON logs to ${settings.appLog}` +
      ` (${ROUTE} itself is excluded from request logging by the app), outbox worker off; database: ${context.database}`,
    `- Response headers: app ${context.headers.app}, bare ${context.headers.bare}; load average before ${context.loadBefore}, after ${context.loadAfter}`,
    '',
    row(['round', 'server', 'req/s', 'p50 ms', 'p99 ms', 'bytes/resp', 'server CPU (cores)', 'autocannon CPU (cores)']),
    row(['---', '---', '---:', '---:', '---:', '---:', '---:', '---:']),
    ...runs.map((r) =>
      row([String(r.round), LABEL[r.target], thousands(r.requestsPerSecond), fixed(r.p50Ms, 3), fixed(r.p99Ms, 3), fixed(r.bytesPerResponse, 0), fixed(r.serverCores, 2), fixed(r.clientCores, 2)]),
    ),
    ...(['app', 'bare'] as const).map((target) =>
      row([
        'mean',
        `**${LABEL[target]}**`,
        `**${thousands(rate(target))}**`,
        fixed(mean(of(target).map((r) => r.p50Ms)), 3),
        fixed(mean(of(target).map((r) => r.p99Ms)), 3),
        fixed(mean(of(target).map((r) => r.bytesPerResponse)), 0),
        fixed(mean(of(target).map((r) => r.serverCores)), 2),
        fixed(mean(of(target).map((r) => r.clientCores)), 2),
      ]),
    ),
    '',
    `**Ratio app / bare: ${fixed(ratio, 3)}** (${roundRatios.join(', ')}); goal ≥ ${GOAL}: ${ratio >= GOAL ? '**met**' : '**not met**'}.`,
  ];
  return { markdown: lines.join('\n'), ratio };
}

async function main(): Promise<void> {
  const machineLine = describeMachine(machine());
  say(`bench:http — GET ${ROUTE}, Psar app vs bare Fastify`);
  say(`machine: ${machineLine}`);
  say(
    `settings: ${settings.connections} connections, ${settings.durationSeconds} s per run, ${settings.warmupSeconds} s warm-up per server, 2 rounds`,
  );

  let database: BenchDatabase | undefined;
  let servers: Servers | undefined;
  const cleanUp = async () => {
    await servers?.stop().catch((error: unknown) => say(`stopping the servers: ${String(error)}`));
    servers = undefined;
    await database?.stop().catch((error: unknown) => say(`stopping the database: ${String(error)}`));
    database = undefined;
  };
  const onSignal = (signal: NodeJS.Signals) => {
    say(`${signal}: stopping`);
    void cleanUp().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    database = await startDatabase((line) => say(`database: ${line}`));
    const databaseDescription = database.description;
    say(`database: ${databaseDescription}, migrated`);
    servers = await startServers(database.url);
    say(`servers: app on 127.0.0.1:${servers.ports.app}, bare Fastify on 127.0.0.1:${servers.ports.bare}`);
    say(`app logs: LOG_LEVEL=${servers.logLevel}, JSON, written to ${settings.appLog} (not the terminal)`);
    const logLevel = servers.logLevel;
    const headers = await checkResponses(servers.ports);

    const loadBefore = loadAverage();
    if (settings.warmupSeconds > 0) {
      say(`warming up (${settings.warmupSeconds} s each, not counted)…`);
      for (const target of ['app', 'bare'] as const) await load(`http://127.0.0.1:${servers.ports[target]}${ROUTE}`, { connections: settings.connections, durationSeconds: settings.warmupSeconds });
    }
    const runs: Run[] = [];
    const rounds: Target[][] = [
      ['app', 'bare'],
      ['bare', 'app'],
    ];
    for (const [index, order] of rounds.entries()) {
      for (const target of order) {
        say(`round ${index + 1}: ${LABEL[target]} for ${settings.durationSeconds} s…`);
        const run = await measure(servers, target, index + 1, settings.durationSeconds);
        say(`  ${thousands(run.requestsPerSecond)} req/s, p50 ${fixed(run.p50Ms, 3)} ms, p99 ${fixed(run.p99Ms, 3)} ms`);
        runs.push(run);
      }
    }
    const loadAfter = loadAverage();
    await cleanUp();

    const logLines = existsSync(settings.appLog) && settings.appLog !== '/dev/null' ? readFileSync(settings.appLog, 'utf8').split('\n').filter(Boolean).length : 0;
    const { markdown, ratio } = section(runs, { machine: machineLine, database: databaseDescription, logLevel, headers, loadBefore, loadAfter });
    say();
    say(markdown);
    say();
    await appendSection(markdown);
    say(`appended to ${BENCHMARKS_FILE}; the app wrote ${logLines} log lines to ${settings.appLog}`);
    if (ratio < GOAL) say(`the app serves ${fixed(ratio, 3)}× the bare rate, under the ${GOAL}× goal`);
  } finally {
    await cleanUp();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:http failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});

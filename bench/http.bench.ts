/**
 * npm run bench:http — the Psar HTTP stack against a bare Fastify on GET /health/live.
 *
 * Two forked processes (bench/support/http-server.ts) serve on 127.0.0.1: the real app
 * from createApp(), and a bare Fastify. This process starts the database (or uses
 * DATABASE_URL), drives autocannon against each server in turn, prints the figures and
 * appends them to BENCHMARKS.md; then it stops everything and exits by itself.
 */
import { ChildProcess, fork } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BenchDatabase, startDatabase } from './support/database';
import { prepareServerLoader, ServerLoader } from './support/server-loader';
import type { FromServer, ServerRole, ToServer } from './support/http-server';
import { load, LoadResult } from './support/load';
import { appendSection, BENCHMARKS_FILE, describeMachine, loadAverage, machine } from './support/report';
import { envInteger, say } from './support/settings';

const GOAL = 0.85;
const ROUTE = '/health/live';
const EXPECTED_BODY = { status: 'ok' };

type Target = Exclude<ServerRole, 'bare-search'>;
const TARGETS: readonly Target[] = ['app', 'bare'];
const LABEL: Record<Target, string> = { app: 'Psar app', bare: 'bare Fastify' };

const settings = {
  durationSeconds: envInteger('BENCH_DURATION', 10, 1),
  warmupSeconds: envInteger('BENCH_WARMUP', 5, 0),
  connections: envInteger('BENCH_CONNECTIONS', 10, 1),
  appLog: process.env.BENCH_APP_LOG || join(tmpdir(), 'psar-bench-http.log'),
};

interface Server {
  role: Target;
  child: ChildProcess;
  port: number;
  logLevel?: string;
  domainLoaded: boolean;
  /** The server process's CPU time so far, in ms. */
  cpuMs(): Promise<number>;
  stop(): Promise<void>;
}

async function startServer(role: Target, databaseUrl: string, loader: { execArgv: string[]; script: string }): Promise<Server> {
  const root = join(__dirname, '..');
  // The app logs to stdout: that goes to the log file, never the terminal.
  const logFd = role === 'app' ? openSync(settings.appLog, 'w') : undefined;
  const child = fork(loader.script, [role], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, PSAR_BENCH_ROOT: root },
    execArgv: loader.execArgv,
    stdio: ['ignore', logFd ?? 'ignore', 'inherit', 'ipc'],
  });
  if (logFd !== undefined) closeSync(logFd);

  const where = role === 'app' ? ` (app log: ${settings.appLog})` : '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const next = <T extends FromServer['type']>(type: T) =>
    new Promise<Extract<FromServer, { type: T }>>((resolve, reject) => {
      const onMessage = (message: FromServer) => {
        if (message.type === type) {
          child.off('message', onMessage);
          resolve(message as Extract<FromServer, { type: T }>);
        } else if (message.type === 'failed') {
          child.off('message', onMessage);
          reject(new Error(`the ${LABEL[role]} failed to start: ${message.message}${where}`));
        }
      };
      child.on('message', onMessage);
      void exited.then((code) => reject(new Error(`the ${LABEL[role]} process exited (code ${code})${where}`)));
    });
  const send = (message: ToServer) => child.send(message);

  let ready: Extract<FromServer, { type: 'ready' }>;
  try {
    ready = await next('ready');
  } catch (error) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    throw error;
  }
  return {
    role,
    child,
    port: ready.port,
    logLevel: ready.logLevel,
    domainLoaded: ready.domainLoaded,
    async cpuMs() {
      const reply = next('cpu');
      send({ type: 'cpu' });
      const { usage } = await reply;
      return (usage.user + usage.system) / 1000;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const deadline = setTimeout(() => {
        say(`the ${LABEL[role]} did not exit within 20 s of closing; killing it`);
        child.kill('SIGKILL');
      }, 20_000);
      if (child.connected) send({ type: 'stop' });
      const code = await exited;
      clearTimeout(deadline);
      if (code !== 0) throw new Error(`the ${LABEL[role]} process exited with code ${code}`);
    },
  };
}

/** Both servers must answer the route the same way before their rates mean anything. */
async function checkResponses(servers: Record<Target, Server>): Promise<Record<Target, number>> {
  const headerCount = {} as Record<Target, number>;
  for (const target of TARGETS) {
    const response = await fetch(`http://127.0.0.1:${servers[target].port}${ROUTE}`);
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
  /** The server's CPU time per response, in µs: steadier than req/s when other work shares the machine. */
  serverMicrosPerRequest: number;
}

async function measure(server: Server, round: number, durationSeconds: number): Promise<Run> {
  const target = server.role;
  const url = `http://127.0.0.1:${server.port}${ROUTE}`;
  const serverBefore = await server.cpuMs();
  const clientBefore = process.cpuUsage();
  const started = performance.now();
  const result = await load(url, { connections: settings.connections, durationSeconds });
  const wallMs = performance.now() - started;
  const client = process.cpuUsage(clientBefore);
  const serverMs = (await server.cpuMs()) - serverBefore;
  if (result.failures > 0) throw new Error(`${LABEL[target]}: ${result.failures} failed requests (errors, timeouts or non-2xx)`);
  return {
    ...result,
    round,
    target,
    serverCores: serverMs / wallMs,
    clientCores: (client.user + client.system) / 1000 / wallMs,
    serverMicrosPerRequest: (serverMs * 1000) / Math.max(1, result.total2xx),
  };
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const fixed = (value: number, digits: number) => value.toFixed(digits);
const thousands = (value: number) => Math.round(value).toLocaleString('en-US');

function section(runs: Run[], context: { machine: string; database: string; logLevel: string; headers: Record<Target, number>; loadBefore: string; loadAfter: string }): { markdown: string; ratio: number } {
  const of = (target: Target) => runs.filter((r) => r.target === target);
  const rate = (target: Target) => mean(of(target).map((r) => r.requestsPerSecond));
  const ratio = rate('app') / rate('bare');
  const micros = (target: Target) => mean(of(target).map((r) => r.serverMicrosPerRequest));
  const cpuRatio = micros('bare') / micros('app');
  const starved = runs.filter((r) => r.serverCores < 0.9);
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
      `${settings.warmupSeconds} s warm-up per server (not counted), 2 rounds in opposite order, all on 127.0.0.1; ` +
      'load generator, app and bare server each in its own process',
    `- App: NODE_ENV=production, LOG_LEVEL=${context.logLevel}, JSON logs to ${settings.appLog}` +
      ` (${ROUTE} does not pass through the request logger, which the app mounts under /api/v1), outbox worker off, metrics ${process.env.METRICS_TOKEN === '' ? 'off' : 'on'}; database: ${context.database}`,
    `- Response headers: app ${context.headers.app}, bare ${context.headers.bare}; load average before ${context.loadBefore}, after ${context.loadAfter}`,
    '- server CPU µs/req: CPU time of the server process per response; cores: its CPU time over the run\'s wall time',
    '',
    row(['round', 'server', 'req/s', 'p50 ms', 'p99 ms', 'bytes/resp', 'server CPU µs/req', 'server CPU (cores)', 'autocannon CPU (cores)']),
    row(['---', '---', '---:', '---:', '---:', '---:', '---:', '---:', '---:']),
    ...runs.map((r) =>
      row([
        String(r.round),
        LABEL[r.target],
        thousands(r.requestsPerSecond),
        fixed(r.p50Ms, 3),
        fixed(r.p99Ms, 3),
        fixed(r.bytesPerResponse, 0),
        fixed(r.serverMicrosPerRequest, 1),
        fixed(r.serverCores, 2),
        fixed(r.clientCores, 2),
      ]),
    ),
    ...(['app', 'bare'] as const).map((target) =>
      row([
        'mean',
        `**${LABEL[target]}**`,
        `**${thousands(rate(target))}**`,
        fixed(mean(of(target).map((r) => r.p50Ms)), 3),
        fixed(mean(of(target).map((r) => r.p99Ms)), 3),
        fixed(mean(of(target).map((r) => r.bytesPerResponse)), 0),
        fixed(micros(target), 1),
        fixed(mean(of(target).map((r) => r.serverCores)), 2),
        fixed(mean(of(target).map((r) => r.clientCores)), 2),
      ]),
    ),
    '',
    `**Ratio app / bare: ${fixed(ratio, 3)}** (${roundRatios.join(', ')}); goal ≥ ${GOAL}: ${ratio >= GOAL ? '**met**' : '**not met**'}.`,
    `By CPU time per request (bare / app): ${fixed(cpuRatio, 3)}.`,
    ...(starved.length > 0
      ? [
          '',
          `Noisy: the servers got less than 0.9 of a core in ${starved.length} of ${runs.length} runs, so other processes ` +
            'were competing for the CPU; the rates are less reliable than the CPU time per request.',
        ]
      : []),
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
  let loader: ServerLoader | undefined;
  const running: Server[] = [];
  const cleanUp = async () => {
    for (const server of running.splice(0)) {
      await server.stop().catch((error: unknown) => say(`stopping the ${LABEL[server.role]}: ${String(error)}`));
    }
    await loader?.cleanUp().catch(() => undefined);
    loader = undefined;
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
    loader = await prepareServerLoader('http-server');
    const servers = {} as Record<Target, Server>;
    for (const target of TARGETS) {
      servers[target] = await startServer(target, database.url, loader);
      running.push(servers[target]);
      say(`${LABEL[target]}: 127.0.0.1:${servers[target].port}, pid ${servers[target].child.pid}`);
      if (servers[target].domainLoaded) say(`warning: node:domain is loaded in the ${LABEL[target]} process; every request pays for it`);
    }
    const logLevel = servers.app.logLevel ?? 'info';
    say(`app logs: LOG_LEVEL=${logLevel}, JSON, written to ${settings.appLog} (not the terminal)`);
    const headers = await checkResponses(servers);

    const loadBefore = loadAverage();
    if (settings.warmupSeconds > 0) {
      say(`warming up (${settings.warmupSeconds} s each, not counted)…`);
      for (const target of TARGETS) {
        await load(`http://127.0.0.1:${servers[target].port}${ROUTE}`, { connections: settings.connections, durationSeconds: settings.warmupSeconds });
      }
    }
    const runs: Run[] = [];
    const rounds: Target[][] = [
      ['app', 'bare'],
      ['bare', 'app'],
    ];
    for (const [index, order] of rounds.entries()) {
      for (const target of order) {
        say(`round ${index + 1}: ${LABEL[target]} for ${settings.durationSeconds} s…`);
        const run = await measure(servers[target], index + 1, settings.durationSeconds);
        say(`  ${thousands(run.requestsPerSecond)} req/s, p50 ${fixed(run.p50Ms, 3)} ms, p99 ${fixed(run.p99Ms, 3)} ms, ${fixed(run.serverMicrosPerRequest, 1)} µs CPU/req`);
        runs.push(run);
      }
    }
    const loadAfter = loadAverage();
    await cleanUp();

    const logLines =
      existsSync(settings.appLog) && settings.appLog !== '/dev/null' ? readFileSync(settings.appLog, 'utf8').split('\n').filter(Boolean).length : 0;
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

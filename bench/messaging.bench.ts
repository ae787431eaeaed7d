/**
 * npm run bench:messaging — messages stored and fanned out over socket.io, the Psar app
 * against a bare socket.io server, in one run.
 *
 * Two forked processes (bench/support/messaging-server.ts) serve on 127.0.0.1: the real
 * app from createApp() (one replica, its Postgres adapter on), and a bare socket.io
 * fan-out server. This process opens N sockets (socket.io-client, websocket transport) to
 * each in turn, in conversations of 2–30 people, and runs two phases per server:
 *   - fixed rate: BENCH_RATE messages/s offered in total, spread over the sockets;
 *   - saturation: every socket sends its next message as soon as the previous is acknowledged.
 * It prints messages stored/s, deliveries/s (message.created received by the other
 * participants) and send-to-receive latency, appends them to BENCHMARKS.md and exits.
 */
import { ChildProcess, fork } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, Socket } from 'socket.io-client';
import { BenchDatabase, startDatabase } from './support/database';
import { prepareServerLoader, ServerLoader } from './support/server-loader';
import type { FromMessagingServer, MessagingServerRole, Plan, ToMessagingServer } from './support/messaging-server';
import { appendSection, describeMachine, loadAverage, machine } from './support/report';
import { envInteger, say } from './support/settings';

type Target = MessagingServerRole;
const TARGETS: readonly Target[] = ['app', 'bare'];
const LABEL: Record<Target, string> = { app: 'Psar app', bare: 'bare socket.io' };
const TARGET_RATE = 1000;
const TARGET_P99_MS = 200;
const TARGET_RATIO = 0.5;

const settings = {
  sockets: envInteger('BENCH_SOCKETS', 500, 2),
  rate: envInteger('BENCH_RATE', TARGET_RATE, 1),
  durationSeconds: envInteger('BENCH_DURATION', 10, 1),
  warmupSeconds: envInteger('BENCH_WARMUP', 3, 0),
  minGroup: envInteger('BENCH_MIN_GROUP', 2, 2),
  maxGroup: envInteger('BENCH_MAX_GROUP', 30, 2),
  appLog: process.env.BENCH_APP_LOG || join(tmpdir(), 'psar-bench-messaging.log'),
  // BENCH_APPEND=false: a trial run that leaves BENCHMARKS.md alone.
  append: process.env.BENCH_APPEND !== 'false',
};

/** Conversations of minGroup..maxGroup people covering every socket once (seeded, so runs compare). */
function makePlan(users: number): Plan {
  let seed = 0x9e3779b9;
  const random = () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
  const conversations: number[][] = [];
  let next = 0;
  while (next < users) {
    const left = users - next;
    let size = settings.minGroup + Math.floor(random() * (settings.maxGroup - settings.minGroup + 1));
    if (left - size < settings.minGroup) size = left;
    conversations.push(Array.from({ length: Math.min(size, left) }, (_, i) => next + i));
    next += Math.min(size, left);
  }
  return { users, conversations };
}

interface Server {
  role: Target;
  port: number;
  request<T extends FromMessagingServer['type']>(message: ToMessagingServer, reply: T): Promise<Extract<FromMessagingServer, { type: T }>>;
  /** CPU time so far, and the event loop's busy and total time, in ms. */
  cpuMs(): Promise<{ cpu: number; busy: number; total: number }>;
  stop(): Promise<void>;
}

async function startServer(role: Target, databaseUrl: string, loader: { execArgv: string[]; script: string }): Promise<Server> {
  const root = join(__dirname, '..');
  const logFd = role === 'app' ? openSync(settings.appLog, 'w') : undefined;
  const child: ChildProcess = fork(loader.script, [role], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, PSAR_BENCH_ROOT: root },
    execArgv: loader.execArgv,
    stdio: ['ignore', logFd ?? 'ignore', 'inherit', 'ipc'],
  });
  if (logFd !== undefined) closeSync(logFd);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const next = <T extends FromMessagingServer['type']>(type: T) =>
    new Promise<Extract<FromMessagingServer, { type: T }>>((resolve, reject) => {
      const onMessage = (message: FromMessagingServer) => {
        if (message.type === type || message.type === 'failed') {
          child.off('message', onMessage);
          if (message.type === 'failed') reject(new Error(`${LABEL[role]}: ${message.message}`));
          else resolve(message as Extract<FromMessagingServer, { type: T }>);
        }
      };
      child.on('message', onMessage);
      void exited.then((code) => reject(new Error(`the ${LABEL[role]} process exited (code ${code})`)));
    });
  let ready: Extract<FromMessagingServer, { type: 'ready' }>;
  try {
    ready = await next('ready');
  } catch (error) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    throw error;
  }
  const request = <T extends FromMessagingServer['type']>(message: ToMessagingServer, reply: T) => {
    const answer = next(reply);
    child.send(message);
    return answer;
  };
  return {
    role,
    port: ready.port,
    request,
    async cpuMs() {
      const { usage, elu } = await request({ type: 'cpu' }, 'cpu');
      return { cpu: (usage.user + usage.system) / 1000, busy: elu.active, total: elu.active + elu.idle };
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const deadline = setTimeout(() => {
        say(`the ${LABEL[role]} did not exit within 20 s of closing; killing it`);
        child.kill('SIGKILL');
      }, 20_000);
      if (child.connected) child.send({ type: 'stop' } satisfies ToMessagingServer);
      await exited;
      clearTimeout(deadline);
    },
  };
}

/**
 * CPU time (ms) of the Postgres server listening on `port` and its backends, from /proc
 * (Linux); null elsewhere. On a shared server it includes other databases' work.
 */
function postgresCpuMs(port: string): number | null {
  try {
    const pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
    const stat = (pid: string) => {
      const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
      return { ppid: fields[1]!, ticks: Number(fields[11]) + Number(fields[12]) };
    };
    const postmaster = pids.find((pid) => {
      try {
        const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
        return /(^|\/)postgres$/.test(args[0] ?? '') && args.some((a, i) => (a === '-p' && args[i + 1] === port) || a === `--port=${port}`);
      } catch {
        return false;
      }
    });
    if (!postmaster) return null;
    let ticks = stat(postmaster).ticks;
    for (const pid of pids) {
      try {
        const s = stat(pid);
        if (s.ppid === postmaster) ticks += s.ticks;
      } catch {
        // gone meanwhile
      }
    }
    return (ticks * 1000) / 100;
  } catch {
    return null;
  }
}

interface Client {
  index: number;
  userId: string;
  conversationId: string;
  socket: Socket;
  sent: number;
}

interface Phase {
  name: 'rate' | 'max';
  target: Target;
  seconds: number;
  offered: number | null;
  stored: number;
  errors: number;
  deliveries: number;
  /** Send → message.created at another participant, ms. */
  latencies: number[];
  /** Send → acknowledgement, ms. */
  ackLatencies: number[];
  serverCores: number;
  /** Share of the phase the server's event loop was busy (1 = never idle). */
  serverLoopBusy: number;
  /** Postgres's CPU over the phase, when it could be read (see postgresCpuMs); exited backends are not counted. */
  postgresCores: number | null;
  clientCores: number;
}

/** Holds every socket's listeners; what a phase counts is switched by `measuring`. */
class Load {
  private measuring: Phase | null = null;
  private windowStart = 0;
  private windowEnd = 0;
  private stopping = false;

  constructor(readonly clients: Client[]) {
    for (const client of clients) {
      client.socket.on('message.created', (message: { senderId: string; body: string }) => {
        if (message.senderId === client.userId) return; // the sender's own echo, for its other devices
        const phase = this.measuring;
        if (!phase) return;
        const now = performance.now();
        const sentAt = Number(message.body.slice(message.body.indexOf('@') + 1, message.body.indexOf(' ')));
        if (now <= this.windowEnd) phase.deliveries += 1;
        if (Number.isFinite(sentAt) && sentAt >= this.windowStart && sentAt <= this.windowEnd) phase.latencies.push(now - sentAt);
      });
    }
  }

  private send(client: Client, phase: Phase, inWindow: boolean): Promise<void> {
    client.sent += 1;
    const sentAt = performance.now();
    const body = `t@${sentAt.toFixed(3)} hello from socket ${client.index}, message ${client.sent}`;
    return client.socket
      .timeout(10_000)
      .emitWithAck('message.send', { conversationId: client.conversationId, body, clientMessageId: `b${client.index}-${client.sent}-${Math.random().toString(36).slice(2, 8)}` })
      .then(
        (ack: { id?: string }) => {
          if (!inWindow) return;
          if (ack?.id) {
            phase.stored += 1;
            phase.ackLatencies.push(performance.now() - sentAt);
          } else phase.errors += 1;
        },
        () => {
          if (inWindow) phase.errors += 1;
        },
      );
  }

  /** Sends at `rate` messages/s in total for warm-up + duration; counts the duration only. */
  async fixedRate(phase: Phase, rate: number, warmupMs: number, durationMs: number): Promise<void> {
    const perSocketInterval = (this.clients.length / rate) * 1000;
    const start = performance.now();
    const measureFrom = start + warmupMs;
    const end = measureFrom + durationMs;
    const pending: Promise<void>[] = [];
    await new Promise<void>((resolve) => {
      let running = this.clients.length;
      for (const client of this.clients) {
        // Spread the sockets' first sends over one interval so the load is even.
        let due = start + Math.random() * perSocketInterval;
        const tick = () => {
          const now = performance.now();
          if (now >= end || this.stopping) {
            running -= 1;
            if (running === 0) resolve();
            return;
          }
          if (now >= measureFrom && this.measuring !== phase) {
            this.measuring = phase;
            this.windowStart = measureFrom;
            this.windowEnd = end;
          }
          pending.push(this.send(client, phase, now >= measureFrom));
          due += perSocketInterval;
          setTimeout(tick, Math.max(0, due - performance.now()));
        };
        setTimeout(tick, Math.max(0, due - performance.now()));
      }
    });
    await Promise.all(pending);
    await drain();
    this.measuring = null;
  }

  /** Every socket keeps one message in flight: the most the server takes. */
  async saturate(phase: Phase, warmupMs: number, durationMs: number): Promise<void> {
    const start = performance.now();
    const measureFrom = start + warmupMs;
    const end = measureFrom + durationMs;
    await Promise.all(
      this.clients.map(async (client) => {
        for (;;) {
          const now = performance.now();
          if (now >= end || this.stopping) return;
          if (now >= measureFrom && this.measuring !== phase) {
            this.measuring = phase;
            this.windowStart = measureFrom;
            this.windowEnd = end;
          }
          await this.send(client, phase, now >= measureFrom);
        }
      }),
    );
    await drain();
    this.measuring = null;
  }

  stop(): void {
    this.stopping = true;
  }
}

/** Deliveries still in flight land (and count toward latency) before the next phase. */
function drain(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 1500));
}

async function connectAll(port: number, tokens: string[], userIds: string[], conversationOf: string[]): Promise<Client[]> {
  const clients: Client[] = [];
  // In batches, as a real crowd would not all connect in the same millisecond.
  for (let i = 0; i < tokens.length; i += 50) {
    const batch = tokens.slice(i, i + 50).map(
      (token, j) =>
        new Promise<Client>((resolve, reject) => {
          const socket = io(`http://127.0.0.1:${port}/realtime`, {
            path: '/socket.io',
            auth: { token },
            transports: ['websocket'],
            reconnection: false,
            forceNew: true,
            timeout: 20_000,
          });
          socket.once('connect', () => resolve({ index: i + j, userId: userIds[i + j]!, conversationId: conversationOf[i + j]!, socket, sent: 0 }));
          socket.once('connect_error', (error) => reject(new Error(`socket ${i + j}: ${error.message}`)));
        }),
    );
    clients.push(...(await Promise.all(batch)));
  }
  return clients;
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const fixed = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : '–');
const thousands = (value: number) => Math.round(value).toLocaleString('en-US');

async function runTarget(target: Target, databaseUrl: string, loader: { execArgv: string[]; script: string }, plan: Plan): Promise<Phase[]> {
  const databasePort = new URL(databaseUrl).port || '5432';
  const server = await startServer(target, databaseUrl, loader);
  say(`${LABEL[target]}: 127.0.0.1:${server.port}`);
  let clients: Client[] = [];
  try {
    const setup = await server.request({ type: 'setup', plan }, 'setup');
    const conversationOf: string[] = [];
    plan.conversations.forEach((members, c) => members.forEach((i) => (conversationOf[i] = setup.conversationIds[c]!)));
    const connectStarted = performance.now();
    clients = await connectAll(server.port, setup.tokens, setup.userIds, conversationOf);
    say(`  ${clients.length} sockets connected in ${fixed((performance.now() - connectStarted) / 1000, 1)} s`);
    const load = new Load(clients);
    const phases: Phase[] = [];
    const measure = async (name: Phase['name'], run: (phase: Phase) => Promise<void>) => {
      const phase: Phase = {
        name,
        target,
        seconds: settings.durationSeconds,
        offered: name === 'rate' ? settings.rate : null,
        stored: 0,
        errors: 0,
        deliveries: 0,
        latencies: [],
        ackLatencies: [],
        serverCores: 0,
        serverLoopBusy: 0,
        postgresCores: null,
        clientCores: 0,
      };
      // CPU is read over the whole phase (warm-up and drain included) and divided by its wall time.
      const serverBefore = await server.cpuMs();
      const postgresBefore = postgresCpuMs(databasePort);
      const clientBefore = process.cpuUsage();
      const started = performance.now();
      await run(phase);
      const wall = performance.now() - started;
      const serverAfter = await server.cpuMs();
      phase.serverCores = (serverAfter.cpu - serverBefore.cpu) / wall;
      phase.serverLoopBusy = (serverAfter.busy - serverBefore.busy) / (serverAfter.total - serverBefore.total);
      const postgresAfter = postgresCpuMs(databasePort);
      phase.postgresCores = postgresBefore !== null && postgresAfter !== null ? (postgresAfter - postgresBefore) / wall : null;
      const client = process.cpuUsage(clientBefore);
      phase.clientCores = (client.user + client.system) / 1000 / wall;
      phases.push(phase);
      say(`  ${describePhase(phase)}`);
    };
    say(`  fixed rate: ${settings.rate} messages/s offered, ${settings.warmupSeconds} s warm-up + ${settings.durationSeconds} s…`);
    await measure('rate', (phase) => load.fixedRate(phase, settings.rate, settings.warmupSeconds * 1000, settings.durationSeconds * 1000));
    say(`  saturation: one message in flight per socket, ${settings.warmupSeconds} s warm-up + ${settings.durationSeconds} s…`);
    await measure('max', (phase) => load.saturate(phase, settings.warmupSeconds * 1000, settings.durationSeconds * 1000));
    if (target === 'app') {
      const { messages } = await server.request({ type: 'count' }, 'count');
      say(`  messages in the database: ${thousands(messages)}`);
    }
    return phases;
  } finally {
    for (const client of clients) client.socket.close();
    await server.stop();
  }
}

function describePhase(p: Phase): string {
  return (
    `${p.name === 'rate' ? 'fixed rate' : 'saturation'}: ${thousands(p.stored / p.seconds)} stored/s, ${thousands(p.deliveries / p.seconds)} deliveries/s, ` +
    `p50 ${fixed(percentile(p.latencies, 50), 1)} ms, p99 ${fixed(percentile(p.latencies, 99), 1)} ms, ${p.errors} errors; ` +
    `server ${fixed(p.serverCores, 2)} cores, event loop ${fixed(p.serverLoopBusy * 100, 0)}% busy, Postgres ${p.postgresCores === null ? '?' : fixed(p.postgresCores, 2)} cores, clients ${fixed(p.clientCores, 2)} cores`
  );
}

function section(phases: Phase[], context: { machine: string; database: string; plan: Plan; loadBefore: string; loadAfter: string }): { markdown: string; verdicts: string[] } {
  const find = (target: Target, name: Phase['name']) => phases.find((p) => p.target === target && p.name === name)!;
  const row = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const sizes = context.plan.conversations.map((c) => c.length);
  const meanSize = sizes.reduce((a, b) => a + b, 0) / sizes.length;
  const appRate = find('app', 'rate');
  const rateMet = appRate.stored / appRate.seconds >= TARGET_RATE * 0.98 && percentile(appRate.latencies, 99) < TARGET_P99_MS && appRate.errors === 0;
  const ratio = find('app', 'max').deliveries / Math.max(1, find('bare', 'max').deliveries);
  const verdicts = [
    `Target 1 (≥ ${thousands(TARGET_RATE)} messages/s stored and fanned out, p99 < ${TARGET_P99_MS} ms, one replica): ` +
      (settings.rate < TARGET_RATE ? `**not measured** (BENCH_RATE=${settings.rate})` : rateMet ? '**met**' : '**not met**') +
      ` — ${thousands(appRate.stored / appRate.seconds)} stored/s at ${settings.rate} offered, p99 ${fixed(percentile(appRate.latencies, 99), 1)} ms, ${appRate.errors} errors.`,
    `Target 2 (≥ ${TARGET_RATIO}× the bare socket.io delivery rate, at saturation): ratio **${fixed(ratio, 3)}**, ` + (ratio >= TARGET_RATIO ? '**met**.' : '**not met**.'),
  ];
  const lines = [
    `## ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC — messaging: socket.io send → store → fan-out, Psar app vs bare socket.io`,
    '',
    `- Machine: ${context.machine}`,
    `- Load: ${settings.sockets} sockets (socket.io-client, websocket transport, all in the benchmark process) in ${context.plan.conversations.length} conversations ` +
      `of ${Math.min(...sizes)}–${Math.max(...sizes)} people (mean ${fixed(meanSize, 1)}); each socket is one user in one conversation; ` +
      `${settings.warmupSeconds} s warm-up (not counted) + ${settings.durationSeconds} s per phase; all on 127.0.0.1`,
    `- Phases: fixed rate (${settings.rate} messages/s offered in total, spread evenly over the sockets) and saturation (each socket sends its next message when the previous one is acknowledged)`,
    `- App: one replica, NODE_ENV=production, outbox worker off, socket.io with the Postgres adapter (one NOTIFY per emit, sent many per statement), messages stored in per-conversation batches (one statement each); ` +
      `database: ${context.database}; logs to ${settings.appLog}. Bare: socket.io 4.8 with the in-memory adapter, acknowledges and fans out, stores nothing`,
    '- stored/s: acknowledged sends; deliveries/s: `message.created` received by the other participants (the sender’s own echo is not counted); ' +
      'latency: send → `message.created` at another participant; cores: CPU time over the phase’s wall time of the server process, of Postgres (postmaster and its live backends, from /proc) and of the clients; ' +
      'loop busy: the server’s event-loop utilization (near 100% with few cores means it waited for the CPU)',
    `- Load average before ${context.loadBefore}, after ${context.loadAfter}`,
    '',
    row(['server', 'phase', 'stored/s', 'deliveries/s', 'p50 ms', 'p99 ms', 'ack p50 ms', 'ack p99 ms', 'errors', 'server CPU (cores)', 'server loop busy', 'Postgres CPU (cores)', 'client CPU (cores)']),
    row(['---', '---', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:']),
    ...phases.map((p) =>
      row([
        LABEL[p.target],
        p.name === 'rate' ? `fixed ${p.offered}/s` : 'saturation',
        thousands(p.stored / p.seconds),
        thousands(p.deliveries / p.seconds),
        fixed(percentile(p.latencies, 50), 1),
        fixed(percentile(p.latencies, 99), 1),
        fixed(percentile(p.ackLatencies, 50), 1),
        fixed(percentile(p.ackLatencies, 99), 1),
        String(p.errors),
        fixed(p.serverCores, 2),
        `${fixed(p.serverLoopBusy * 100, 0)}%`,
        p.postgresCores === null ? '–' : fixed(p.postgresCores, 2),
        fixed(p.clientCores, 2),
      ]),
    ),
    '',
    ...verdicts.map((v) => `- ${v}`),
  ];
  return { markdown: lines.join('\n'), verdicts };
}

async function main(): Promise<void> {
  const machineLine = describeMachine(machine());
  const plan = makePlan(settings.sockets);
  say('bench:messaging — socket.io send → store → fan-out, Psar app vs bare socket.io');
  say(`machine: ${machineLine}`);
  say(`settings: ${settings.sockets} sockets in ${plan.conversations.length} conversations of ${settings.minGroup}–${settings.maxGroup}, ` +
    `${settings.rate} messages/s in the fixed-rate phase, ${settings.warmupSeconds} s + ${settings.durationSeconds} s per phase`);

  let database: BenchDatabase | undefined;
  let loader: ServerLoader | undefined;
  const cleanUp = async () => {
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
    say(`database: ${database.description}, migrated`);
    loader = await prepareServerLoader('messaging-server');
    const loadBefore = loadAverage();
    const phases: Phase[] = [];
    for (const target of TARGETS) phases.push(...(await runTarget(target, database.url, loader, plan)));
    const loadAfter = loadAverage();
    const { markdown } = section(phases, { machine: machineLine, database: database.description, plan, loadBefore, loadAfter });
    await cleanUp();
    say();
    say(markdown);
    say();
    if (settings.append) {
      await appendSection(markdown);
      say('appended to BENCHMARKS.md');
    }
  } finally {
    await cleanUp();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:messaging failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});

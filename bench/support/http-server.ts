/**
 * One server under load, in its own process forked by a benchmark: `app` is the real Psar
 * app built by createApp(); `bare` is a bare Fastify answering bench:http's route;
 * `bare-search` answers bench:listings' listing searches without the app (startBareSearch).
 *
 * Why a process each, apart from the load generator: the app turns on process-wide costs
 * (nestjs-pino's AsyncLocalStorage enables promise hooks for every promise in the
 * process), which would slow a bare server sharing its process and flatter the ratio.
 * The app's stdout, where its pino logs go, is the log file the parent opened.
 */
import 'reflect-metadata';
import { cardsById, type OrganizationCard } from '@psar/identity';
import { toListingDto } from '@psar/listings/listings/listings.service';
import type { SearchRowKeys } from '@psar/listings/search/search-sql';
import { toPage, validateEnvironment } from '@psar/platform';
import Fastify from 'fastify';
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import type { AddressInfo } from 'node:net';
import { Pool } from 'pg';
import { createApp } from '../../apps/api/src/create-app';
import { RawSql } from './listings-mix';

export type ServerRole = 'app' | 'bare' | 'bare-search';
export type ToServer = { type: 'cpu' } | { type: 'stop' } | { type: 'profile-start' } | { type: 'profile-stop'; file: string };
export type FromServer =
  | { type: 'ready'; port: number; logLevel?: string; domainLoaded: boolean }
  | { type: 'cpu'; usage: NodeJS.CpuUsage }
  | { type: 'profile-started' }
  | { type: 'profile-written'; file: string }
  | { type: 'failed'; message: string };

function send(message: FromServer): void {
  process.send?.(message);
}

interface Running {
  port: number;
  logLevel?: string;
  close(): Promise<void>;
}

async function startApp(): Promise<Running> {
  const env = validateEnvironment({
    ...process.env,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    NODE_ENV: 'production',
    OUTBOX_WORKER: 'false',
    LOG_PRETTY: 'false',
    // Production requires one; any will do for a throwaway run.
    JWT_SECRET: process.env.JWT_SECRET || randomBytes(32).toString('hex'),
    // Metrics on, as production runs them (their per-request hook is measured); METRICS_TOKEN= turns them off.
    METRICS_TOKEN: process.env.METRICS_TOKEN ?? randomBytes(32).toString('hex'),
  });
  const app = await createApp(env);
  await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    port: (app.getHttpServer().address() as AddressInfo).port,
    logLevel: env.LOG_LEVEL,
    close: () => app.close(),
  };
}

async function startBare(): Promise<Running> {
  const bare = Fastify({ logger: false });
  bare.get('/health/live', async () => ({ status: 'ok' }));
  await bare.listen({ port: 0, host: '127.0.0.1' });
  return { port: (bare.server.address() as AddressInfo).port, close: () => bare.close() };
}

/**
 * bench:listings' floor: the listing searches' very statements (RawSql) and the app's own DTO
 * mapping and page, answered by a bare Fastify with JSON.stringify: what any Node HTTP API
 * with this SQL pays, without Nest, validation, the guard or the request log.
 */
async function startBareSearch(): Promise<Running> {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
  const raw = new RawSql(pool, process.env.KHR_PER_USD || '4100', '');
  const bare = Fastify({ logger: false });
  bare.get('/api/v1/listings', async (request) => {
    const found = await raw.searchRows<Parameters<typeof toListingDto>[0] & SearchRowKeys & { seller: OrganizationCard | null; agent: OrganizationCard | null }>(request.url.slice('/api/v1/'.length));
    if (!found) return { items: [], nextCursor: null };
    const page = toPage(found.rows, found.criteria.limit, found.built.keyOf);
    const cards = cardsById(page.items.flatMap((r) => [r.seller, r.agent]));
    // The bench's listings have no photos: the app's photo mapping has nothing to do either.
    return { items: page.items.map((r) => toListingDto(r, cards, [])), nextCursor: page.nextCursor };
  });
  await bare.listen({ port: 0, host: '127.0.0.1' });
  return { port: (bare.server.address() as AddressInfo).port, close: async () => (await bare.close(), await pool.end()) };
}

async function main(): Promise<void> {
  const role = process.argv[2] as ServerRole;
  if (!process.send || !['app', 'bare', 'bare-search'].includes(role)) throw new Error('run by a benchmark (bench/http.bench.ts, bench/listings.bench.ts), not directly');
  const server = role === 'app' ? await startApp() : role === 'bare' ? await startBare() : await startBareSearch();

  // A CPU profile of just the measured requests (not start-up, not the warm-up): the
  // inspector's profiler, as `node --cpu-prof` records it, started and stopped on request.
  let profiler: Session | undefined;
  const profile = async (message: Extract<ToServer, { type: 'profile-start' | 'profile-stop' }>) => {
    if (message.type === 'profile-start') {
      profiler = new Session();
      profiler.connect();
      await profiler.post('Profiler.enable');
      await profiler.post('Profiler.setSamplingInterval', { interval: 100 });
      await profiler.post('Profiler.start');
      send({ type: 'profile-started' });
      return;
    }
    const { profile } = await profiler!.post('Profiler.stop');
    profiler!.disconnect();
    await writeFile(message.file, JSON.stringify(profile));
    send({ type: 'profile-written', file: message.file });
  };

  process.on('message', (message: ToServer) => {
    if (message.type === 'profile-start' || message.type === 'profile-stop') {
      profile(message).catch((error: unknown) => send({ type: 'failed', message: `profile: ${String(error)}` }));
    } else if (message.type === 'cpu') {
      send({ type: 'cpu', usage: process.cpuUsage() });
    } else if (message.type === 'stop') {
      void server.close().then(
        // With the IPC channel closed nothing is left open: the process exits by itself.
        () => process.disconnect(),
        (error: unknown) => {
          process.stderr.write(`bench ${role} server: close failed: ${String(error)}\n`);
          process.exitCode = 1;
          process.disconnect();
        },
      );
    }
  });

  send({
    type: 'ready',
    port: server.port,
    logLevel: server.logLevel,
    // node:domain slows every EventEmitter; production does not load it (see ts-hook.ts).
    domainLoaded: (process as unknown as { moduleLoadList: string[] }).moduleLoadList.includes('NativeModule domain'),
  });
}

main().catch((error: unknown) => {
  send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  process.stderr.write(`bench server: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
  process.disconnect?.();
});

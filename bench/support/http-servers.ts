/**
 * The servers under load, in one process forked by bench/http.bench.ts (so the load
 * generator does not share their event loop): the real Psar app built by createApp(),
 * and a bare Fastify answering the same route. Its stdout (where the app's pino logs go)
 * is the log file the parent opened. Talks to the parent over IPC.
 */
import 'reflect-metadata';
import { validateEnvironment } from '@psar/platform';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { createApp } from '../../apps/api/src/create-app';

export type ToServers = { type: 'cpu' } | { type: 'stop' };
export type FromServers =
  | { type: 'ready'; appPort: number; barePort: number; logLevel: string }
  | { type: 'cpu'; usage: NodeJS.CpuUsage }
  | { type: 'stopped' }
  | { type: 'failed'; message: string };

function send(message: FromServers): void {
  process.send?.(message);
}

async function main(): Promise<void> {
  if (!process.send) throw new Error('run by bench/http.bench.ts, not directly');
  const env = validateEnvironment({
    ...process.env,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    NODE_ENV: 'production',
    OUTBOX_WORKER: 'false',
    LOG_PRETTY: 'false',
    // Production requires one; any will do for a throwaway run.
    JWT_SECRET: process.env.JWT_SECRET || randomBytes(32).toString('hex'),
  });

  const app = await createApp(env);
  await app.listen({ port: 0, host: '127.0.0.1' });

  const bare = Fastify({ logger: false });
  bare.get('/health/live', async () => ({ status: 'ok' }));
  await bare.listen({ port: 0, host: '127.0.0.1' });

  process.on('message', (message: ToServers) => {
    if (message.type === 'cpu') {
      send({ type: 'cpu', usage: process.cpuUsage() });
    } else if (message.type === 'stop') {
      void Promise.allSettled([app.close(), bare.close()]).then((outcomes) => {
        for (const outcome of outcomes) {
          if (outcome.status === 'rejected') process.stderr.write(`bench servers: close failed: ${String(outcome.reason)}\n`);
        }
        send({ type: 'stopped' });
        // With the IPC channel closed nothing is left open: the process exits by itself.
        process.disconnect();
      });
    }
  });

  send({
    type: 'ready',
    appPort: (app.getHttpServer().address() as AddressInfo).port,
    barePort: (bare.server.address() as AddressInfo).port,
    logLevel: env.LOG_LEVEL,
  });
}

main().catch((error: unknown) => {
  send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  process.stderr.write(`bench servers: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
  process.disconnect?.();
});

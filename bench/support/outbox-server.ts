/**
 * The real app with its outbox worker, in its own process forked by bench/outbox.bench.ts
 * (so the benchmark's HTTP client and its database polling never share the app's event
 * loop). Its stdout, where the pino logs go, is the log file the parent opened.
 */
import 'reflect-metadata';
import { validateEnvironment } from '@psar/platform';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../apps/api/src/create-app';

export type ToOutboxServer = { type: 'stop' };
export type FromOutboxServer = { type: 'ready'; port: number } | { type: 'failed'; message: string };

function send(message: FromOutboxServer): void {
  process.send?.(message);
}

async function main(): Promise<void> {
  if (!process.send) throw new Error('run by bench/outbox.bench.ts, not directly');
  const env = validateEnvironment({
    ...process.env,
    NODE_ENV: 'production',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    LOG_PRETTY: 'false',
    OUTBOX_WORKER: 'true',
    MIGRATIONS_RUN: 'false',
    // The benchmark signs up its eleven organizations' people from one address.
    RATE_LIMIT_REGISTER_PER_IP: '10000',
    JWT_SECRET: process.env.JWT_SECRET || randomBytes(32).toString('hex'),
  });
  const app = await createApp(env);
  await app.listen({ port: 0, host: '127.0.0.1' });
  process.on('message', (message: ToOutboxServer) => {
    if (message.type !== 'stop') return;
    void app.close().then(
      () => process.disconnect(),
      (error: unknown) => {
        process.stderr.write(`bench outbox server: close failed: ${String(error)}\n`);
        process.exitCode = 1;
        process.disconnect();
      },
    );
  });
  send({ type: 'ready', port: (app.getHttpServer().address() as AddressInfo).port });
}

main().catch((error: unknown) => {
  send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  process.stderr.write(`bench outbox server: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
  process.disconnect?.();
});

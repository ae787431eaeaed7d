import { EmbeddedPostgres, runMigrations } from '@psar/platform';
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
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

/**
 * An embedded Postgres whose cluster stays in `folder` between runs (BENCH_KEEP), so a
 * benchmark that loads a million rows loads them once and is rerun against the same data
 * after a change to a query or an index. Migrated on every start, so a new migration's index
 * is there. Durability is off as in the throwaway cluster (the data can be loaded again).
 * `loaded` says whether the data of `dataset` (the settings that shaped it) is already in.
 */
export async function openKeptDatabase(
  folder: string,
  dataset: string,
  log: (line: string) => void,
): Promise<BenchDatabase & { loaded: boolean; markLoaded(): Promise<void> }> {
  await mkdir(folder, { recursive: true });
  // As root the postgres user needs to reach the folder.
  if (process.getuid?.() === 0) await chmod(folder, 0o777);
  const embedded = new EmbeddedPostgres({ dataDir: join(folder, 'data'), port: await freePort(), database: 'psar', persistent: true, log });
  await embedded.start();
  const admin = new Client({ connectionString: embedded.url });
  try {
    await admin.connect();
    if (embedded.initialised) {
      await admin.query(`ALTER SYSTEM SET fsync = off`);
      await admin.query(`ALTER SYSTEM SET synchronous_commit = off`);
      await admin.query(`ALTER SYSTEM SET full_page_writes = off`);
      await admin.query('SELECT pg_reload_conf()');
    }
    await admin.query('CREATE TABLE IF NOT EXISTS bench_dataset (settings text PRIMARY KEY)');
    const { rows } = await admin.query<{ settings: string }>('SELECT settings FROM bench_dataset');
    const loaded = rows.some((r) => r.settings === dataset);
    if (!loaded && rows.length) {
      throw new Error(`${folder} holds the data of another run (${rows[0]!.settings}, not ${dataset}): delete the folder or point BENCH_KEEP elsewhere`);
    }
    await runMigrations(embedded.url, schema);
    return {
      url: embedded.url,
      description: `embedded Postgres kept in ${folder} (fsync off)`,
      loaded,
      markLoaded: async () => {
        const client = new Client({ connectionString: embedded.url });
        await client.connect();
        try {
          await client.query('INSERT INTO bench_dataset (settings) VALUES ($1)', [dataset]);
        } finally {
          await client.end();
        }
      },
      stop: () => embedded.stop(),
    };
  } catch (error) {
    await embedded.stop().catch(() => undefined);
    throw error;
  } finally {
    await admin.end().catch(() => undefined);
  }
}

import { runMigrations } from '@psar/platform';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { Client } from 'pg';
import { schema } from '../../apps/api/src/schema';
import { freePort } from './app-process';
import { withDatabase } from './database-url';
import type { TestDatabase } from './test-app';

const ROOT = resolve(__dirname, '..', '..');

/**
 * A Postgres server of one test file's own, for tests that stop and start it: never the
 * shared server other files use. Embedded, on a free port, in a child process
 * (own-postgres-server.ts), its data in a temporary folder kept across stop and start and
 * deleted by `destroy` (or when this process dies).
 */
export interface OwnPostgres {
  /** Stops the server as `pg_ctl stop -m fast` does (SIGINT): sessions are cut at once. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** A database on this server with every migration applied. */
  createDatabase(name: string): Promise<TestDatabase>;
  /**
   * A streaming replica of this server (a hot standby, see EmbeddedPostgres.createStandbyOf),
   * started; its URL (database postgres). The databases made before and after are on it.
   */
  startStandby(): Promise<string>;
  /** Stops the replica (fast shutdown, as stop()); startStandby's URL works again after restartStandby. */
  stopStandby(): Promise<void>;
  restartStandby(): Promise<void>;
  destroy(): Promise<void>;
}

export async function startOwnPostgres(timeoutMs = 120_000): Promise<OwnPostgres> {
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', 'test/support/own-postgres-server.ts', String(await freePort()), String(await freePort())],
    { cwd: ROOT, env: { ...process.env, TS_NODE_PROJECT: 'tsconfig.json' }, stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const replies: string[] = [];
  const waiters: Array<(line: string) => void> = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const waiter = waiters.shift();
    if (waiter) waiter(line);
    else replies.push(line);
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const reply = (expected: string): Promise<string> =>
    new Promise((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`own postgres: no "${expected}" within ${timeoutMs} ms`)), timeoutMs);
      const take = (line: string) => {
        clearTimeout(timer);
        if (line.startsWith(expected)) done(line);
        else fail(new Error(`own postgres: expected "${expected}", got "${line}"`));
      };
      const early = replies.shift();
      if (early !== undefined) take(early);
      else waiters.push(take);
    });
  const url = (await reply('ready')).slice('ready '.length);
  const command = async (line: string, expected: string) => {
    child.stdin!.write(`${line}\n`);
    return reply(expected);
  };
  return {
    stop: async () => void (await command('stop', 'stopped')),
    start: async () => void (await command('start', 'started')),
    startStandby: async () => (await command('standby', 'standby ')).slice('standby '.length),
    stopStandby: async () => void (await command('standby-stop', 'standby-stopped')),
    restartStandby: async () => void (await command('standby-start', 'standby-started')),
    async createDatabase(name) {
      const admin = new Client({ connectionString: url });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${name}`);
      } finally {
        await admin.end();
      }
      const databaseUrl = withDatabase(url, name);
      await runMigrations(databaseUrl, schema);
      // Deleted with the whole server by destroy().
      return { name, url: databaseUrl, drop: async () => undefined };
    },
    async destroy() {
      child.stdin!.end();
      await exited;
    },
  };
}

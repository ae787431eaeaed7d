import { EmbeddedPostgres } from '@psar/platform';
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readlink, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { freePort, startAppProcess as start, waitForOutput as waitFor } from './support/app-process';

// The embedded Postgres as `npm start` and the CLI run it: after the app is killed, as root in
// a private folder, and backed up and restored. Each case runs real processes, so it is slow.
jest.setTimeout(600_000);

const ROOT = resolve(__dirname, '..');
const run = promisify(execFile);
const isRoot = process.getuid?.() === 0;

function pids(pattern: string): number[] {
  try {
    return execFileSync('pgrep', ['-f', pattern], { encoding: 'utf8' }).trim().split('\n').map(Number);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

async function eventually(condition: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function tempFolder(prefix: string): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), prefix));
  await chmod(folder, 0o755); // as root, the postgres user enters it
  return folder;
}

async function status(url: string): Promise<number> {
  return (await fetch(url)).status;
}

describe('an app that was killed', () => {
  let parent: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    parent = await tempFolder('psar-kill-');
    env = {
      EMBEDDED_PG_DIR: join(parent, 'postgres'),
      EMBEDDED_PG_PORT: String(await freePort()),
      PORT: String(await freePort()),
      SEED_DEMO: 'false',
    };
  });

  afterAll(() => rm(parent, { recursive: true, force: true }));

  it('leaves no Postgres behind after kill -9, and the next start takes over one that was left anyway', async () => {
    const serverOf = () => pids(`bin/postgres -D ${env.EMBEDDED_PG_DIR} `);
    const first = start(env);
    await waitFor(first, 'listening at');
    expect(serverOf()).toHaveLength(1);

    // The watchdog stops the server once the app is gone.
    first.child.kill('SIGKILL');
    await first.exited;
    await eventually(() => serverOf().length === 0);

    const second = start(env);
    await waitFor(second, 'listening at');
    expect(await status(`http://127.0.0.1:${env.PORT}/health/ready`)).toBe(200);

    // Kill the watchdog too (as the OOM killer might take both): the server stays orphaned...
    kill(pids(`psar-postgres-watchdog [0-9]+ ${env.EMBEDDED_PG_DIR}$`));
    second.child.kill('SIGKILL');
    await second.exited;
    await new Promise((r) => setTimeout(r, 1000));
    const orphan = serverOf();
    expect(orphan).toHaveLength(1);

    // ...and the next start stops it, says so, and serves.
    const third = start(env);
    await waitFor(third, 'listening at');
    expect(third.output()).toContain(`stopping an embedded Postgres (pid ${orphan[0]}) left running on ${env.EMBEDDED_PG_DIR}`);
    expect(await status(`http://127.0.0.1:${env.PORT}/health/ready`)).toBe(200);

    // A second app on the same folder refuses in one line rather than stop the live one.
    const rival = start({ ...env, PORT: String(await freePort()) });
    expect(await rival.exited).toBe(1);
    expect(rival.output().trim()).toMatch(/^psar: failed to start: The embedded Postgres in .* is in use by another Psar process \(pid \d+\)/);
    expect(rival.output().trim().split('\n')).toHaveLength(1);

    third.child.kill('SIGTERM');
    expect(await third.exited).toBe(0);
    expect(serverOf()).toHaveLength(0);
  });
});

function kill(list: number[]): void {
  for (const pid of list) process.kill(pid, 'SIGKILL');
}

describe('npm run cli -- backup and restore', () => {
  let parent: string;
  let original: EmbeddedPostgres;

  beforeAll(async () => {
    parent = await tempFolder('psar-backup-');
    original = new EmbeddedPostgres({ dataDir: join(parent, 'original'), port: await freePort(), database: 'psar' });
    await original.start();
  });

  afterAll(async () => {
    await original.stop();
    await rm(parent, { recursive: true, force: true });
  });

  function cli(args: string[], env: Record<string, string>): Promise<{ code: number; output: string }> {
    const { DATABASE_URL: _ignored, ...inherited } = process.env;
    return run('npm', ['run', '-s', 'cli', '--', ...args], { cwd: ROOT, env: { ...inherited, ...env } }).then(
      ({ stdout, stderr }) => ({ code: 0, output: stdout + stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, output: error.stdout + error.stderr }),
    );
  }

  it('saves a running database and restores it into an empty folder with the same rows', async () => {
    const db = new Client({ connectionString: original.url });
    await db.connect();
    await db.query('CREATE TABLE harvest (id bigserial PRIMARY KEY, crop text NOT NULL, kg numeric NOT NULL)');
    await db.query("INSERT INTO harvest (crop, kg) SELECT 'rice-' || i, i * 1.5 FROM generate_series(1, 20000) i");
    await db.query('CREATE INDEX harvest_crop ON harvest (crop)');

    // Writes go on during the backup: it is taken from the running server (the CLI shares it),
    // and WAL switches make it span several WAL segments.
    let writing = true;
    const writes = (async () => {
      let written = 0;
      while (writing) {
        await db.query("INSERT INTO harvest (crop, kg) VALUES ('during', 1)");
        if (++written % 500 === 0) await db.query('SELECT pg_switch_wal()');
      }
      return written;
    })();
    const file = join(parent, 'psar.backup');
    const backup = await cli(['backup', file], { EMBEDDED_PG_DIR: join(parent, 'original'), EMBEDDED_PG_PORT: String(await freePort()) });
    writing = false;
    const written = await writes;
    expect(backup.output).toContain('using the embedded Postgres that Psar process');
    expect(backup.output).toContain(`backup written to ${file}`);
    expect(backup.code).toBe(0);
    const { rows: [after] } = await db.query<{ n: string }>('SELECT count(*) AS n FROM harvest');
    await db.end();

    const restoredDir = join(parent, 'restored');
    const restore = await cli(['restore', file], { EMBEDDED_PG_DIR: restoredDir, EMBEDDED_PG_PORT: String(await freePort()) });
    expect(restore.output).toContain(`restored ${file} into ${restoredDir}`);
    expect(restore.code).toBe(0);

    const restored = new EmbeddedPostgres({ dataDir: restoredDir, port: await freePort(), database: 'psar' });
    await restored.start();
    try {
      expect(restored.initialised).toBe(false);
      const copy = new Client({ connectionString: restored.url });
      await copy.connect();
      try {
        const { rows: [seeded] } = await copy.query<{ n: string; kg: string }>(
          "SELECT count(*) AS n, sum(kg) AS kg FROM harvest WHERE crop LIKE 'rice-%'",
        );
        expect(seeded).toEqual({ n: '20000', kg: '300015000.0' });
        // The rows written during the backup up to its end point, no more than were written.
        const { rows: [all] } = await copy.query<{ n: string }>('SELECT count(*) AS n FROM harvest');
        expect(Number(all!.n)).toBeGreaterThanOrEqual(20000);
        expect(Number(all!.n)).toBeLessThanOrEqual(Number(after!.n));
        expect(written).toBeGreaterThan(0);
        // The index agrees with the table, and the sequence goes on past the restored rows.
        await copy.query('SET enable_seqscan = off');
        const { rows: [indexed] } = await copy.query<{ n: string }>("SELECT count(*) AS n FROM harvest WHERE crop >= 'rice-'");
        expect(indexed!.n).toBe('20000');
        const { rows: [next] } = await copy.query<{ id: string; max: string }>(
          "INSERT INTO harvest (crop, kg) VALUES ('new', 2) RETURNING id, (SELECT max(id) FROM harvest WHERE crop <> 'new') AS max",
        );
        expect(Number(next!.id)).toBeGreaterThan(Number(next!.max));
      } finally {
        await copy.end();
      }
    } finally {
      await restored.stop();
    }

    // Restore never overwrites a database, and tells a file that is not a backup.
    const again = await cli(['restore', file], { EMBEDDED_PG_DIR: restoredDir });
    expect(again.code).toBe(1);
    expect(again.output.trim()).toMatch(/already holds a database\. Restore goes into an empty folder/);
    const notABackup = join(parent, 'notes.txt');
    await writeFile(notABackup, 'hello\n');
    const wrong = await cli(['restore', notABackup], { EMBEDDED_PG_DIR: join(parent, 'other') });
    expect(wrong.code).toBe(1);
    expect(wrong.output.trim()).toMatch(/could not be restored: it is not a Psar backup$/);
  });
});

// Root in a private folder: a clone under a 0700 folder, which the postgres user cannot enter.
(isRoot ? describe : describe.skip)('as root, a clone in a 0700 folder', () => {
  let home: string;
  let clone: string;

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'psar-private-')); // 0700, like /root
    clone = join(home, 'psar');
    await run('git', ['clone', '--quiet', ROOT, clone]);
    // In place of `npm ci` (minutes): hard links to this checkout's node_modules, so its
    // files, the Postgres binaries among them, sit inside the private folder too.
    await run('cp', ['-al', join(ROOT, 'node_modules'), join(clone, 'node_modules')]).catch(() =>
      run('cp', ['-a', join(ROOT, 'node_modules'), join(clone, 'node_modules')]),
    );
  });

  afterAll(async () => {
    // The relocated cluster of this clone lives outside it (see the README).
    const link = join(clone, '.data', 'postgres');
    const cluster = await readlink(link).catch(() => undefined);
    if (cluster?.startsWith('/var/lib/psar/')) await rm(cluster, { recursive: true, force: true });
    await rm(home, { recursive: true, force: true });
  });

  it('serves /health/ready from the default data folder and keeps its data across restarts', async () => {
    const env = { PORT: String(await freePort()), EMBEDDED_PG_PORT: String(await freePort()), SEED_DEMO: 'false', EMBEDDED_PG_DIR: '.data/postgres' };
    const first = start(env, clone);
    await waitFor(first, 'listening at');
    expect(first.output()).toMatch(/cannot reach .*node_modules.*; running the Postgres binaries copied to \/var\/cache\/psar\//);
    expect(first.output()).toMatch(/cannot reach .*\.data\/postgres; the database lives in \/var\/lib\/psar\/postgres-/);
    expect(first.output()).toContain('database initialised');
    expect(await status(`http://127.0.0.1:${env.PORT}/health/ready`)).toBe(200);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    const second = start(env, clone);
    await waitFor(second, 'listening at');
    expect(second.output()).not.toContain('database initialised');
    expect(second.output()).toContain('migrations applied: none pending');
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });

  it('runs a test file there on a throwaway embedded Postgres', async () => {
    const { DATABASE_URL: _url, PSAR_TEST_SERVER_URL: _server, PSAR_TEST_TEMPLATE: _template, JEST_WORKER_ID: _worker, ...inherited } = process.env;
    const { stdout, stderr } = await run(process.execPath, ['node_modules/.bin/jest', 'test/identity-demo.e2e-spec.ts', '--ci'], {
      cwd: clone,
      env: { ...inherited, CI: 'true' },
      maxBuffer: 16 * 1024 * 1024,
    });
    expect(`${stdout}${stderr}`).toMatch(/Tests:\s+\d+ passed, \d+ total/);
    expect(existsSync(join(clone, 'node_modules'))).toBe(true);
  });
});

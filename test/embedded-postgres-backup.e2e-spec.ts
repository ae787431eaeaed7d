import { EmbeddedPostgres } from '@psar/platform';
import { execFile } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { freePort, tempFolder } from './support/app-process';

// `npm run cli -- backup` of a running embedded database, restored into an empty folder.
jest.setTimeout(600_000);

const ROOT = resolve(__dirname, '..');
const run = promisify(execFile);

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


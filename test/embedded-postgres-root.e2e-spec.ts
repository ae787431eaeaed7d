import { execFile } from 'node:child_process';
import { mkdtemp, readlink, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { freePort, startAppProcess as start, waitForOutput as waitFor } from './support/app-process';

// As root, a checkout the postgres user cannot enter: the app and the tests still run.
jest.setTimeout(600_000);

const ROOT = resolve(__dirname, '..');
const run = promisify(execFile);
const isRoot = process.getuid?.() === 0;

async function status(url: string): Promise<number> {
  return (await fetch(url)).status;
}

// Only root meets this case; elsewhere say so in one line rather than skip in silence.
if (!isRoot) {
  process.stdout.write('psar tests: not run: test/embedded-postgres-root.e2e-spec.ts (a clone in a 0700 folder as root); run `sudo npm test` to include it\n');
}

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
  });
});

import { execFileSync } from 'node:child_process';
import { chmod, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startAppProcess as start, waitForOutput as waitFor } from './support/app-process';

// `npm start` end to end: the embedded Postgres, migrations, demo data, serving, SIGTERM.
jest.setTimeout(180_000);

function postgresProcessesFor(dataDir: string): string {
  try {
    return execFileSync('pgrep', ['-af', dataDir], { encoding: 'utf8' }).trim();
  } catch {
    return ''; // pgrep exits 1 when nothing matches
  }
}

describe('npm start on the embedded database', () => {
  let dataDir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    const parent = await mkdtemp(join(tmpdir(), 'psar-start-'));
    await chmod(parent, 0o755);
    dataDir = join(parent, 'postgres');
    env = { EMBEDDED_PG_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()), PORT: String(await freePort()) };
  });

  it('initialises, migrates, loads the demo once, serves and stops cleanly on SIGTERM', async () => {
    const first = start(env);
    await waitFor(first, 'listening at');
    expect(first.output()).toContain('database initialised');
    expect(first.output()).toMatch(/migrations applied: \d+ new/);
    expect(first.output()).toContain('demo data loaded');

    const base = `http://127.0.0.1:${env.PORT}`;
    expect((await fetch(`${base}/health/ready`)).status).toBe(200);
    const provinces = (await (await fetch(`${base}/api/v1/provinces`)).json()) as { items: unknown[] };
    expect(provinces.items).toHaveLength(25);

    const stopAt = Date.now();
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(Date.now() - stopAt).toBeLessThan(10_000);
    expect(postgresProcessesFor(dataDir)).toBe('');

    const second = start(env);
    await waitFor(second, 'listening at');
    expect(second.output()).not.toContain('database initialised');
    expect(second.output()).toContain('migrations applied: none pending');
    expect(second.output()).toContain('demo data already present');
    second.child.kill('SIGINT');
    expect(await second.exited).toBe(0);
    expect(postgresProcessesFor(dataDir)).toBe('');
  });

  it('stops with one line naming a bad variable and exit code 1', async () => {
    const bad = start({ ...env, PORT: 'not-a-port', KHR_PER_USD: 'lots' });
    expect(await bad.exited).toBe(1);
    const lines = bad.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^psar: Invalid configuration: .*PORT.*KHR_PER_USD/);
  });
});

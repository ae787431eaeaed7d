import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmod, mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// `npm start` end to end: the embedded Postgres, migrations, demo data, serving, SIGTERM.
jest.setTimeout(180_000);

const ROOT = resolve(__dirname, '..');
const MAIN = ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/api/src/main.ts'];

async function freePort(): Promise<number> {
  return new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function start(env: Record<string, string>): Started {
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  const child = spawn(process.execPath, MAIN, {
    cwd: ROOT,
    env: { ...inherited, NODE_ENV: 'development', LOG_LEVEL: 'warn', LOG_PRETTY: 'false', TS_NODE_PROJECT: 'tsconfig.json', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  return { child, output: () => output, exited };
}

async function waitFor(started: Started, text: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!started.output().includes(text)) {
    if (Date.now() > deadline || started.child.exitCode !== null) {
      throw new Error(`did not see "${text}"; output was:\n${started.output()}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

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

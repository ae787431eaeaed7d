import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmod, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

// main.ts run as `npm start` would, from the sources (no build needed).
const ROOT = resolve(__dirname, '..', '..');
const MAIN = ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/api/src/main.ts'];

export async function freePort(): Promise<number> {
  return new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

export interface AppProcess {
  child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output: () => string;
  exited: Promise<number | null>;
}

/** Starts the app in a child process (from `cwd`, by default this checkout); DATABASE_URL is only what `env` says. */
export function startAppProcess(env: Record<string, string>, cwd = ROOT): AppProcess {
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  const child = spawn(process.execPath, MAIN, {
    cwd,
    env: { ...inherited, NODE_ENV: 'development', LOG_LEVEL: 'warn', LOG_PRETTY: 'false', TS_NODE_PROJECT: 'tsconfig.json', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  return { child, output: () => output, exited };
}

export async function waitForOutput(app: AppProcess, text: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!app.output().includes(text)) {
    if (Date.now() > deadline || app.child.exitCode !== null) {
      throw new Error(`did not see "${text}"; output was:\n${app.output()}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

export interface RunningApp {
  app: AppProcess;
  url: string;
}

/** The app in a child process on a free port, once it listens, on a migrated database (it runs no migrations, seeds nothing). */
export async function startListeningApp(databaseUrl: string, env: Record<string, string> = {}): Promise<RunningApp> {
  const port = await freePort();
  const app = startAppProcess({ DATABASE_URL: databaseUrl, PORT: String(port), MIGRATIONS_RUN: 'false', SEED_DEMO: 'false', ...env });
  await waitForOutput(app, 'listening at');
  return { app, url: `http://127.0.0.1:${port}` };
}

/** SIGTERM unless it already died; resolves once it has exited. */
export async function stopAppProcess(running: RunningApp | undefined): Promise<void> {
  if (!running) return;
  const { child, exited } = running.app;
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  await exited;
}

/** Pids of the processes whose command line matches (pgrep -f). */
export function pidsMatching(pattern: string): number[] {
  try {
    return execFileSync('pgrep', ['-f', pattern], { encoding: 'utf8' }).trim().split('\n').map(Number);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

/** A fresh folder under the temp dir that the postgres user can enter (as root it runs the cluster). */
export async function tempFolder(prefix: string): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), prefix));
  await chmod(folder, 0o755);
  return folder;
}

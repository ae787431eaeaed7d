import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { startMailbox } from './mailbox';

const ROOT = resolve(__dirname, '../../../..');

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

async function waitUntilReady(url: string, exited: () => string | null): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const failure = exited();
    if (failure) throw new Error(`the server stopped before it was ready:\n${failure}`);
    try {
      const response = await fetch(`${url}/health/ready`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the server at ${url} was not ready within 2 minutes`);
}

/**
 * Starts the built server (dist/) once for all browser tests: on a new database of the
 * DATABASE_URL server when it is set, else on a throwaway embedded Postgres. No demo data:
 * each test creates the accounts and listings it needs. Returns the teardown.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
    SEED_DEMO: 'false',
    CORS_ORIGINS: url,
    // Every test signs people up from this one address.
    RATE_LIMIT_REGISTER_PER_IP: '100000',
    RATE_LIMIT_LOGIN_FAILURES_PER_IP: '100000',
    // Secrets of this run only.
    JWT_SECRET: randomBytes(32).toString('hex'),
  };
  // Email goes to a local SMTP stand-in that files each mail for the tests (codeMailedTo): the
  // password-reset screen is tested with a code by email, as a person would receive it.
  const mailboxDir = await mkdtemp(join(tmpdir(), 'psar-web-mail-'));
  const mailbox = await startMailbox(mailboxDir);
  env.SMTP_URL = mailbox.url;
  env.MAIL_FROM = 'Psar <no-reply@web-test.psar.example>';
  process.env.PSAR_WEB_MAILBOX = mailboxDir;
  let database: string | null = null;
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) {
    database = `psar_web_${randomBytes(6).toString('hex')}`;
    const admin = new Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.end();
    const target = new URL(serverUrl);
    target.pathname = `/${database}`;
    env.DATABASE_URL = target.toString();
  } else {
    delete env.DATABASE_URL;
    env.EMBEDDED_PG_DIR = join(await mkdtemp(join(tmpdir(), 'psar-web-pg-')), 'data');
    env.EMBEDDED_PG_PORT = String(await freePort());
  }

  let output = '';
  let exitedWith: string | null = null;
  const child = spawn(process.execPath, ['dist/apps/api/src/main.js'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: false });
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.once('exit', (code, signal) => (exitedWith = `exit ${code ?? signal}\n${output}`));
  await waitUntilReady(url, () => exitedWith);

  process.env.PSAR_WEB_URL = url;

  return async () => {
    if (!exitedWith) {
      // SIGTERM: the server finishes its requests and stops its embedded Postgres.
      const stopped = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await stopped;
    }
    if (database && serverUrl) {
      const admin = new Client({ connectionString: serverUrl });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin.end();
    }
    await mailbox.close();
    await rm(mailboxDir, { recursive: true, force: true });
    if (env.EMBEDDED_PG_DIR) await rm(resolve(env.EMBEDDED_PG_DIR, '..'), { recursive: true, force: true });
  };
}

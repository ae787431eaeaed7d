import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, readlinkSync } from 'node:fs';
import { chown, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { backupCluster, restoreCluster } from './cluster-backup';
import { EmbeddedPostgresError, postgresUser, reachableBinaries, reachableDataDir, RunAs } from './embedded-postgres-access';

export { EmbeddedPostgresError };

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  database: string;
  /** Throwaway clusters (tests) skip fsync and are deleted on stop. */
  persistent?: boolean;
  /**
   * When another live Psar process already runs this cluster, use it instead of failing
   * (the CLI, beside a running app); stop() then leaves it running.
   */
  shareRunning?: boolean;
  log?: (line: string) => void;
}

const USER = 'postgres';
// The cluster only listens on 127.0.0.1; the password only guards against other local users.
const PASSWORD = 'psar-embedded';
/** Beside postmaster.pid: the pid of the Psar process that started the server. */
const OWNER_FILE = 'psar-owner.pid';
/** The server's log of its latest run (it is not kept across runs). */
const LOG_FILE = 'postgres.log';
const READY_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 30_000;

// The watchdog's stdin is a pipe whose other end only the app holds: when the app dies in any
// way (SIGKILL, OOM killer, crash), the kernel closes it, `read` returns, and the watchdog
// asks the server for a fast shutdown, if that server still is the one it watches.
const WATCHDOG_SCRIPT = 'read -r _; [ "$(head -n 1 "$2/postmaster.pid" 2>/dev/null)" = "$1" ] && kill -INT "$1"';

/**
 * A real Postgres from the embedded-postgres package's binaries, in a data folder of the
 * project. Postgres refuses to run as root: then the cluster runs as the `postgres` system
 * user (created if missing), which owns the data folder; where that user cannot reach the
 * project folder, the binaries and the cluster go to folders it can reach
 * (see embedded-postgres-access.ts).
 */
export class EmbeddedPostgres {
  /** True when this start created the cluster (an empty database). */
  initialised = false;
  /** The folder the cluster runs in (differs from options.dataDir when relocated). */
  dataDir: string;
  private binDir: string;
  private runAs?: RunAs;
  private throwaway?: string;
  private port: number;
  private server?: ChildProcess;
  private watchdog?: ChildProcess;
  /** Set when we use a server another live Psar process runs. */
  private sharedWith?: number;

  constructor(private readonly options: EmbeddedPostgresOptions) {
    this.port = options.port;
  }

  get url(): string {
    return this.urlFor(this.options.database);
  }

  urlFor(database: string): string {
    return `postgresql://${USER}:${PASSWORD}@127.0.0.1:${this.port}/${database}`;
  }

  private get log(): (line: string) => void {
    return this.options.log ?? (() => undefined);
  }

  private get persistent(): boolean {
    return this.options.persistent ?? true;
  }

  /** Finds the binaries and the data folder the server can use; start() and restore() call it. */
  private async prepare(): Promise<void> {
    if (this.binDir) return;
    this.runAs = userInfo().uid === 0 ? postgresUser() : undefined;
    this.binDir = await reachableBinaries(this.runAs, this.log);
    const folder = await reachableDataDir(resolve(this.options.dataDir), this.runAs, this.persistent, this.log);
    this.dataDir = folder.dataDir;
    this.throwaway = folder.throwaway;
  }

  async start(): Promise<void> {
    await this.prepare();
    if (await this.takeOverRunningServer()) return;
    if (!existsSync(join(this.dataDir, 'PG_VERSION'))) {
      await this.initialise();
      this.initialised = true;
      this.log(`database initialised in ${this.dataDir}`);
    }
    await this.startServer();
    await this.ensureDatabase();
    this.log(`database running at 127.0.0.1:${this.port}`);
  }

  async stop(): Promise<void> {
    if (this.sharedWith) {
      this.sharedWith = undefined;
      return;
    }
    this.watchdog?.kill('SIGKILL');
    this.watchdog = undefined;
    const server = this.server;
    this.server = undefined;
    if (server && server.exitCode === null && server.signalCode === null) {
      const exited = new Promise<void>((done) => server.once('exit', () => done()));
      server.kill('SIGINT'); // fast shutdown: ends sessions, writes a checkpoint
      if (!(await within(exited, STOP_TIMEOUT_MS))) {
        server.kill('SIGQUIT');
        await exited;
      }
    }
    if (this.dataDir) await rm(join(this.dataDir, OWNER_FILE), { force: true });
    if (!this.persistent && this.dataDir) {
      await rm(this.throwaway ?? this.dataDir, { recursive: true, force: true });
    }
  }

  /** Whether the data folder holds a cluster yet. */
  async exists(): Promise<boolean> {
    await this.prepare();
    return existsSync(join(this.dataDir, 'PG_VERSION'));
  }

  /** A consistent copy of the running cluster in one file (see cluster-backup.ts). */
  async backup(file: string): Promise<void> {
    await backupCluster({ adminUrl: this.urlFor('postgres'), dataDir: this.dataDir, file });
  }

  /** Unpacks a backup into the (empty) data folder, then starts it once to replay its WAL. */
  async restore(file: string): Promise<void> {
    await this.prepare();
    if (existsSync(join(this.dataDir, 'PG_VERSION'))) {
      throw new EmbeddedPostgresError(
        `${this.options.dataDir} already holds a database. Restore goes into an empty folder: move that one away, or set EMBEDDED_PG_DIR to a new folder.`,
      );
    }
    await this.makeDataDir();
    await restoreCluster({ file, dataDir: this.dataDir, owner: this.runAs });
    await this.startServer();
    await this.stop();
  }

  /**
   * Makes this (empty) folder a streaming replica of `primary`, a running embedded server, as
   * pg_basebackup -R would: a base backup taken with the primary's own backup functions
   * (cluster-backup.ts), unpacked here, then standby.signal and primary_conninfo; a physical
   * replication slot on the primary keeps the WAL the replica has not received yet. start()
   * then runs it as a hot standby (read-only, replaying the primary's WAL as it comes).
   */
  async createStandbyOf(primary: EmbeddedPostgres, slot: string): Promise<void> {
    await this.prepare();
    if (existsSync(join(this.dataDir, 'PG_VERSION'))) throw new EmbeddedPostgresError(`${this.options.dataDir} already holds a database`);
    const admin = new Client({ connectionString: primary.urlFor('postgres') });
    admin.on('error', () => undefined);
    await admin.connect();
    try {
      await admin.query(
        'SELECT pg_create_physical_replication_slot($1, true) WHERE NOT EXISTS (SELECT 1 FROM pg_replication_slots WHERE slot_name = $1)',
        [slot],
      );
    } finally {
      await admin.end();
    }
    const file = join(tmpdir(), `psar-standby-${randomBytes(6).toString('hex')}.tar.gz`);
    try {
      await primary.backup(file);
      await this.makeDataDir();
      await restoreCluster({ file, dataDir: this.dataDir, owner: this.runAs });
    } finally {
      await rm(file, { force: true });
    }
    const conninfo = `host=127.0.0.1 port=${new URL(primary.url).port} user=${USER} password=${PASSWORD} application_name=${slot}`;
    const settings = join(this.dataDir, 'postgresql.auto.conf');
    const current = await readFile(settings, 'utf8').catch(() => '');
    await writeFile(settings, `${current}primary_conninfo = '${conninfo}'\nprimary_slot_name = '${slot}'\n`, { mode: 0o600 });
    await writeFile(join(this.dataDir, 'standby.signal'), '', { mode: 0o600 });
    if (this.runAs) {
      for (const name of ['postgresql.auto.conf', 'standby.signal']) await chown(join(this.dataDir, name), this.runAs.uid, this.runAs.gid);
    }
  }

  /**
   * A server may already run on this folder: one a live Psar process owns (used when
   * shareRunning, else an error), or one left behind by a process that died (stopped here).
   */
  private async takeOverRunningServer(): Promise<boolean> {
    const pidFile = await readFile(join(this.dataDir, 'postmaster.pid'), 'utf8').catch(() => undefined);
    if (!pidFile) return false;
    const lines = pidFile.split('\n');
    const serverPid = Number(lines[0]);
    // A dead pid: Postgres itself replaces the stale file.
    if (!Number.isInteger(serverPid) || serverPid <= 0 || !isAlive(serverPid)) return false;
    if (!runsIn(serverPid, this.dataDir)) {
      // The pid now belongs to another program (pids repeat after a container restart), which
      // Postgres would take for a server still running here.
      await rm(join(this.dataDir, 'postmaster.pid'), { force: true });
      return false;
    }

    const owner = Number(await readFile(join(this.dataDir, OWNER_FILE), 'utf8').catch(() => ''));
    // The kernel says whether the owner still is the server's parent (a reused pid is not).
    const owned = owner > 0 && owner !== process.pid && isAlive(owner) && parentOf(serverPid) === owner;
    if (owned) {
      if (!this.options.shareRunning) {
        throw new EmbeddedPostgresError(
          `The embedded Postgres in ${this.options.dataDir} is in use by another Psar process (pid ${owner}). Stop it first, or set EMBEDDED_PG_DIR and EMBEDDED_PG_PORT for a second instance.`,
        );
      }
      this.sharedWith = owner;
      this.port = Number(lines[3]) || this.port;
      this.log(`using the embedded Postgres that Psar process ${owner} runs on ${this.options.dataDir}`);
      return true;
    }
    this.log(`stopping an embedded Postgres (pid ${serverPid}) left running on ${this.options.dataDir} by a Psar process that is gone`);
    process.kill(serverPid, 'SIGINT');
    if (!(await waitUntil(() => !isAlive(serverPid), STOP_TIMEOUT_MS))) {
      process.kill(serverPid, 'SIGQUIT');
      if (!(await waitUntil(() => !isAlive(serverPid), STOP_TIMEOUT_MS))) {
        throw new EmbeddedPostgresError(`The embedded Postgres left running on ${this.options.dataDir} (pid ${serverPid}) did not stop; stop it by hand.`);
      }
    }
    return false;
  }

  private async makeDataDir(): Promise<void> {
    await mkdir(this.dataDir, { recursive: true, mode: 0o700 });
    if (this.runAs) await chown(this.dataDir, this.runAs.uid, this.runAs.gid);
  }

  private async initialise(): Promise<void> {
    await this.makeDataDir();
    const passwordFile = join(tmpdir(), `psar-pg-password-${randomBytes(6).toString('hex')}`);
    await writeFile(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
    if (this.runAs) await chown(passwordFile, this.runAs.uid, this.runAs.gid);
    const ctype = unicodeCtype(installedLocales());
    if (!ctype) this.log(`no UTF-8 locale on this machine (locale -a): the cluster's LC_CTYPE is C, so search forgives no misspelt Khmer word`);
    try {
      await this.run(join(this.binDir, 'bin', 'initdb'), [
        `--pgdata=${this.dataDir}`,
        '--auth=password',
        `--username=${USER}`,
        `--pwfile=${passwordFile}`,
        '--encoding=UTF8',
        '--locale=C',
        ...(ctype ? [`--lc-ctype=${ctype}`] : []),
        ...(this.persistent ? [] : ['--no-sync']),
      ]);
    } finally {
      await rm(passwordFile, { force: true });
    }
  }

  private async startServer(): Promise<void> {
    // Its own process group: a Ctrl-C in the terminal reaches the app, which drains requests
    // and then stops the database, instead of the database going away first.
    const logFd = openSync(join(this.dataDir, LOG_FILE), 'w', 0o600);
    let server: ChildProcess;
    try {
      server = spawn(
        join(this.binDir, 'bin', 'postgres'),
        [
          '-D', this.dataDir,
          '-p', String(this.port),
          '-c', 'listen_addresses=127.0.0.1',
          '-c', 'max_connections=300',
          ...(this.persistent ? [] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']),
        ],
        { ...this.runAs, detached: true, stdio: ['ignore', logFd, logFd], env: { ...process.env, LC_MESSAGES: 'C' } },
      );
    } finally {
      closeSync(logFd);
    }
    server.unref();
    server.on('error', () => undefined); // reported through the exit below
    this.server = server;
    const ready = await waitUntil(
      () => server.exitCode !== null || server.signalCode !== null || this.serverStatus(server.pid) === 'ready',
      READY_TIMEOUT_MS,
    );
    if (!ready || server.exitCode !== null || server.signalCode !== null) {
      const logTail = this.logTail();
      await this.stop().catch(() => undefined);
      throw new EmbeddedPostgresError(
        `The embedded Postgres did not start on port ${this.port}. Is another instance using ${this.options.dataDir} or the port? Set EMBEDDED_PG_PORT, or DATABASE_URL to use another server. Its log ends: ${logTail}`,
      );
    }
    await writeFile(join(this.dataDir, OWNER_FILE), `${process.pid}\n`);
    this.startWatchdog(server.pid!);
  }

  private startWatchdog(serverPid: number): void {
    const watchdog = spawn('/bin/sh', ['-c', WATCHDOG_SCRIPT, 'psar-postgres-watchdog', String(serverPid), this.dataDir], {
      detached: true,
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    watchdog.on('error', () => undefined);
    watchdog.unref();
    // The pipe must not keep the app's event loop alive, nor ever be written to.
    (watchdog.stdin as unknown as { unref(): void }).unref();
    this.watchdog = watchdog;
  }

  /** The status line pg_ctl also waits on ("ready" once it accepts connections). */
  private serverStatus(pid: number | undefined): string | undefined {
    try {
      const lines = readFileSync(join(this.dataDir, 'postmaster.pid'), 'utf8').split('\n');
      return Number(lines[0]) === pid ? lines[7]?.trim() : undefined;
    } catch {
      return undefined;
    }
  }

  private logTail(): string {
    try {
      const lines = readFileSync(join(this.dataDir, LOG_FILE), 'utf8').trim().split('\n');
      return lines.slice(-3).join(' | ') || '(empty)';
    } catch {
      return '(no log)';
    }
  }

  private run(command: string, args: string[]): Promise<void> {
    return new Promise((done, fail) => {
      const child = spawn(command, args, { ...this.runAs, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_MESSAGES: 'C' } });
      let output = '';
      child.stdout!.on('data', (chunk) => (output += chunk));
      child.stderr!.on('data', (chunk) => (output += chunk));
      child.on('error', (error) => fail(new Error(`${command} could not run: ${error.message}`)));
      child.on('close', (code) => (code === 0 ? done() : fail(new Error(`${command} failed (exit ${code}): ${output.trim()}`))));
    });
  }

  private async ensureDatabase(): Promise<void> {
    const client = new Client({ connectionString: this.urlFor('postgres') });
    // Its queries fail on their own if the server goes away; never an unhandled 'error'.
    client.on('error', () => undefined);
    await client.connect();
    try {
      const { rows } = await client.query<{ ctype: string }>('SELECT datctype AS ctype FROM pg_database WHERE datname = $1', [this.options.database]);
      if (!rows.length) await client.query(`CREATE DATABASE ${client.escapeIdentifier(this.options.database)}`);
      else if (!/utf-?8/i.test(rows[0]!.ctype)) {
        // A cluster initialised before its LC_CTYPE was chosen (see unicodeCtype) keeps C.
        this.log(`the database's LC_CTYPE is ${rows[0]!.ctype}: search forgives no misspelt Khmer word (a new cluster gets a UTF-8 LC_CTYPE)`);
      }
    } finally {
      await client.end();
    }
  }
}

/**
 * The cluster's LC_CTYPE (collation stays C: byte order, fast and the same on every machine).
 * pg_trgm, which finds the look-alikes of a misspelt search word, takes trigrams only from
 * characters LC_CTYPE calls letters or digits; under C that is ASCII alone, so a Khmer word
 * had no trigrams and a one-letter Khmer typo found nothing. A UTF-8 locale classifies Khmer
 * (and every script) by Unicode. The first of C.UTF-8, en_US.UTF-8, any other UTF-8 locale
 * installed; null when there is none.
 */
export function unicodeCtype(installed: readonly string[]): string | null {
  const utf8 = installed.filter((name) => /\.utf-?8$/i.test(name));
  const named = (lang: string) => utf8.find((name) => name.toLowerCase().replace('-', '') === `${lang.toLowerCase()}.utf8`);
  return named('C') ?? named('en_US') ?? utf8[0] ?? null;
}

/** `locale -a`: the locales this machine has (initdb refuses a missing one). */
function installedLocales(): string[] {
  try {
    return execFileSync('locale', ['-a'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
  } catch {
    return [];
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether the process is a Postgres server whose data folder is this one. */
function runsIn(pid: number, dataDir: string): boolean {
  try {
    // The postmaster's working directory is its data folder; elsewhere, our -D argument says it.
    if (process.platform === 'linux') return readlinkSync(`/proc/${pid}/cwd`) === resolve(dataDir);
    return processInfo(pid, 'command').includes(`-D ${resolve(dataDir)} `);
  } catch {
    return false;
  }
}

function parentOf(pid: number): number | undefined {
  try {
    if (process.platform !== 'linux') return Number(processInfo(pid, 'ppid'));
    // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces, so cut after ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

function processInfo(pid: number, field: 'command' | 'ppid'): string {
  return execFileSync('ps', ['-o', `${field}=`, '-p', String(pid)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
}

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
  return true;
}

async function within(promise: Promise<void>, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((done) => (timer = setTimeout(() => done(false), timeoutMs)));
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

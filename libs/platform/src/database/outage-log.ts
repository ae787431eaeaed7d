import type { Logger } from '@nestjs/common';
import type { Pool } from 'pg';
import { isConnectionLoss } from '../errors/connection-loss';

/**
 * Keeps one pg Pool quiet and alive through a database restart or failover. The first
 * connection lost is one warning; the errors that follow (every idle connection, every retry
 * while the server is away) go to debug; the first new connection after it is one line
 * saying the database is back. Other errors of its connections are logged as warnings.
 */
export class DatabaseOutageLog {
  private away = false;
  // One error can reach both a client's listener and the pool's (an idle client).
  private readonly seen = new WeakSet<object>();

  constructor(
    private readonly logger: Logger,
    private readonly pool: string,
  ) {}

  /** Installs the listeners on `pool`; returns it. */
  watch(pool: Pool): Pool {
    const onError = (error: Error) => {
      if (!this.report(error)) this.logger.warn({ pool: this.pool, err: brief(error, true) }, 'database connection error');
    };
    pool.on('error', onError);
    pool.on('connect', (client) => {
      if (this.away) {
        this.away = false;
        this.logger.log({ pool: this.pool }, 'database connection back');
      }
      // Without a listener, a connection that dies while checked out (a held LISTEN, a
      // transaction between statements) raises an unhandled 'error' that ends the process;
      // whoever holds the client sees the failure on its next query or on 'end'.
      client.on('error', onError);
    });
    return pool;
  }

  /** True when `error` is taken care of: a connection loss (logged once per outage) or one already reported. */
  report(error: unknown): boolean {
    if (typeof error === 'object' && error !== null) {
      if (this.seen.has(error)) return true;
      this.seen.add(error);
    }
    if (!isConnectionLoss(error)) return false;
    if (this.away) {
      this.logger.debug({ pool: this.pool, err: brief(error) }, 'database still unavailable');
    } else {
      this.away = true;
      this.logger.warn({ pool: this.pool, err: brief(error) }, 'database connection lost; retrying until it is back');
    }
    return true;
  }
}

/** What to log of a pg error: pg-pool attaches the client to it, thousands of characters of JSON. */
function brief(error: unknown, withStack = false): { message: string; code?: unknown; stack?: string } {
  if (!(typeof error === 'object' && error !== null)) return { message: String(error) };
  const { message, code, stack } = error as { message?: unknown; code?: unknown; stack?: unknown };
  return { message: String(message), code, ...(withStack && typeof stack === 'string' ? { stack } : {}) };
}

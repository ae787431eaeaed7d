import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { DatabaseOutageLog, Environment, MetricsService } from '@psar/platform';
import { Pool } from 'pg';

/**
 * socket.io's own Postgres connections: one holds LISTEN for as long as the process runs,
 * the others send NOTIFY. Apart from the app's pool so a busy API never starves them.
 */
@Injectable()
export class RealtimeConnections implements OnApplicationShutdown {
  private readonly logger = new Logger(RealtimeConnections.name);
  private readonly outage = new DatabaseOutageLog(this.logger, 'realtime');
  readonly pool: Pool;

  constructor(env: Environment, metrics: MetricsService) {
    this.pool = this.outage.watch(new Pool({
      connectionString: env.DATABASE_URL,
      max: env.REALTIME_PG_POOL_SIZE,
      // An emit that cannot get a connection in time is not sent to the other replicas
      // (clients recover it with GET /sync): wait longer than the API does for its pool.
      connectionTimeoutMillis: Math.max(10_000, env.DB_CONNECTION_TIMEOUT_MS),
      application_name: 'psar-realtime',
    }));
    metrics.watchPool('realtime', () => this.pool);
  }

  /**
   * For the adapter's own errors (an emit or a clean-up that failed): a connection loss is
   * logged once per outage; the adapter takes a new LISTEN connection by itself.
   */
  reportError(error: unknown): void {
    if (!this.outage.report(error)) this.logger.warn({ err: error }, 'socket.io Postgres adapter error');
  }

  /** After the socket.io server is closed (Nest closes gateways first), so LISTEN was released. */
  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}

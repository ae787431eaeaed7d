import { Injectable } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { Environment } from '../config/environment';

/** What a pool gauge reads: pg's Pool has these counters. */
export interface PoolCounts {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
  options: { max?: number };
}

// Requests Fastify could not route: one label value, so a scan of random URLs adds no series.
const UNMATCHED_ROUTE = 'unmatched';

/**
 * This process's Prometheus registry, served at /metrics (MetricsController). Off unless
 * METRICS_TOKEN is set: then nothing is collected and no hook runs per request.
 * Gauges are read when Prometheus scrapes, never polled.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  readonly enabled: boolean;
  private readonly pools = new Map<string, () => PoolCounts | undefined>();
  private readonly httpDuration: Histogram<'method' | 'route' | 'status_code'>;

  constructor(env: Environment) {
    this.enabled = env.METRICS_TOKEN !== undefined;
    const registers = [this.registry];
    if (this.enabled) collectDefaultMetrics({ register: this.registry });
    this.httpDuration = new Histogram({
      name: 'psar_http_request_duration_seconds',
      help: 'Time from receiving a request to sending its response, by route pattern and status',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    const pools = this.pools;
    const poolGauge = (name: string, help: string, read: (pool: PoolCounts) => number) => {
      const gauge: Gauge<'pool'> = new Gauge({
        name,
        help,
        labelNames: ['pool'],
        registers,
        collect() {
          gauge.reset();
          for (const [label, current] of pools) {
            const pool = current();
            if (pool) gauge.set({ pool: label }, read(pool));
          }
        },
      });
    };
    poolGauge('psar_db_pool_connections_in_use', 'Postgres connections lent out of the pool now', (p) => p.totalCount - p.idleCount);
    poolGauge('psar_db_pool_waiting', 'Callers waiting for a Postgres connection of the pool', (p) => p.waitingCount);
    poolGauge('psar_db_pool_max', 'Most connections the pool opens', (p) => p.options.max ?? 10);
  }

  /**
   * Times every response of this Fastify instance. configureApp calls it before the routes
   * exist. Labelled with the route pattern (`/api/v1/listings/:id`), never the URL.
   */
  instrumentHttp(fastify: FastifyInstance): void {
    if (!this.enabled) return;
    const histogram = this.httpDuration;
    fastify.addHook('onResponse', (request, reply, done) => {
      histogram.observe(
        { method: request.method, route: request.routeOptions.url ?? UNMATCHED_ROUTE, status_code: reply.statusCode },
        reply.elapsedTime / 1000,
      );
      done();
    });
  }

  /**
   * A gauge of something this process knows (e.g. its open sockets), read at each scrape.
   * `read` must be cheap and synchronous.
   */
  gauge(name: string, help: string, read: () => number): void {
    if (!this.enabled) return;
    const gauge: Gauge = new Gauge({
      name,
      help,
      registers: [this.registry],
      collect() {
        gauge.set(read());
      },
    });
  }

  /** Reports a pg pool as `pool="<name>"`; `current` is called at each scrape and may return undefined (not started). */
  watchPool(name: string, current: () => PoolCounts | undefined): void {
    this.pools.set(name, current);
  }
}

// The part of autocannon's programmatic API the benchmarks use (the package ships no types).
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events';

  interface Options {
    url: string;
    connections?: number;
    pipelining?: number;
    /** Seconds. */
    duration?: number;
    /** Seconds before a request counts as timed out. */
    timeout?: number;
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    /** Requests cycled through by each connection; setupRequest builds each one as it goes. */
    requests?: RequestSpec[];
  }

  /** What a request is made of; setupRequest may change any of it (returns the request to send). */
  interface RequestSpec {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string;
    // Each connection's context: what setupRequest put there, handed to onResponse.
    setupRequest?: (request: RequestSpec, context: any) => RequestSpec;
    onResponse?: (status: number, body: string, context: any, headers: Record<string, string>) => void;
  }

  interface Histogram {
    average: number;
    mean: number;
    stddev: number;
    min: number;
    max: number;
    total: number;
    p50: number;
    p90: number;
    p99: number;
  }

  interface Result {
    url: string;
    connections: number;
    pipelining: number;
    /** Seconds actually run. */
    duration: number;
    errors: number;
    timeouts: number;
    non2xx: number;
    '2xx': number;
    latency: Histogram;
    /** Per-second samples of completed requests. */
    requests: Histogram;
    /** Per-second samples of bytes received. */
    throughput: Histogram;
  }

  interface Instance extends EventEmitter, PromiseLike<Result> {
    on(event: 'response', listener: (client: unknown, statusCode: number, resBytes: number, responseTimeMs: number) => void): this;
    on(event: string, listener: (...args: any[]) => void): this;
    stop(): void;
  }

  function autocannon(options: Options): Instance;
  namespace autocannon {
    export { Options, RequestSpec, Result };
  }
  export = autocannon;
}

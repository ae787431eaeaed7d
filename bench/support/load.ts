import autocannon from 'autocannon';

export interface LoadOptions {
  connections: number;
  durationSeconds: number;
}

export interface LoadResult {
  /** Mean of autocannon's per-second samples. */
  requestsPerSecond: number;
  /** Exact percentiles of every 2xx response time, in ms (autocannon's own histogram has 1 ms steps). */
  p50Ms: number;
  p99Ms: number;
  /** Mean bytes per response, headers included. */
  bytesPerResponse: number;
  total2xx: number;
  /** Errors, timeouts and non-2xx responses: any of these makes the run invalid. */
  failures: number;
  seconds: number;
}

/** Loads one URL with autocannon (programmatic API) and records each response time. */
export async function load(url: string, options: LoadOptions): Promise<LoadResult> {
  let times = new Float64Array(1 << 18);
  let count = 0;
  const instance = autocannon({
    url,
    connections: options.connections,
    pipelining: 1,
    duration: options.durationSeconds,
    timeout: 10,
  });
  instance.on('response', (_client, statusCode, _bytes, responseTimeMs) => {
    if (statusCode < 200 || statusCode > 299) return;
    if (count === times.length) {
      const bigger = new Float64Array(times.length * 2);
      bigger.set(times);
      times = bigger;
    }
    times[count++] = responseTimeMs;
  });
  const result = await instance;
  const sorted = times.subarray(0, count).sort();
  const percentile = (p: number) => (count === 0 ? NaN : sorted[Math.min(count - 1, Math.ceil((p / 100) * count) - 1)]!);
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: percentile(50),
    p99Ms: percentile(99),
    bytesPerResponse: result.throughput.total / Math.max(1, result.requests.total),
    total2xx: result['2xx'],
    failures: result.errors + result.timeouts + result.non2xx,
    seconds: result.duration,
  };
}

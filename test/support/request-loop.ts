import { quietFor } from './messaging';

/** One request's answer, or its absence: status 0 when no HTTP answer came (refused, reset, or 20 s without one). */
export interface Sample {
  label: string;
  startedAt: number;
  ms: number;
  status: number;
  contentType: string | null;
  retryAfter: string | null;
  body: Record<string, any>;
}

export interface LoopRequest {
  label: string;
  url: string;
  init?: RequestInit;
}

export interface RequestLoop {
  samples: Sample[];
  stop(): Promise<void>;
}

/**
 * A client that keeps using the API whatever happens to it: sends `next(i)`'s request, waits
 * for the answer, pauses `pauseMs`, and again, until stopped. Each answer is a sample.
 */
export function requestLoop(next: (i: number) => LoopRequest, pauseMs: number): RequestLoop {
  const samples: Sample[] = [];
  let running = true;
  const done = (async () => {
    for (let i = 0; running; i++) {
      const { label, url, init } = next(i);
      const startedAt = Date.now();
      try {
        const res = await fetch(url, { ...init, signal: AbortSignal.timeout(20_000) });
        const body = (await res.json().catch(() => ({}))) as Record<string, any>;
        const answer = { status: res.status, contentType: res.headers.get('content-type'), retryAfter: res.headers.get('retry-after'), body };
        samples.push({ label, startedAt, ms: Date.now() - startedAt, ...answer });
      } catch {
        samples.push({ label, startedAt, ms: Date.now() - startedAt, status: 0, contentType: null, retryAfter: null, body: {} });
      }
      await quietFor(pauseMs);
    }
  })();
  return {
    samples,
    stop: async () => {
      running = false;
      await done;
    },
  };
}

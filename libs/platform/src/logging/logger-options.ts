import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';
import pino from 'pino';
import { Environment } from '../config/environment';

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/**
 * Keeps a caller's request id (from a load balancer) when it is sane, else makes one.
 * Fastify assigns it (FastifyAdapter's genReqId) and pino-http reuses Fastify's.
 */
export function requestId(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

export function loggerOptions(env: Environment): Params {
  const pretty = env.LOG_PRETTY ?? env.NODE_ENV === 'development';
  const options = {
    level: env.LOG_LEVEL,
    transport: pretty ? { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l' } } : undefined,
    genReqId: requestId,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'req.body.password', 'req.body.refreshToken'],
      censor: '[redacted]',
    },
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  };
  // JSON lines go to stdout asynchronously: pino's default writes each line with a blocking
  // write(2) on the request's path, which stalls the event loop whenever stdout (a pipe to
  // the container's log driver) is slow. They are also gathered into writes of 4 KB or every
  // 200 ms, whichever comes first: one write(2) per request line was 4 % of a search's CPU at
  // 1,000,000 listings (bench:listings' profile). Lines are flushed synchronously when the
  // process exits (process.exit, an uncaught exception: pino's own exit hook); a SIGKILL or an
  // out-of-memory kill loses the lines still in the buffer, at most the last 200 ms' worth.
  // One stream for the request logger and the out-of-request one, so their lines never interleave.
  const destination = pretty ? undefined : pino.destination({ dest: 1, sync: false, minLength: 4096, periodicFlush: 200 });
  return {
    // Requests under /api/v1 are logged; health probes (every few seconds per replica) and
    // metrics scrapes are not. The exclusions are needed since our own body parsers
    // (body-parsers.ts) keep Nest's Fastify adapter from scoping middleware to the prefix.
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
    exclude: [
      { path: 'health/{*path}', method: RequestMethod.GET },
      { path: 'metrics', method: RequestMethod.GET },
    ],
    pinoHttp: destination ? [options, destination] : options,
  };
}

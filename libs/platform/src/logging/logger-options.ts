import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';
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
  return {
    // Requests under /api/v1 are logged; health probes (every few seconds per replica) and
    // metrics scrapes are not. The exclusions are needed since our own body parsers
    // (body-parsers.ts) keep Nest's Fastify adapter from scoping middleware to the prefix.
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
    exclude: [
      { path: 'health/{*path}', method: RequestMethod.GET },
      { path: 'metrics', method: RequestMethod.GET },
    ],
    pinoHttp: {
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
    },
  };
}

import { HttpStatus } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ProblemException } from '@psar/platform';

/** 429 with Retry-After set on the reply (the problem filter keeps headers already set). */
export function rateLimited(reply: FastifyReply, retryAfterSeconds: number, detail: string): ProblemException {
  reply.header('retry-after', String(Math.max(1, retryAfterSeconds)));
  return new ProblemException(HttpStatus.TOO_MANY_REQUESTS, 'rate-limited', detail);
}

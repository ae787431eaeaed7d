import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import type { FastifyReply } from 'fastify';
import { rateLimited } from './rate-limited.exception';

export const REGISTER_THROTTLER = 'register';

/**
 * @nestjs/throttler's guard, answering in problem+json. Its Retry-After header is kept:
 * a ThrottlerException would be rendered with a fixed one.
 */
@Injectable()
export class RegisterThrottlerGuard extends ThrottlerGuard {
  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    throw rateLimited(reply, detail.timeToBlockExpire, 'Too many sign-ups from this address; try again later');
  }
}

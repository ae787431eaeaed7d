import { CanActivate, ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ProblemException } from '@psar/platform';
import { AccessTokenService } from './access-token.service';
import type { RequestWithUser } from './authenticated-user';
import { IS_PUBLIC } from './public.decorator';

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/;

/**
 * Verifies `Authorization: Bearer <access token>` and puts the caller on the request.
 * A signed-out session's token is refused like an expired one (AccessTokenService).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly tokens: AccessTokenService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<RequestWithUser>();
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? BEARER.exec(header.trim()) : null;
    const user = match ? await this.tokens.verify(match[1]!) : null;
    if (user) request.user = user;
    if (isPublic || user) return true;
    throw new ProblemException(
      HttpStatus.UNAUTHORIZED,
      'unauthenticated',
      header ? 'The access token is invalid, expired or signed out' : 'Sign in: send Authorization: Bearer <access token>',
    );
  }
}

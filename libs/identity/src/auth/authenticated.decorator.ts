import {
  applyDecorators,
  createParamDecorator,
  ExecutionContext,
  UnauthorizedException,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import { ApiProblems } from '@psar/platform';
import { AuthGuard } from './auth.guard';
import type { AuthenticatedUser, RequestWithUser } from './authenticated-user';

/**
 * On a controller (or a handler): every route needs a valid access token unless it is
 * marked `@Public()`. Public routes still see the caller when a valid token is sent.
 */
export function Authenticated(): ClassDecorator & MethodDecorator {
  return applyDecorators(UseGuards(AuthGuard), ApiBearerAuth(), ApiProblems(401));
}

/** The caller; on a public route `undefined` when anonymous. */
export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): AuthenticatedUser | undefined => {
  return context.switchToHttp().getRequest<RequestWithUser>().user;
});

/** Reads the caller where the route is not public; never undefined. */
export function requireUser(user: AuthenticatedUser | undefined): AuthenticatedUser {
  if (!user) throw new UnauthorizedException('Sign in to do this');
  return user;
}

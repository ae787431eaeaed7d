import { applyDecorators, CanActivate, ExecutionContext, Injectable, SetMetadata, UseGuards } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiProblems, ValidationProblem } from '@psar/platform';
import type { RequestWithUser } from '../auth/authenticated-user';
import { requireUser } from '../auth/authenticated.decorator';
import { CanActOptions, OrganizationAccessService } from './organization-access.service';

const ACTING_FOR = 'psar:acting-for';

export interface ActingForOptions extends Omit<CanActOptions, 'manager' | 'field'> {
  /** Where the organization id is: a route parameter or a top-level body field. */
  param?: string;
  body?: string;
}

/**
 * Route-level form of `OrganizationAccessService.assertCanAct`, for routes whose
 * organization id is in the path or body: `@ActingFor({ param: 'id', minRole: 'manager' })`.
 * Put it under `@Authenticated()`, which runs first.
 */
export function ActingFor(options: ActingForOptions): MethodDecorator {
  return applyDecorators(
    SetMetadata(ACTING_FOR, options),
    UseGuards(OrganizationAccessGuard),
    ApiProblems(400, 403, 404),
  );
}

@Injectable()
export class OrganizationAccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly access: OrganizationAccessService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const options = this.reflector.get<ActingForOptions | undefined>(ACTING_FOR, context.getHandler());
    if (!options) return true;
    const request = context.switchToHttp().getRequest<RequestWithUser & { params: Record<string, string>; body: unknown }>();
    const user = requireUser(request.user);
    const field = options.param ?? options.body ?? 'organizationId';
    const value = options.param
      ? request.params[options.param]
      : ((request.body ?? {}) as Record<string, unknown>)[options.body ?? 'organizationId'];
    if (typeof value !== 'string') throw new ValidationProblem([{ field, message: `${field} must be a UUID` }]);
    await this.access.assertCanAct(user.id, value, { ...options, field });
    return true;
  }
}

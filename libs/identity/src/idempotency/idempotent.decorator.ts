import { applyDecorators, UseInterceptors } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { ApiProblems } from '@psar/platform';
import { IdempotencyInterceptor } from './idempotency.interceptor';

/**
 * On a creating POST behind `@Authenticated()`: honours the Idempotency-Key header
 * (same user and key within 24 h: the first response again, nothing new created).
 */
export function Idempotent(): MethodDecorator {
  return applyDecorators(
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: 'Any unique string (e.g. a UUID); a retry with the same key returns the first response',
    }),
    // 422: the key was used for a different request; 409: its first request is still running.
    ApiProblems(409, 422),
  );
}

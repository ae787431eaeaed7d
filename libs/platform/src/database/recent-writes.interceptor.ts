import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { finalize, mergeMap, type Observable } from 'rxjs';
import { ReadReplicas } from './read-replicas.service';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Any authenticated HTTP request other than a read counts as a write by its user, noted when
 * the handler starts (its own reads after its writes) and announced to every API process
 * before the response goes out (the window runs from the last write): their reads then go to
 * the primary (ReadReplicas). Runs after the guards, which put the user on the request.
 */
@Injectable()
export class RecentWritesInterceptor implements NestInterceptor {
  constructor(private readonly replicas: ReadReplicas) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http' || !this.replicas.configured) return next.handle();
    const request = context.switchToHttp().getRequest<{ method: string; user?: { id?: unknown } }>();
    const userId = request.user?.id;
    if (READS.has(request.method) || typeof userId !== 'string') return next.handle();
    this.replicas.noteWrite(userId);
    return next.handle().pipe(
      mergeMap(async (value: unknown) => {
        await this.replicas.announceWrite(userId);
        return value;
      }),
      // A failed write may have committed part of it (or another request's): noted here too.
      finalize(() => this.replicas.noteWrite(userId)),
    );
  }
}

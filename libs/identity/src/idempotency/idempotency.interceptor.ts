import { CallHandler, ExecutionContext, HttpStatus, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ProblemException, ValidationProblem } from '@psar/platform';
import type { FastifyReply } from 'fastify';
import { setTimeout as sleep } from 'node:timers/promises';
import { from, lastValueFrom, Observable } from 'rxjs';
import { DataSource } from 'typeorm';
import type { RequestWithUser } from '../auth/authenticated-user';
import { IDEMPOTENCY_KEY_PATTERN, requestFingerprint } from './request-fingerprint';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** How long a key answers with its first response; older keys are purged (IdentityHousekeepingService). */
export const IDEMPOTENCY_RETENTION = '24 hours';
// A first request still running after this long died with its process: its key is freed.
const ABANDONED_AFTER = '2 minutes';
const WAIT_FOR_FIRST_MS = 10_000;
const POLL_MS = 50;

interface KeyRow {
  request_hash: string;
  status_code: number | null;
  response_body: unknown;
}

/**
 * `Idempotency-Key` for creating POSTs (apply with `@Idempotent()`). The first request
 * with a key claims it by inserting a placeholder row (the primary key makes one winner
 * among simultaneous requests), runs, and stores its status and body. Later requests with
 * the key get that stored answer; while the first is still running they wait for it.
 * Same key, different request: 422. A failed first request frees the key for a retry.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger(IdempotencyInterceptor.name);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<RequestWithUser>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const header = request.headers[IDEMPOTENCY_HEADER];
    if (header === undefined || !request.user) return next.handle();
    if (typeof header !== 'string' || !IDEMPOTENCY_KEY_PATTERN.test(header)) {
      throw new ValidationProblem([{ field: 'Idempotency-Key', message: 'Idempotency-Key must be 1 to 255 printable characters without spaces' }]);
    }
    const userId = request.user.id;
    const hash = requestFingerprint(request.method, request.url, request.body);
    return from(this.run(userId, header, hash, reply, () => lastValueFrom(next.handle(), { defaultValue: undefined })));
  }

  private async run(userId: string, key: string, hash: string, reply: FastifyReply, handle: () => Promise<unknown>): Promise<unknown> {
    const deadline = Date.now() + WAIT_FOR_FIRST_MS;
    for (;;) {
      if (await this.claim(userId, key, hash)) return this.runFirst(userId, key, reply, handle);
      const row = await this.find(userId, key);
      if (!row) continue; // The first request failed and freed the key: try to claim it.
      if (row.request_hash !== hash) {
        throw new ProblemException(
          HttpStatus.UNPROCESSABLE_ENTITY,
          'idempotency-key-reused',
          'This Idempotency-Key was already used for a different request',
        );
      }
      if (row.status_code !== null) {
        reply.status(row.status_code).header('idempotent-replayed', 'true');
        return row.response_body;
      }
      if (Date.now() > deadline) {
        throw new ProblemException(HttpStatus.CONFLICT, 'idempotency-in-progress', 'A request with this Idempotency-Key is still in progress; retry shortly');
      }
      await sleep(POLL_MS);
    }
  }

  private async runFirst(userId: string, key: string, reply: FastifyReply, handle: () => Promise<unknown>): Promise<unknown> {
    let body: unknown;
    try {
      body = await handle();
    } catch (error) {
      await this.release(userId, key);
      throw error;
    }
    const stored = body === undefined ? null : (JSON.parse(JSON.stringify(body)) as unknown);
    await this.dataSource
      .query(
        `UPDATE idempotency_keys SET status_code = $3, response_body = $4, completed_at = now()
         WHERE user_id = $1 AND key = $2`,
        [userId, key, reply.statusCode, JSON.stringify(stored)],
      )
      .catch((error: unknown) => this.logger.error({ err: error }, 'could not store an idempotent response'));
    return body;
  }

  /** True when this request is the first with the key (or the earlier use expired). */
  private async claim(userId: string, key: string, hash: string): Promise<boolean> {
    const rows = (await this.dataSource.query(
      `INSERT INTO idempotency_keys (user_id, key, request_hash) VALUES ($1, $2, $3)
       ON CONFLICT (user_id, key) DO UPDATE
         SET request_hash = excluded.request_hash, status_code = NULL, response_body = NULL,
             created_at = now(), completed_at = NULL
         WHERE idempotency_keys.created_at < now() - interval '${IDEMPOTENCY_RETENTION}'
            OR (idempotency_keys.status_code IS NULL AND idempotency_keys.created_at < now() - interval '${ABANDONED_AFTER}')
       RETURNING key`,
      [userId, key, hash],
    )) as unknown[];
    return rows.length === 1;
  }

  private async find(userId: string, key: string): Promise<KeyRow | undefined> {
    const [row] = (await this.dataSource.query(
      'SELECT request_hash, status_code, response_body FROM idempotency_keys WHERE user_id = $1 AND key = $2',
      [userId, key],
    )) as KeyRow[];
    return row;
  }

  private async release(userId: string, key: string): Promise<void> {
    await this.dataSource
      .query('DELETE FROM idempotency_keys WHERE user_id = $1 AND key = $2 AND status_code IS NULL', [userId, key])
      .catch((error: unknown) => this.logger.error({ err: error }, 'could not release an idempotency key'));
  }
}

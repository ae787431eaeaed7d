import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { deleteInBatches, ScheduledJobsService } from '@psar/platform';
import { DataSource } from 'typeorm';
import { IDEMPOTENCY_RETENTION } from '../idempotency/idempotency.interceptor';

export const IDEMPOTENCY_KEYS_PURGE_JOB = 'identity.idempotency-keys.purge';
export const REFRESH_TOKENS_PURGE_JOB = 'identity.refresh-tokens.purge';
export const RATE_LIMIT_COUNTERS_PURGE_JOB = 'identity.rate-limit-counters.purge';
export const ONE_TIME_CODES_PURGE_JOB = 'identity.one-time-codes.purge';

/**
 * Deletes what identity no longer needs, on pg-boss cron (one run per tick across replicas),
 * in batches. What stays: idempotency keys inside their window, refresh tokens that can
 * still be used or replayed (a rotated, unexpired one must stay so its replay revokes the
 * family), counters whose window or block is still running.
 */
@Injectable()
export class IdentityHousekeepingService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: ScheduledJobsService,
  ) {}

  onModuleInit(): void {
    this.jobs.register(IDEMPOTENCY_KEYS_PURGE_JOB, '15 * * * *', async () => {
      await this.purgeIdempotencyKeys();
    });
    this.jobs.register(REFRESH_TOKENS_PURGE_JOB, '25 * * * *', async () => {
      await this.purgeRefreshTokens();
    });
    this.jobs.register(RATE_LIMIT_COUNTERS_PURGE_JOB, '*/5 * * * *', async () => {
      await this.purgeRateLimitCounters();
    });
    this.jobs.register(ONE_TIME_CODES_PURGE_JOB, '35 * * * *', async () => {
      await this.purgeOneTimeCodes();
    });
  }

  /** idempotency_keys_created_idx. A key past its window may be reused anyway (see the interceptor). */
  purgeIdempotencyKeys(): Promise<number> {
    return deleteInBatches(this.dataSource, {
      table: 'idempotency_keys',
      where: `created_at < now() - interval '${IDEMPOTENCY_RETENTION}'`,
    });
  }

  /**
   * refresh_tokens_expires_idx, then refresh_tokens_revoked_idx. A session whose tokens are
   * gone is refused like a revoked one (SessionsService), so nothing revoked comes back.
   */
  async purgeRefreshTokens(): Promise<number> {
    const expired = await deleteInBatches(this.dataSource, { table: 'refresh_tokens', where: 'expires_at < now()' });
    const revoked = await deleteInBatches(this.dataSource, { table: 'refresh_tokens', where: 'revoked_at IS NOT NULL' });
    return expired + revoked;
  }

  /** one_time_codes_created_at_idx. A day old, a code (10 minutes at most) is long dead; kept that long to look into abuse. */
  purgeOneTimeCodes(): Promise<number> {
    return deleteInBatches(this.dataSource, { table: 'one_time_codes', where: "created_at < now() - interval '1 day'" });
  }

  /** rate_limit_counters_window_idx */
  purgeRateLimitCounters(): Promise<number> {
    return deleteInBatches(this.dataSource, {
      table: 'rate_limit_counters',
      where: 'window_ends_at < now() AND (blocked_until IS NULL OR blocked_until < now())',
    });
  }
}

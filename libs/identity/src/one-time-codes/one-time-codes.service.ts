import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Environment, ProblemException } from '@psar/platform';
import type { FastifyReply } from 'fastify';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { DEVELOPMENT_JWT_SECRET } from '../auth/access-token.service';
import { PostgresThrottlerStorage } from '../rate-limit/postgres-throttler.storage';
import { rateLimited } from '../rate-limit/rate-limited.exception';
import { codeHashKey, codeMatches, type CodeChannel, type CodePurpose, generateCode, hashCode, normalizeCode } from './one-time-code';

export interface IssuedCode {
  id: string;
  code: string;
}

interface LiveCodeRow {
  id: string;
  code_hash: Buffer;
  attempts: number;
  max_attempts: number;
  expired: boolean;
}

/** One answer for a wrong, expired, used or replaced code, and for a login with no code at all. */
export function invalidCode(): ProblemException {
  return new ProblemException(HttpStatus.BAD_REQUEST, 'invalid-code', 'The code is wrong, expired or already used; ask for a new one', [
    { field: 'code', message: 'code is wrong, expired or already used' },
  ]);
}

/**
 * Short codes sent by SMS or email (password reset, phone verification): issued one live
 * per user and purpose, stored as keyed hashes, used once, worn out after a few wrong tries,
 * and limited per destination so nobody can flood a phone with texts.
 */
@Injectable()
export class OneTimeCodesService {
  private readonly key: Buffer;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly storage: PostgresThrottlerStorage,
    private readonly env: Environment,
  ) {
    this.key = codeHashKey(env.JWT_SECRET ?? DEVELOPMENT_JWT_SECRET);
  }

  get ttlMinutes(): number {
    return this.env.ONE_TIME_CODE_TTL_MINUTES;
  }

  /**
   * Counts one code asked for this phone number or email, whether or not an account has it
   * (so a 429 tells nothing about accounts), and refuses beyond the limit. The counter is one
   * atomic upsert in Postgres: 50 requests at once let exactly the limit through.
   */
  async countRequest(destination: string, reply: FastifyReply): Promise<void> {
    const windowMs = this.env.RATE_LIMIT_CODES_WINDOW_SECONDS * 1000;
    // Keyed by a hash so the counters table holds no phone numbers or emails.
    const key = `code:${createHash('sha256').update(destination, 'utf8').digest('hex')}`;
    const record = await this.storage.increment(key, windowMs, this.env.RATE_LIMIT_CODES_PER_DESTINATION, windowMs, 'code');
    if (record.isBlocked) throw rateLimited(reply, record.timeToBlockExpire, 'Too many codes asked for this phone number or email; try again later');
  }

  /** A new code for the user and purpose, in the caller's transaction; it ends the one before. */
  async issue(manager: EntityManager, input: { userId: string; purpose: CodePurpose; channel: CodeChannel; destination: string }): Promise<IssuedCode> {
    // The user's row lock orders two requests at once: the second ends the first's code
    // instead of colliding with it on one_time_codes_one_live.
    await manager.query('SELECT 1 FROM users WHERE id = $1 FOR UPDATE', [input.userId]);
    await manager.query('UPDATE one_time_codes SET ended_at = now() WHERE user_id = $1 AND purpose = $2 AND ended_at IS NULL', [
      input.userId,
      input.purpose,
    ]);
    const id = randomUUID();
    const code = generateCode();
    await manager.query(
      `INSERT INTO one_time_codes (id, user_id, purpose, channel, destination, code_hash, expires_at, max_attempts)
       VALUES ($1, $2, $3, $4, $5, $6, now() + make_interval(mins => $7), $8)`,
      [id, input.userId, input.purpose, input.channel, input.destination, hashCode(this.key, id, code), this.ttlMinutes, this.env.ONE_TIME_CODE_MAX_ATTEMPTS],
    );
    return { id, code };
  }

  /**
   * Uses the user's live code for this purpose, sent to this destination, and runs `then` in
   * the same transaction: the code is used only if `then` commits. The row lock makes two
   * confirmations of one code at once succeed once. A wrong code counts a try (committed even
   * though the request fails); the last allowed wrong try ends the code.
   */
  async consume<T>(
    input: { userId: string; purpose: CodePurpose; destination: string; code: string },
    then: (manager: EntityManager) => Promise<T>,
  ): Promise<T> {
    const code = normalizeCode(input.code);
    const outcome = await this.dataSource.transaction(async (manager): Promise<{ ok: true; value: T } | { ok: false }> => {
      const [row] = (await manager.query(
        `SELECT id, code_hash, attempts, max_attempts, expires_at <= now() AS expired
         FROM one_time_codes
         WHERE user_id = $1 AND purpose = $2 AND destination = $3 AND ended_at IS NULL
         FOR UPDATE`,
        [input.userId, input.purpose, input.destination],
      )) as LiveCodeRow[];
      if (!row) return { ok: false };
      if (row.expired) {
        await manager.query('UPDATE one_time_codes SET ended_at = now() WHERE id = $1', [row.id]);
        return { ok: false };
      }
      if (!codeMatches(this.key, row.id, code, row.code_hash)) {
        await manager.query(
          `UPDATE one_time_codes SET attempts = attempts + 1,
             ended_at = CASE WHEN attempts + 1 >= max_attempts THEN now() END
           WHERE id = $1`,
          [row.id],
        );
        return { ok: false };
      }
      await manager.query('UPDATE one_time_codes SET used_at = now(), ended_at = now() WHERE id = $1', [row.id]);
      return { ok: true, value: await then(manager) };
    });
    if (!outcome.ok) throw invalidCode();
    return outcome.value;
  }
}

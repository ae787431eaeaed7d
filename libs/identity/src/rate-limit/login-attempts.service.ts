import { Injectable } from '@nestjs/common';
import { Environment } from '@psar/platform';
import { createHash } from 'node:crypto';
import { PostgresThrottlerStorage } from './postgres-throttler.storage';

export interface LoginAttempt {
  /** Seconds to wait when the attempt is refused, else 0. */
  retryAfter: number;
  /** Call when the password was right: only failures count. */
  succeeded(): Promise<void>;
}

/**
 * Limits failed logins per login (against guessing one account's password) and per IP
 * (against trying many accounts). Each attempt is counted before the password is checked,
 * so parallel guesses cannot slip past the limit; a successful login takes its hit back.
 */
@Injectable()
export class LoginAttemptsService {
  constructor(
    private readonly storage: PostgresThrottlerStorage,
    private readonly env: Environment,
  ) {}

  async begin(login: string, ip: string): Promise<LoginAttempt> {
    const windowMs = this.env.RATE_LIMIT_LOGIN_WINDOW_SECONDS * 1000;
    // Counters are keyed by a hash so the table holds no phone numbers or emails.
    const keys = [`login:${sha256(login)}`, `login-ip:${sha256(ip)}`];
    const limits = [this.env.RATE_LIMIT_LOGIN_FAILURES_PER_LOGIN, this.env.RATE_LIMIT_LOGIN_FAILURES_PER_IP];
    const records = await Promise.all(keys.map((key, i) => this.storage.increment(key, windowMs, limits[i]!, windowMs, 'login')));
    const retryAfter = Math.max(0, ...records.map((r) => (r.isBlocked ? r.timeToBlockExpire : 0)));
    return {
      retryAfter,
      succeeded: async () => {
        await Promise.all(keys.map((key) => this.storage.refund(key)));
      },
    };
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

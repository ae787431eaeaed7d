import { hash, verify } from '@node-rs/argon2';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { toWesternDigits } from '@psar/platform';
import { DataSource, EntityManager } from 'typeorm';

// argon2id as for passwords (identity's password-hash.ts); a PIN has few values, so what
// protects it is the lockout below, the hash only keeps a database leak from handing it over.
const OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const PIN_PATTERN = /^\d{4,6}$/;
/** Wrong PINs in a row before the number is locked, and for how long. */
export const PIN_MAX_FAILURES = 5;
export const PIN_LOCK_MINUTES = 30;

export type PinCheck = 'ok' | 'wrong' | 'locked' | 'unset';

export function readPin(typed: string): string | null {
  const pin = toWesternDigits(typed).trim();
  return PIN_PATTERN.test(pin) ? pin : null;
}

/**
 * The short PIN an SMS user sets at registration and gives to accept an offer: a spoofed
 * sender number alone must not accept a deal.
 */
@Injectable()
export class PinsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Inside the caller's transaction when given its manager (REGISTER sets it with the new account). */
  async set(userId: string, pin: string, manager?: EntityManager): Promise<void> {
    if (!PIN_PATTERN.test(pin)) throw new Error('A PIN is 4 to 6 digits');
    await (manager ?? this.dataSource.manager).query(
      `INSERT INTO sms_pins (user_id, pin_hash) VALUES ($1, $2)
       ON CONFLICT (user_id) DO UPDATE SET pin_hash = EXCLUDED.pin_hash, failed_attempts = 0, locked_until = NULL, updated_at = now()`,
      [userId, await hash(pin, OPTIONS)],
    );
  }

  async isSet(userId: string): Promise<boolean> {
    const rows = (await this.dataSource.query('SELECT 1 FROM sms_pins WHERE user_id = $1', [userId])) as unknown[];
    return rows.length > 0;
  }

  /** Checks a PIN; the fifth wrong one in a row locks it for half an hour. Attempts are serialized per user. */
  async check(userId: string, pin: string): Promise<PinCheck> {
    return this.dataSource.transaction(async (manager) => {
      const [row] = (await manager.query(
        'SELECT pin_hash, failed_attempts, locked_until > now() AS locked FROM sms_pins WHERE user_id = $1 FOR UPDATE',
        [userId],
      )) as Array<{ pin_hash: string; failed_attempts: number; locked: boolean | null }>;
      if (!row) return 'unset';
      if (row.locked) return 'locked';
      const ok = await verify(row.pin_hash, pin).catch(() => false);
      if (ok) {
        if (row.failed_attempts > 0) await manager.query('UPDATE sms_pins SET failed_attempts = 0, locked_until = NULL WHERE user_id = $1', [userId]);
        return 'ok';
      }
      const failures = row.failed_attempts + 1;
      const lock = failures >= PIN_MAX_FAILURES;
      await manager.query(
        `UPDATE sms_pins SET failed_attempts = $2, locked_until = CASE WHEN $3 THEN now() + make_interval(mins => $4) END WHERE user_id = $1`,
        [userId, lock ? 0 : failures, lock, PIN_LOCK_MINUTES],
      );
      return lock ? 'locked' : 'wrong';
    });
  }
}

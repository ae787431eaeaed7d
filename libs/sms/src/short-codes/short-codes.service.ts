import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { toWesternDigits } from '@psar/platform';
import { randomInt } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';

export type ShortCodeKind = 'offer' | 'demand' | 'listing' | 'session';

// No 0/O, 1/I/L, 2/Z, 5/S, 8/B: letters a person misreads on a small screen or mistypes on a keypad.
const ALPHABET = 'ACDEFGHJKMNPQRTUVWXY34679';
const LENGTH = 4;

const DIGITS = '34679';

/** Four characters with at least one digit: the parser tells a code from a word by its digit ("YES K7Q2" against "yes okay"). */
export function newShortCode(): string {
  const chars = Array.from({ length: LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]!);
  if (!chars.some((c) => DIGITS.includes(c))) chars[randomInt(LENGTH)] = DIGITS[randomInt(DIGITS.length)]!;
  return chars.join('');
}

/** Reads a code as typed: case, spaces and Khmer digits forgiven. */
export function normalizeShortCode(typed: string): string {
  return toWesternDigits(typed).toUpperCase().replace(/\s+/g, '');
}

/**
 * Four-letter codes a person types by SMS to name an offer, a demand or a training stop, one
 * set per phone number. The same thing keeps its code for that number (a unique index).
 */
@Injectable()
export class ShortCodesService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async codeFor(phone: string, kind: ShortCodeKind, targetId: string, manager?: EntityManager): Promise<string> {
    const db = manager ?? this.dataSource.manager;
    for (let attempt = 0; attempt < 20; attempt++) {
      // Taken codes (this number's) and a thing already coded both end in DO NOTHING; the SELECT tells which.
      await db.query(
        `INSERT INTO sms_short_codes (phone, code, kind, target_id) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
        [phone, newShortCode(), kind, targetId],
      );
      const [row] = (await db.query('SELECT code FROM sms_short_codes WHERE phone = $1 AND kind = $2 AND target_id = $3', [
        phone,
        kind,
        targetId,
      ])) as Array<{ code: string }>;
      if (row) return row.code;
    }
    throw new Error(`No free short code for ${phone} after 20 tries`);
  }

  /** What the code names for this number, if it names a thing of that kind. */
  async resolve(phone: string, kind: ShortCodeKind, typed: string): Promise<string | null> {
    const code = normalizeShortCode(typed);
    const [row] = (await this.dataSource.query('SELECT target_id FROM sms_short_codes WHERE phone = $1 AND code = $2 AND kind = $3', [
      phone,
      code,
      kind,
    ])) as Array<{ target_id: string }>;
    return row?.target_id ?? null;
  }
}

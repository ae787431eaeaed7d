import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';

export const CODE_LENGTH = 6;
export const CODE_PATTERN = /^[0-9]{6}$/;

export const CODE_PURPOSES = ['password_reset', 'phone_verification'] as const;
export type CodePurpose = (typeof CODE_PURPOSES)[number];
export type CodeChannel = 'sms' | 'email';

/** Six random digits, leading zeros kept: easy to type on any phone keypad. */
export function generateCode(): string {
  return String(randomInt(0, 10 ** CODE_LENGTH)).padStart(CODE_LENGTH, '0');
}

/** The key codes are hashed with: derived from the JWT secret, never that secret itself. */
export function codeHashKey(jwtSecret: string): Buffer {
  return createHmac('sha256', jwtSecret).update('psar one-time codes v1').digest();
}

/**
 * HMAC-SHA256 of the code, bound to its row's id (equal codes of two rows hash apart).
 * Not argon2: six digits are a million values, which a slow hash would only stretch to hours
 * for whoever holds a dump of the database; a key that is not in the database makes the dump
 * useless however fast the hash. Guessing online is bounded by the attempts per code.
 */
export function hashCode(key: Buffer, codeId: string, code: string): Buffer {
  return createHmac('sha256', key).update(`${codeId}:${code}`).digest();
}

export function codeMatches(key: Buffer, codeId: string, code: string, storedHash: Buffer): boolean {
  const candidate = hashCode(key, codeId, code);
  return candidate.length === storedHash.length && timingSafeEqual(candidate, storedHash);
}

/** What a person typed, as a code: Khmer digits become 0–9; spaces and dashes (`123 456`) are dropped. */
export function normalizeCode(input: string): string {
  return input.replace(/[\u17E0-\u17E9]/g, (d) => String(d.charCodeAt(0) - 0x17e0)).replace(/[\s-]/g, '');
}

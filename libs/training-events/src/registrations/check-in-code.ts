import { randomInt } from 'node:crypto';

/**
 * Crockford's base 32: digits and capitals without I, L, O and U, so a code read aloud
 * over a bad line or copied from a phone screen cannot be mistaken.
 */
export const CHECK_IN_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const CHECK_IN_CODE_LENGTH = 6;
export const CHECK_IN_CODE_PATTERN = /^[0-9A-HJKMNP-TV-Z]{6}$/;

/** A fresh code, different from every code in `taken` (the session's codes). */
export function generateCheckInCode(taken: ReadonlySet<string> = new Set(), random: (max: number) => number = randomInt): string {
  for (;;) {
    let code = '';
    for (let i = 0; i < CHECK_IN_CODE_LENGTH; i++) code += CHECK_IN_ALPHABET[random(CHECK_IN_ALPHABET.length)];
    if (!taken.has(code)) return code;
  }
}

/**
 * What staff type or scan, as stored: case, spaces and dashes ignored; O read as 0 and
 * I or L as 1 (Crockford's decoding). Null when it cannot be a code.
 */
export function normalizeCheckInCode(input: string): string | null {
  const code = input
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  return CHECK_IN_CODE_PATTERN.test(code) ? code : null;
}

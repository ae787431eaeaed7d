import { createHash, timingSafeEqual } from 'node:crypto';

const BEARER = /^Bearer +(\S+) *$/i;

/**
 * Whether an Authorization header carries `Bearer <expected>`. Compares digests in
 * constant time, so neither the token nor its length leaks through timing.
 */
export function bearerTokenMatches(header: string | undefined, expected: string): boolean {
  const given = typeof header === 'string' ? BEARER.exec(header)?.[1] : undefined;
  if (given === undefined) return false;
  return timingSafeEqual(digest(given), digest(expected));
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

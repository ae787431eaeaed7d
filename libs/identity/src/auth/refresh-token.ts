import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits: too much entropy to guess, so a fast hash is enough to store it. */
export function generateRefreshToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export const REFRESH_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

import { COMMON_PASSWORDS } from './common-passwords';

export const PASSWORD_MIN_LENGTH = 8;
/** argon2 hashes any length, but a megabyte "password" would be a cheap way to burn our CPU. */
export const PASSWORD_MAX_LENGTH = 128;

/** Why a password is refused, or null when it is acceptable. */
export function passwordProblem(password: string): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return `password must be at least ${PASSWORD_MIN_LENGTH} characters`;
  if (length > PASSWORD_MAX_LENGTH) return `password must be at most ${PASSWORD_MAX_LENGTH} characters`;
  if (COMMON_PASSWORDS.has(password.toLowerCase())) return 'password is one of the most common passwords; choose another';
  // One character repeated is as weak as any listed password.
  if (new Set(password).size === 1) return 'password must not be one character repeated';
  return null;
}

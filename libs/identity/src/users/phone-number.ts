import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/** Numbers written without a country code are Cambodian: `012 345 678` is +85512345678. */
export const DEFAULT_PHONE_REGION = 'KH';

/**
 * The E.164 form of a phone number as people type it (spaces, dashes, a leading 0 or
 * +855), or null when it is not a valid number.
 */
export function normalizePhone(input: string): string | null {
  const trimmed = input.trim();
  // Letters are never part of a number a person types; libphonenumber would read them as keypad digits.
  if (trimmed.length === 0 || trimmed.length > 32 || /[a-z]/i.test(trimmed)) return null;
  const parsed = parsePhoneNumberFromString(trimmed, DEFAULT_PHONE_REGION);
  if (!parsed || !parsed.isValid()) return null;
  return parsed.number;
}

export function normalizeEmail(input: string): string {
  return input.trim().toLowerCase();
}

export type Login = { kind: 'email'; email: string } | { kind: 'phone'; phone: string } | { kind: 'invalid' };

/** A login is an email when it has an @, else a phone number. */
export function parseLogin(input: string): Login {
  if (input.includes('@')) return { kind: 'email', email: normalizeEmail(input) };
  const phone = normalizePhone(input);
  return phone ? { kind: 'phone', phone } : { kind: 'invalid' };
}
